using System.Text.Json.Serialization;

namespace Hematology.ML.Evaluation;

/// <summary>
/// Serialisable summary of one evaluation run. The snake_case JSON keys are a contract with the
/// <c>hemato</c> CLI and with tools that compare runs: do not rename them.
/// </summary>
public sealed class EvaluationResult
{
    /// <summary>Accuracy, correct / total (0-1).</summary>
    [JsonPropertyName("accuracy")] public double Accuracy { get; set; }

    /// <summary>95 % Wilson score interval of the accuracy, [lower, upper].</summary>
    [JsonPropertyName("accuracy_ci95")] public double[] AccuracyCi95 { get; set; } = [0, 0];

    /// <summary>Number of images evaluated (the confusion-matrix total).</summary>
    [JsonPropertyName("n_images")] public int NImages { get; set; }

    /// <summary>Number of files that could not be read and were skipped.</summary>
    [JsonPropertyName("n_skipped")] public int NSkipped { get; set; }

    /// <summary>Class names; the order of every per-class array.</summary>
    [JsonPropertyName("classes")] public string[] Classes { get; set; } = [];

    /// <summary>Confusion counts, rows = true class, columns = predicted class.</summary>
    [JsonPropertyName("confusion")] public int[][] Confusion { get; set; } = [];

    /// <summary>Confusion row percentages (0-100), rows = true class.</summary>
    [JsonPropertyName("confusion_row_percent")] public double[][] ConfusionRowPercent { get; set; } = [];

    /// <summary>Per-class metrics keyed by class name, in class order.</summary>
    [JsonPropertyName("per_class")] public Dictionary<string, PerClassResult> PerClass { get; set; } = [];

    /// <summary>Macro (unweighted) averages.</summary>
    [JsonPropertyName("macro")] public MacroResult Macro { get; set; } = new();

    /// <summary>Model description (path, name or kind), optional.</summary>
    [JsonPropertyName("model")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Model { get; set; }

    /// <summary>Dataset description (path or name), optional.</summary>
    [JsonPropertyName("dataset")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Dataset { get; set; }

    /// <summary>One-versus-all ROC curve per class name; empty when no scores were available.</summary>
    [JsonPropertyName("roc")] public Dictionary<string, RocResult> Roc { get; set; } = [];

    /// <summary>Builds the result from computed metrics.</summary>
    /// <param name="metrics">The metrics of the evaluated images.</param>
    /// <param name="nSkipped">Number of unreadable files that were skipped.</param>
    /// <param name="model">Optional model description.</param>
    /// <param name="dataset">Optional dataset description.</param>
    public static EvaluationResult From(ClassificationMetrics metrics, int nSkipped = 0, string? model = null, string? dataset = null)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfNegative(nSkipped);
        var (lo, hi) = metrics.AccuracyCi95;
        var result = new EvaluationResult
        {
            Accuracy = metrics.Accuracy,
            AccuracyCi95 = [lo, hi],
            NImages = metrics.Matrix.Total,
            NSkipped = nSkipped,
            Classes = metrics.ClassNames.ToArray(),
            Confusion = metrics.Matrix.ToArray(),
            ConfusionRowPercent = metrics.Matrix.ToRowPercentArray(),
            Macro = new MacroResult
            {
                Sensitivity = metrics.Macro.Sensitivity,
                Specificity = metrics.Macro.Specificity,
                Precision = metrics.Macro.Precision,
                F1 = metrics.Macro.F1,
                Auc = metrics.Macro.Auc,
            },
            Model = model,
            Dataset = dataset,
        };
        foreach (var m in metrics.PerClass)
        {
            result.PerClass[m.ClassName] = new PerClassResult
            {
                Sensitivity = m.Sensitivity,
                Specificity = m.Specificity,
                Precision = m.Precision,
                F1 = m.F1,
                Support = m.Support,
                Auc = m.Auc,
            };
        }
        if (metrics.RocCurves is { } curves)
        {
            for (int c = 0; c < curves.Count; c++)
                result.Roc[metrics.ClassNames[c]] = new RocResult { Fpr = curves[c].FalsePositiveRates, Tpr = curves[c].TruePositiveRates };
        }
        return result;
    }
}

/// <summary>Per-class entry of <see cref="EvaluationResult.PerClass"/>.</summary>
public sealed class PerClassResult
{
    /// <summary>TP / (TP + FN).</summary>
    [JsonPropertyName("sensitivity")] public double Sensitivity { get; set; }

    /// <summary>TN / (TN + FP).</summary>
    [JsonPropertyName("specificity")] public double Specificity { get; set; }

    /// <summary>TP / (TP + FP).</summary>
    [JsonPropertyName("precision")] public double Precision { get; set; }

    /// <summary>2PR / (P + R).</summary>
    [JsonPropertyName("f1")] public double F1 { get; set; }

    /// <summary>Number of images of this true class.</summary>
    [JsonPropertyName("support")] public int Support { get; set; }

    /// <summary>One-versus-all AUC; null when no scores were available.</summary>
    [JsonPropertyName("auc")] public double? Auc { get; set; }
}

/// <summary>Macro averages entry of <see cref="EvaluationResult.Macro"/>.</summary>
public sealed class MacroResult
{
    /// <summary>Mean sensitivity over classes.</summary>
    [JsonPropertyName("sensitivity")] public double Sensitivity { get; set; }

    /// <summary>Mean specificity over classes.</summary>
    [JsonPropertyName("specificity")] public double Specificity { get; set; }

    /// <summary>Mean precision over classes.</summary>
    [JsonPropertyName("precision")] public double Precision { get; set; }

    /// <summary>Mean F1 over classes.</summary>
    [JsonPropertyName("f1")] public double F1 { get; set; }

    /// <summary>Mean one-versus-all AUC; null when no scores were available.</summary>
    [JsonPropertyName("auc")] public double? Auc { get; set; }
}

/// <summary>ROC curve entry of <see cref="EvaluationResult.Roc"/>, points from (0, 0) to (1, 1).</summary>
public sealed class RocResult
{
    /// <summary>False-positive rates.</summary>
    [JsonPropertyName("fpr")] public double[] Fpr { get; set; } = [];

    /// <summary>True-positive rates.</summary>
    [JsonPropertyName("tpr")] public double[] Tpr { get; set; } = [];
}
