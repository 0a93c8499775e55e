using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using Hematology.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Adaptation;

/// <summary>How <see cref="LabAdapter"/> fits a lab's head.</summary>
/// <param name="Steps">Full-batch Adam steps of the head.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="Pull">Weight of the pull towards the base model's head (squared distance). It keeps the classes the lab
/// labelled no cells of, and stops 5 cells per class from overwriting what 10,767 taught.</param>
internal sealed record LabAdaptationOptions(int Steps = 300, double LearningRate = 0.01, double Pull = 0.05);

/// <summary>What <see cref="LabAdapter.Adapt"/> did.</summary>
/// <param name="CellsPerClass">Labelled cells used, by class (classes the lab did not label are absent).</param>
/// <param name="UnlabelledCells">Unlabelled cells that only informed the statistics and the zoom.</param>
/// <param name="Zoom">The lab's zoom from its red cells (<see cref="LabScale"/>; 1 = PBC's magnification).</param>
/// <param name="Stain">The lab's colour calibration to PBC's (<see cref="StainCalibration"/>); null with fewer than
/// <see cref="StainCalibration.MinimumCells"/> cells.</param>
/// <param name="CrossValidatedAccuracy">Accuracy on the labelled cells, each predicted by a head fitted without it
/// (leave-one-out up to 100 cells, 5-fold above), over the classes with at least two labelled cells; null when fewer
/// than two classes were labelled or none has two cells.</param>
/// <param name="BaseAccuracy">The base model's accuracy on the same cells, before any adaptation.</param>
/// <param name="Skipped">Files that could not be read.</param>
internal sealed record LabAdaptationResult(IReadOnlyDictionary<string, int> CellsPerClass, int UnlabelledCells, double Zoom,
    StainCalibration? Stain, double? CrossValidatedAccuracy, double? BaseAccuracy, IReadOnlyList<SkippedFile> Skipped);

/// <summary>
/// Few-shot adaptation of a network to one lab: its magnification (from the red cells), its colours, its batch-normalisation
/// statistics (from all its cells, labelled or not) and, from its labelled cells, a new classification head. The
/// backbone's weights stay: with 1-20 cells per class there is nothing more to learn safely (Chossegros 2024: a head on
/// at most 100 cells per target reaches more than 80 % on eight target sets).
/// </summary>
internal static class LabAdapter
{
    /// <summary>
    /// Adapts <paramref name="model"/> in place (its network is changed; save it with <see cref="NetworkCellClassifier.Save"/>).
    /// Without labelled cells only the zoom and the statistics change. <paramref name="progress"/> goes from 0 to 100.
    /// </summary>
    /// <exception cref="HematologyException">No readable cell, or labels the model does not know.</exception>
    public static LabAdaptationResult Adapt(NetworkCellClassifier model, IReadOnlyList<CellSample> labelled, IReadOnlyList<string> unlabelled,
        LabAdaptationOptions? options = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        options ??= new LabAdaptationOptions();
        var unknown = labelled.Select(s => s.CellClass).Distinct().Where(c => !model.Classes.Contains(c)).ToArray();
        if (unknown.Length > 0)
            throw new HematologyException($"The model has no class {string.Join(", ", unknown.Select(c => $"'{c}'"))}; its classes are {string.Join(", ", model.Classes)}.");
        var skipped = new List<SkippedFile>();
        var labelledCells = CellImageDecoder.TryDecodeAll(labelled.Select(s => s.Path).ToArray(), skipped, model.ToInput, cancellationToken);
        var unlabelledCells = CellImageDecoder.TryDecodeAll(unlabelled, skipped, model.ToInput, cancellationToken).OfType<RgbImage>().ToArray();
        var readable = Enumerable.Range(0, labelled.Count).Where(i => labelledCells[i] is not null).ToArray();
        var cells = readable.Select(i => labelledCells[i]!).ToArray();
        var labels = readable.Select(i => model.Classes.ToList().IndexOf(labelled[i].CellClass)).ToArray();
        if (cells.Length + unlabelledCells.Length == 0) throw new HematologyException("No readable cell to adapt to.");
        progress?.Report(5);

        var baseAccuracy = cells.Length == 0 ? (double?)null : Accuracy(model.PredictProbabilities(cells), labels);
        // Colours first, then the zoom from the calibrated red cells, in the order NetworkCellClassifier applies them.
        var stain = StainCalibration.Fit([.. cells, .. unlabelledCells]);
        if (stain is not null)
        {
            cells = cells.Select(stain.Apply).ToArray();
            unlabelledCells = unlabelledCells.Select(stain.Apply).ToArray();
        }
        var zoom = LabScale.Zoom([.. cells, .. unlabelledCells]);
        if (zoom != 1)
        {
            cells = cells.Select(c => Magnification.Zoom(c, zoom)).ToArray();
            unlabelledCells = unlabelledCells.Select(c => Magnification.Zoom(c, zoom)).ToArray();
        }
        // Every symmetric view counts for the statistics: a few dozen cells are eight times as many views.
        RgbImage[] all = [.. cells, .. unlabelledCells];
        new Random(0).Shuffle(all);
        BatchStatistics.Recompute(model.Network, all.Chunk(model.BatchSize).SelectMany(b => Enumerable.Range(0, 8).Select(v => (Func<Tensor>)(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return NetworkCellClassifier.DihedralViews(model.ToInputBatch(b).ToTensors(model.Device).Images, 8).ElementAt(v);
        }))));
        progress?.Report(30);

