using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Evaluation;

namespace Hematology.ML.Adaptation;

/// <summary>One family of the shifted set, scored: balanced accuracy (mean recall per class) is the headline, as in
/// cross-lab studies, since other labs' sets are rarely balanced.</summary>
internal sealed record ShiftScore(string Family, bool AdaptedToInput, int Cells, double Accuracy, double BalancedAccuracy);

/// <summary>Scores a classifier on every folder of a <see cref="ShiftedValidationSet"/>.</summary>
internal static class ShiftEvaluation
{
    /// <summary>
    /// Each family folder under <paramref name="root"/>, classified as a whole (a family is one "lab"), with and without
    /// adapting to the input where the classifier can (<see cref="ICellClassifier.Adaptation"/>).
    /// </summary>
    public static IReadOnlyList<ShiftScore> Run(ICellClassifier classifier, string root, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var scores = new List<ShiftScore>();
        string[] families = [ShiftedValidationSet.InDomain, .. LabShift.Families];
        var adaptable = classifier.Adaptation;
        bool[] modes = adaptable is null ? [false] : [false, true];
        foreach (var family in families)
        {
            var folder = Path.Combine(root, family);
            if (!Directory.Exists(folder)) throw new HematologyException($"The shifted set at '{root}' has no '{family}' folder; build it again.");
            var samples = CellImageFolder.Load(folder).Samples.Where(s => s.LabelFor(classifier) is not null).ToArray();
            foreach (var adapt in modes)
            {
                progress?.Report($"{family}{(adapt ? ", adapted" : "")}");
                if (adaptable is not null) adaptable.AdaptToInput = adapt;
                var classification = classifier.Classify(samples.Select(s => s.Path).ToArray(), cancellationToken: cancellationToken);
                scores.Add(Score(family, adapt, classifier, samples, classification));
            }
        }
        return scores;
    }

    /// <summary>Accuracy and balanced accuracy of one classified folder (unreadable files left out).</summary>
    public static ShiftScore Score(string family, bool adapted, ICellClassifier classifier, IReadOnlyList<CellSample> samples, CellClassification classification)
    {
        var scored = Enumerable.Range(0, samples.Count).Where(i => classification.Predictions[i] is not null).ToArray();
        var classes = classifier.Classes;
        var truth = scored.Select(i => IndexOf(classes, samples[i].LabelFor(classifier)!)).ToArray();
        var predicted = scored.Select(i => IndexOf(classes, classification.Predictions[i]!.PredictedClass)).ToArray();
        var metrics = ClassificationMetrics.FromPredictions(classes, truth, predicted, null);
        var present = truth.Distinct().ToArray();
        var balanced = present.Average(c => (double)Enumerable.Range(0, truth.Length).Count(k => truth[k] == c && predicted[k] == c) / truth.Count(t => t == c));
        return new ShiftScore(family, adapted, scored.Length, metrics.Accuracy, balanced);
    }

    private static int IndexOf(IReadOnlyList<string> classes, string name)
    {
        for (var i = 0; i < classes.Count; i++) if (classes[i] == name) return i;
        return -1;
    }
}

/// <summary>One point of the adaptation curve: a family adapted to with <paramref name="Shots"/> labelled cells per class.</summary>
internal sealed record AdaptationPoint(string Family, int Shots, int TestCells, double BalancedAccuracy, double? CrossValidatedAccuracy);

/// <summary>
/// The adaptation curve on the shifted set: for each family, the first <c>shots</c> cells per class (file order) adapt
/// a fresh copy of the model (<see cref="LabAdapter"/>), and the family's other cells score it, as a lab would.
/// </summary>
internal static class AdaptationCurve
{
    /// <summary>Runs every family for every shot count; <paramref name="load"/> gives a fresh base model each time.</summary>
    public static IReadOnlyList<AdaptationPoint> Run(Func<Networks.NetworkCellClassifier> load, string root, IReadOnlyList<string> families,
        IReadOnlyList<int> shots, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var points = new List<AdaptationPoint>();
        foreach (var family in families)
        {
            var samples = CellImageFolder.Load(Path.Combine(root, family)).Samples;
            foreach (var n in shots)
            {
                progress?.Report($"{family}, {n} per class");
                var labelled = samples.GroupBy(s => s.CellClass).SelectMany(g => g.OrderBy(s => s.FileName, StringComparer.Ordinal).Take(n)).ToArray();
                var rest = samples.Except(labelled).ToArray();
                using var model = load();
                var result = LabAdapter.Adapt(model, labelled, [], cancellationToken: cancellationToken);
                // As the adapted model file would classify: the lab's zoom and colours fixed, the statistics adapted.
                using var adapted = Reloaded(model, result);
                adapted.AdaptToInput = true;
                var score = ShiftEvaluation.Score(family, true, adapted, rest, adapted.Classify(rest.Select(s => s.Path).ToArray(), cancellationToken: cancellationToken));
                points.Add(new AdaptationPoint(family, n, rest.Length, score.BalancedAccuracy, result.CrossValidatedAccuracy));
            }
        }
        return points;
    }

    private static Networks.NetworkCellClassifier Reloaded(Networks.NetworkCellClassifier model, LabAdaptationResult result)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hemato-adapted-{Guid.NewGuid():N}.hmlm");
        try
        {
            LabAdapter.Save(model, result, path);
            return Networks.NetworkCellClassifier.Load(path, model.Device.type == TorchSharp.DeviceType.CUDA ? "cuda" : "cpu");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
