namespace Hematology.ML.Evaluation;

/// <summary>
/// One-versus-all metrics of one class (thesis ch. 4.5). Undefined ratios are 0.
/// </summary>
/// <param name="ClassName">The class.</param>
/// <param name="Sensitivity">Sensitivity / recall / TPR = TP / (TP + FN).</param>
/// <param name="Specificity">Specificity = TN / (TN + FP).</param>
/// <param name="Precision">Precision = TP / (TP + FP).</param>
/// <param name="F1">F1 = 2·P·R / (P + R).</param>
/// <param name="Support">Number of samples whose true class is this class.</param>
/// <param name="Auc">One-versus-all ROC AUC, or null when no scores were supplied.</param>
public sealed record ClassMetrics(
    string ClassName, double Sensitivity, double Specificity, double Precision, double F1, int Support, double? Auc);