        double? crossValidated = null;
        if (labels.Distinct().Count() >= 2)
        {
            var head = Head(model.Network);
            var features = HeadInputs(model, head, cells, cancellationToken);
            progress?.Report(50);
            crossValidated = CrossValidate(head, features, labels, options, cancellationToken);
            progress?.Report(85);
            var (weight, bias) = FitHead(head, features, labels, Enumerable.Range(0, labels.Length).ToArray(), options);
            using (no_grad())
            {
                head.weight!.copy_(weight);
                head.bias!.copy_(bias);
            }
        }
        progress?.Report(100);
        var perClass = labels.GroupBy(l => model.Classes[l]).ToDictionary(g => g.Key, g => g.Count());
        return new LabAdaptationResult(perClass, unlabelledCells.Length, zoom, stain, crossValidated, baseAccuracy, skipped);
    }

    /// <summary>
    /// Writes the adapted model: its network (new statistics and head) with the lab's zoom and colour calibration in its
    /// header, so that it classifies the lab's cells as they were adapted to.
    /// </summary>
    public static void Save(NetworkCellClassifier model, LabAdaptationResult adaptation, string path, IReadOnlyDictionary<string, object?>? training = null) =>
        NetworkCellClassifier.Save(model.Network, model.Header with
        {
            InputZoom = adaptation.Zoom,
            InputStainCalibration = adaptation.Stain is { } stain ? [.. stain.Gain, .. stain.Offset] : null,
            TestTimeViews = model.TestTimeViews,
            Training = training ?? model.Header.Training,
        }, path);

    // The classification head: the network's last linear layer.
    private static Linear Head(nn.Module network) =>
        network.modules().OfType<Linear>().LastOrDefault() ?? throw new HematologyException("The network has no linear head to adapt.");

    // What the head sees for each cell, in its eight symmetric views: (cells, views, features).
    private static float[][][] HeadInputs(NetworkCellClassifier model, Linear head, RgbImage[] cells, CancellationToken cancellationToken)
    {
        var captured = new List<float[]>();
        var width = (int)head.weight!.shape[1];
        var hook = head.register_forward_pre_hook((_, input) =>
        {
            var flat = input.detach().cpu().data<float>().ToArray();
            for (var i = 0; i < flat.Length / width; i++) captured.Add(flat.AsSpan(i * width, width).ToArray());
            return input;
        });
        try
        {
            var result = new float[cells.Length][][];
            using var noGrad = no_grad();
            for (var i = 0; i < cells.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                captured.Clear();
                foreach (var view in NetworkCellClassifier.DihedralViews(model.ToInputBatch([cells[i]]).ToTensors(model.Device).Images, 8))
                    model.Network.call(view);
                result[i] = [.. captured];
            }
            return result;
        }
        finally
        {
            hook.remove();
        }
    }

    private static double? CrossValidate(Linear head, float[][][] features, int[] labels, LabAdaptationOptions options, CancellationToken cancellationToken)
    {
        var n = labels.Length;
        // Only a cell whose class keeps another labelled cell can be held out: with one cell of a class there is
        // nothing to learn it from, and counting it wrong would say nothing about the head.
        var testable = Enumerable.Range(0, n).Where(i => labels.Count(l => l == labels[i]) >= 2).ToArray();
        if (testable.Length == 0) return null;
        var folds = testable.Length <= 100 ? testable.Length : 5;
        var correct = 0;
        for (var fold = 0; fold < folds; fold++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var held = testable.Where((_, k) => k % folds == fold).ToArray();
            var (weight, bias) = FitHead(head, features, labels, Enumerable.Range(0, n).Except(held).ToArray(), options);
            foreach (var i in held)
            {
                using var scope = NewDisposeScope();
                var logits = tensor(features[i].SelectMany(v => v).ToArray(), [features[i].Length, features[i][0].Length]).matmul(weight.t()).add(bias, HeldScalars.One);
                if (logits.softmax(1).mean([0]).argmax().item<long>() == labels[i]) correct++;
            }
            weight.Dispose();
            bias.Dispose();
        }
        return (double)correct / testable.Length;
    }

    // Multinomial logistic regression on the head inputs of the chosen cells (all their views), started from and pulled
    // towards the base head, over the classes they hold.
    private static (Tensor Weight, Tensor Bias) FitHead(Linear head, float[][][] features, int[] labels, int[] chosen, LabAdaptationOptions options)
    {
        var w0 = head.weight!.detach().cpu().clone();
        var b0 = head.bias!.detach().cpu().clone();
        using var scope = NewDisposeScope();
        var rows = chosen.SelectMany(i => features[i]).ToArray();
        var x = tensor(rows.SelectMany(v => v).ToArray(), [rows.Length, rows[0].Length]);
        // The softmax runs over the labelled classes only: a class the lab labelled no cell of is neither learnt nor
        // pushed down (a softmax over all classes would teach that it never occurs), so its row stays the base model's.
        var present = chosen.Select(i => labels[i]).Distinct().Order().ToArray();
        var columns = tensor(present.Select(c => (long)c).ToArray());
        var y = tensor(chosen.SelectMany(i => Enumerable.Repeat((long)Array.IndexOf(present, labels[i]), features[i].Length)).ToArray());
        var weight = new Parameter(w0.clone());
        var bias = new Parameter(b0.clone());
        using var pull = options.Pull.ToScalar();
        using var minusOne = (-1L).ToScalar();
        // The project's Adam, not TorchSharp's: its step's temporary Scalars died with "Unknown scalar type" partway
        // through the adaptation curve (see NetworkOptimizer); the loss below holds its Scalars for the same reason.
        using var adam = new AdamWOptimizer([weight, bias], options.LearningRate);
        for (var step = 0; step < options.Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            adam.ZeroGrad();
            var logits = x.matmul(weight.index_select(0, columns).t()).add(bias.index_select(0, columns), HeldScalars.One);
            var penalty = weight.add(w0, minusOne).square().sum().add(bias.add(b0, minusOne).square().sum(), HeldScalars.One);
            nn.functional.cross_entropy(logits, y).add(penalty, pull).backward();
            adam.Step();
        }
        var result = (weight.detach().clone().MoveToOuterDisposeScope(), bias.detach().clone().MoveToOuterDisposeScope());
        w0.Dispose();
        b0.Dispose();
        return result;
    }

    private static double Accuracy(float[][] probabilities, int[] labels) =>
        labels.Where((label, i) => Array.IndexOf(probabilities[i], probabilities[i].Max()) == label).Count() / (double)labels.Length;
}
