namespace Hematology.ML.Evaluation;

/// <summary>
/// Macro averages: the unweighted mean over classes of the per-class metrics, so every class weighs
/// the same whatever its size (thesis ch. 4.5).
/// </summary>
/// <param name="Sensitivity">Mean sensitivity.</param>
/// <param name="Specificity">Mean specificity.</param>
/// <param name="Precision">Mean precision.</param>
/// <param name="F1">Mean of the per-class F1 values (not the F1 of the mean precision and recall).</param>
/// <param name="Auc">Mean one-versus-all AUC, or null when no scores were supplied.</param>
public sealed record MacroMetrics(double Sensitivity, double Specificity, double Precision, double F1, double? Auc);
