using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Evaluation;
using Hematology.ML.Features.Classifiers;
using Hematology.ML.Imaging;

namespace Hematology.ML.Features;

/// <summary>Options of <see cref="FeatureCellClassifierTrainer"/>.</summary>
public sealed record FeatureTrainingOptions
{
    /// <summary>The features to compute (default: deep + quantitative features at 128 px).</summary>
    internal FeatureSpec Spec { get; init; } = FeatureSpec.DeepAndQuantitative();

    /// <summary>Classifier name from <see cref="FeatureClassifierCatalog"/>.</summary>
    public string Classifier { get; init; } = FeatureClassifierCatalog.MaximumEntropy;

    /// <summary>How cell classes map to learned labels.</summary>
    internal LabelGrouping Grouping { get; init; } = LabelGrouping.Pbc8;

    /// <summary>Seed of every random choice (folds, solvers).</summary>
    public int Seed { get; init; }

    /// <summary>Feature cache (default: none).</summary>
    internal FeatureCache Cache { get; init; } = new(null);
}

/// <summary>
/// The estimator of the feature-based recogniser: featurise labelled images, then <see cref="Fit"/>
/// a standardiser and a classifier, or <see cref="CrossValidate"/> them.
/// </summary>
public sealed class FeatureCellClassifierTrainer(FeatureTrainingOptions options)
{
    /// <summary>The options in force.</summary>
    public FeatureTrainingOptions Options { get; } = options;

    /// <summary>
    /// Features and labels of <paramref name="samples"/>; samples whose class is outside the grouping
    /// and unreadable images are skipped and listed.
    /// </summary>
    public FeatureTrainingSet Featurize(IReadOnlyList<CellSample> samples, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var skipped = new List<SkippedFile>();
        var usable = new List<CellSample>();
        foreach (var s in samples)
        {
            if (Options.Grouping.GroupOf(s.CellClass) is null) skipped.Add(new SkippedFile(s.Path, $"class '{s.CellClass}' is not part of grouping '{Options.Grouping.Name}'"));
            else usable.Add(s);
        }
        using var extractor = new CellFeatureExtractor(Options.Spec, Options.Cache);
        var extraction = extractor.Extract(usable.Select(s => s.Path).ToArray(), progress, cancellationToken);
        skipped.AddRange(extraction.Skipped);
        var classes = Options.Grouping.Groups;
        var kept = Enumerable.Range(0, usable.Count).Where(i => extraction.PerView[i] is not null).ToArray();
        return new FeatureTrainingSet(classes,
            kept.Select(i => usable[i]).ToArray(),
            kept.Select(i => extraction.PerView[i]!).ToArray(),
            kept.Select(i => IndexOf(classes, Options.Grouping.GroupOf(usable[i].CellClass)!)).ToArray(),
            skipped);
    }

    /// <summary>Fits on all images of <paramref name="set"/> (or those in <paramref name="images"/>).</summary>
    public FeatureCellClassifier Fit(FeatureTrainingSet set, IReadOnlyList<int>? images = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        images ??= Enumerable.Range(0, set.Samples.Count).ToArray();
        if (images.Count == 0) throw new HematologyException("No readable training images.");
        var missing = Enumerable.Range(0, set.Classes.Count).Where(c => !images.Any(i => set.Labels[i] == c)).Select(c => set.Classes[c]).ToArray();
        if (missing.Length > 0) throw new HematologyException($"No training images for class(es): {string.Join(", ", missing)}.");
        var (rows, labels) = set.TrainingRows(images);
        var standardizer = FeatureStandardizer.Fit(rows);
        var standardized = rows.Select(standardizer.Transform).ToArray();
        var trainer = FeatureClassifierCatalog.Create(Options.Classifier, Options.Spec.Length, Options.Seed);
        var classifier = trainer.Fit(standardized, labels, set.Classes.Count, progress, cancellationToken);
        return new FeatureCellClassifier(set.Classes, Options.Spec, standardizer, classifier, Options.Grouping);
    }

    /// <summary>
    /// Stratified k-fold cross-validation over images (all views of an image stay in one fold):
    /// fit on k-1 folds, score the held-out fold, summarise mean and standard deviation.
    /// </summary>
    public CrossValidationSummary CrossValidate(FeatureTrainingSet set, int folds = 5, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var splits = StratifiedKFold.Split(set.Labels, folds, Options.Seed);
        var metrics = new List<ClassificationMetrics>();
        foreach (var split in splits)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = Fit(set, split.TrainIndices, null, cancellationToken);
            metrics.Add(Score(model, set, split.TestIndices));
            progress?.Report((double)metrics.Count / splits.Count);
        }
        return CrossValidationSummary.FromFolds(metrics, Options.Classifier);
    }

    /// <summary>Metrics of <paramref name="model"/> on the selected images of a featurised set.</summary>
    public static ClassificationMetrics Score(FeatureCellClassifier model, FeatureTrainingSet set, IReadOnlyList<int> images)
    {
        var probabilities = model.PredictProbabilities(set.ScoringRows(images));
        var truth = images.Select(i => set.Labels[i]).ToArray();
        var predicted = probabilities.Select(CellPrediction.MostProbable).ToArray();
        return ClassificationMetrics.FromPredictions(set.Classes, truth, predicted,
            probabilities.Select(p => (IReadOnlyList<double>)p.Select(v => (double)v).ToArray()).ToArray());
    }

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++) if (list[i] == value) return i;
        throw new InvalidOperationException($"'{value}' is not a label.");
    }
}
