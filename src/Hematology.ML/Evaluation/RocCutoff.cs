namespace Hematology.ML.Evaluation;

/// <summary>
/// A cut-off chosen on a ROC curve, with its rates and Youden index J = TPR - FPR
/// (= sensitivity + specificity - 1).
/// </summary>
/// <param name="Threshold">Predict positive when score &gt;= threshold.</param>
/// <param name="Tpr">True-positive rate at the threshold.</param>
/// <param name="Fpr">False-positive rate at the threshold.</param>
internal readonly record struct RocCutoff(double Threshold, double Tpr, double Fpr)
{
    /// <summary>Youden's J statistic, TPR - FPR.</summary>
    public double YoudenJ => Tpr - Fpr;
}
