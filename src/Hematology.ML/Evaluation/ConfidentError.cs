namespace Hematology.ML.Evaluation;

/// <summary>A misclassified image and how sure the model was of its wrong answer.</summary>
/// <param name="TrueClass">The image's labelled class.</param>
/// <param name="PredictedClass">The class the model gave it.</param>
/// <param name="File">The image's path, as evaluated (show only its name: folders may carry patient identifiers).</param>
/// <param name="Probability">The model's probability of <paramref name="PredictedClass"/> for this image.</param>
internal sealed record ConfidentError(string TrueClass, string PredictedClass, string File, double Probability);

/// <summary>One off-diagonal cell of a confusion matrix: all its errors counted, the most confident ones kept.</summary>
/// <param name="TrueClass">The row: the labelled class.</param>
/// <param name="PredictedClass">The column: the class predicted instead.</param>
/// <param name="Count">How many images fell in this cell.</param>
/// <param name="MostConfident">Up to K of them, highest <see cref="ConfidentError.Probability"/> first.</param>
internal sealed record ConfusionCellErrors(string TrueClass, string PredictedClass, int Count, IReadOnlyList<ConfidentError> MostConfident);
