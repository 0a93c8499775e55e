using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Evaluation;

namespace Hematology.ML.Adaptation;

/// <summary>One family of the shifted set, scored: balanced accuracy (mean recall per class) is the headline, as in
/// cross-lab studies, since other labs' sets are rarely balanced.</summary>
public sealed record ShiftScore(string Family, bool AdaptedToInput, int Cells, double Accuracy, double BalancedAccuracy);

/// <summary>Scores a classifier on every folder of a <see cref="ShiftedValidationSet"/>.</summary>
public static class ShiftEvaluation
{
    /// <summary>
    /// Each family folder under <paramref name="root"/>, classified as a whole (a family is one "lab"), with and without
    /// adapting to the input where the classifier can (<see cref="ILabAdaptable"/>).
    /// </summary>
    public static IReadOnlyList<ShiftScore> Run(ICellClassifier classifier, string root, IProgress<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var scores = new List<ShiftScore>();
        string[] families = [ShiftedValidationSet.InDomain, .. LabShift.Families];
        bool[] modes = classifier is ILabAdaptable ? [false, true] : [false];
        foreach (var family in families)
        {
            var folder = Path.Combine(root, family);
            if (!Directory.Exists(folder)) throw new HematologyException($"The shifted set at '{root}' has no '{family}' folder; build it again.");
            var samples = CellImageFolder.Load(folder).Samples.Where(s => classifier.LabelOf(s.CellClass) is not null).ToArray();
            foreach (var adapt in modes)
            {
                progress?.Report($"{family}{(adapt ? ", adapted" : "")}");
                if (classifier is ILabAdaptable adaptable) adaptable.AdaptToInput = adapt;
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
        var truth = scored.Select(i => IndexOf(classes, classifier.LabelOf(samples[i].CellClass)!)).ToArray();
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
