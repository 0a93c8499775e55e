using System.Text.Json.Serialization;

namespace Hematology.ML.Evaluation;

/// <summary>
/// Summary of a k-fold cross-validation: per-fold accuracy and macro F1 with their mean and
/// sample standard deviation (n - 1 denominator: the folds are a sample of possible splits).
/// Serialise with <see cref="EvaluationJson"/>.
/// </summary>
public sealed class CrossValidationSummary
{
    /// <summary>Per-fold results in fold order.</summary>
    [JsonPropertyName("folds")] public IReadOnlyList<FoldResult> Folds { get; init; } = [];

    /// <summary>Mean fold accuracy.</summary>
    [JsonPropertyName("mean_accuracy")] public double MeanAccuracy { get; init; }

    /// <summary>Sample standard deviation of the fold accuracies (0 with fewer than two folds).</summary>
    [JsonPropertyName("std_accuracy")] public double StdAccuracy { get; init; }

    /// <summary>Mean fold macro F1.</summary>
    [JsonPropertyName("mean_macro_f1")] public double MeanMacroF1 { get; init; }

    /// <summary>Sample standard deviation of the fold macro F1 values (0 with fewer than two folds).</summary>
    [JsonPropertyName("std_macro_f1")] public double StdMacroF1 { get; init; }

    /// <summary>Optional model description.</summary>
    [JsonPropertyName("model")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; init; }

    /// <summary>Summarises the given folds.</summary>
    /// <exception cref="ArgumentException">No folds.</exception>
    public static CrossValidationSummary FromFolds(IEnumerable<FoldResult> folds, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(folds);
        var list = folds.OrderBy(f => f.Fold).ToArray();
        if (list.Length == 0) throw new ArgumentException("At least one fold is required.", nameof(folds));
        var acc = list.Select(f => f.Accuracy).ToArray();
        var f1 = list.Select(f => f.MacroF1).ToArray();
        return new CrossValidationSummary
        {
            Folds = list,
            MeanAccuracy = SafeMath.Mean(acc),
            StdAccuracy = SafeMath.SampleStandardDeviation(acc),
            MeanMacroF1 = SafeMath.Mean(f1),
            StdMacroF1 = SafeMath.SampleStandardDeviation(f1),
            Model = model,
        };
    }

    /// <summary>Summarises the metrics of each fold (fold index = position in the list).</summary>
    public static CrossValidationSummary FromFolds(IReadOnlyList<ClassificationMetrics> foldMetrics, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(foldMetrics);
        return FromFolds(foldMetrics.Select((m, i) => FoldResult.From(i, m)), model);
    }
}
