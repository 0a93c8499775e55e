using System.Text.Json.Serialization;

namespace Hematology.ML.Evaluation;

/// <summary>Headline metrics of one cross-validation fold.</summary>
public sealed class FoldResult
{
    /// <summary>Fold index (0-based).</summary>
    [JsonPropertyName("fold")] public int Fold { get; init; }

    /// <summary>Accuracy on the fold's held-out samples (0-1).</summary>
    [JsonPropertyName("accuracy")] public double Accuracy { get; init; }

    /// <summary>Macro F1 on the fold's held-out samples (0-1).</summary>
    [JsonPropertyName("macro_f1")] public double MacroF1 { get; init; }

    /// <summary>Fold metrics from the fold's evaluation.</summary>
    public static FoldResult From(int fold, ClassificationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new FoldResult { Fold = fold, Accuracy = metrics.Accuracy, MacroF1 = metrics.Macro.F1 };
    }
}
