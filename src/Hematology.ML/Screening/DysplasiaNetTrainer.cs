using Hematology.ML.Datasets;
using Hematology.ML.Evaluation;
using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using Hematology.ML.Training;

namespace Hematology.ML.Screening;

/// <summary>
/// Trains DysplasiaNet (or a candidate M2-M8) on labelled neutrophils (<c>dysplastic/</c>, <c>normal/</c>)
/// with the library's <see cref="NetworkTrainer"/> (one logit, binary cross-entropy), keeps the best
/// epoch by validation accuracy, and scores the validation cells with the saved model, so the
/// by-cell ROC is that of the file a user gets, not of the weights in memory.
/// </summary>
internal sealed class DysplasiaNetTrainer(DysplasiaTrainingRecipe recipe)
{
    /// <summary>The recipe of every run.</summary>
    public DysplasiaTrainingRecipe Recipe { get; } = recipe;

    /// <summary>
    /// Trains on <paramref name="train"/>, chooses the epoch on <paramref name="validation"/>, writes the model
    /// file <paramref name="modelPath"/> (checkpoints and logs in <paramref name="workDirectory"/>); the
    /// provenance (command, data, simulated or not) goes into the file.
    /// </summary>
    public DysplasiaTrainingRun Train(IReadOnlyList<CellSample> train, IReadOnlyList<CellSample> validation, string workDirectory, string modelPath,
        IReadOnlyDictionary<string, object?> provenance, Action<EpochRecord>? onEpoch = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        DysplasiaClasses.Require(train.Select(s => s.CellClass), "training neutrophils");
        DysplasiaClasses.Require(validation.Select(s => s.CellClass), "validation neutrophils");
        var options = new NetworkTrainingOptions
        {
            Network = NetworkRegistry.Describe(Recipe.Network).Name, Classes = DysplasiaClasses.TrainingOrder, InputSize = Recipe.InputSize,
            OutputDirectory = workDirectory, Epochs = Recipe.Epochs, BatchSize = Recipe.BatchSize, LearningRate = Recipe.LearningRate,
            Patience = 0, Augment = Recipe.Augment, Seed = Recipe.Seed, Device = Recipe.Device,
        };
        var trainer = new NetworkTrainer(options);
        var trainBatches = new CellImageBatches(train, options.Classes, Recipe.InputSize, null, cancellationToken);
        var validationBatches = new CellImageBatches(validation, options.Classes, Recipe.InputSize, null, cancellationToken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var state = trainer.Train(trainBatches, validationBatches, onEpoch, cancellationToken, progress);
        var seconds = clock.Elapsed.TotalSeconds;

        var training = new Dictionary<string, object?>(provenance)
        {
            ["seed"] = Recipe.Seed, ["epochs"] = Recipe.Epochs, ["best_epoch"] = state.BestEpoch, ["learning_rate"] = Recipe.LearningRate,
            ["val_accuracy"] = Math.Round(state.BestValidationAccuracy, 4),
        };
        using (var best = NetworkRegistry.Create(options.Network, 2, Recipe.InputSize, weightsFile: Path.Combine(workDirectory, NetworkTrainer.BestWeightsFile)))
            NetworkCellClassifier.Save(best, new NetworkModelHeader(options.Network, Recipe.InputSize, options.Classes, training), modelPath);

        using var scorer = DysplasiaScorer.Load(modelPath, Recipe.Device);
        var skipped = new List<SkippedFile>();
        var scores = scorer.ScoreFiles(validation.Select(s => s.Path).ToArray(), skipped, null, cancellationToken);
        var labels = validation.Select(s => s.CellClass == DysplasiaClasses.Dysplastic).ToArray();
        var byCell = ByCellEvaluation.Compute(scores, labels);
        return new DysplasiaTrainingRun(options.Network, Recipe.InputSize, state.BestEpoch, state.BestValidationAccuracy, byCell,
            seconds, train.Count * (double)state.CompletedEpochs / Math.Max(seconds, 1e-9));
    }

    /// <summary>
    /// Stratified k-fold cross-validation on one labelled set: each fold trains on the others (the epoch
    /// chosen on the held-out fold, as the thesis's CV did) and reports the held-out fold's by-cell AUC and
    /// accuracy at 0.5.
    /// </summary>
    public IReadOnlyList<DysplasiaTrainingRun> CrossValidate(IReadOnlyList<CellSample> samples, int folds, string workDirectory,
        IReadOnlyDictionary<string, object?> provenance, Action<int, EpochRecord>? onEpoch = null, CancellationToken cancellationToken = default)
    {
        DysplasiaClasses.Require(samples.Select(s => s.CellClass), "cross-validation neutrophils");
        var runs = new List<DysplasiaTrainingRun>();
        foreach (var split in StratifiedKFold.Split(samples.Select(s => s.CellClass).ToArray(), folds, Recipe.Seed))
        {
            var directory = Path.Combine(workDirectory, $"fold-{split.Fold + 1}");
            runs.Add(Train(split.TrainIndices.Select(i => samples[i]).ToArray(), split.TestIndices.Select(i => samples[i]).ToArray(),
                directory, Path.Combine(directory, "model.hmlm"), provenance, e => onEpoch?.Invoke(split.Fold + 1, e), null, cancellationToken));
        }
        return runs;
    }
}

/// <summary>What one training run measured on its validation (or held-out) neutrophils.</summary>
internal sealed record DysplasiaTrainingRun(string Network, int InputSize, int BestEpoch, double ValidationAccuracy, ByCellEvaluation ByCell,
    double TrainSeconds, double TrainImagesPerSecond);
