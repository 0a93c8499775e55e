namespace Hematology.ML.Cells;

/// <summary>
/// A classifier that can adapt, without labels, to the set of images it is given: a folder from one lab is classified
/// with normalisation statistics of that lab instead of the training lab's (see docs/generalisation.md).
/// </summary>
public interface ILabAdaptable
{
    /// <summary>Whether each <see cref="ICellClassifier.Classify"/> call first adapts to the images it is given.</summary>
    bool AdaptToInput { get; set; }
}
