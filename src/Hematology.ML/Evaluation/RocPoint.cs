namespace Hematology.ML.Evaluation;

/// <summary>
/// One operating point of a ROC curve: predicting "positive" whenever the score is
/// <c>&gt;= Threshold</c> gives this false-positive rate and true-positive rate.
/// </summary>
/// <param name="Fpr">False-positive rate, FP / (FP + TN) = 1 - specificity.</param>
/// <param name="Tpr">True-positive rate (sensitivity), TP / (TP + FN).</param>
/// <param name="Threshold">Score cut-off; <see cref="double.PositiveInfinity"/> for the (0, 0) point where nothing is positive.</param>
public readonly record struct RocPoint(double Fpr, double Tpr, double Threshold);
