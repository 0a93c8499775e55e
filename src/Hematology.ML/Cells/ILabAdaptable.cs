namespace Hematology.ML.Cells;

/// <summary>
/// A classifier that can adapt, without labels, to the set of images it is given: a folder from one lab is classified
/// with normalisation statistics of that lab instead of the training lab's (see docs/generalisation.md).
/// </summary>
internal interface ILabAdaptable
{
    /// <summary>Whether each <see cref="ICellClassifier.Classify"/> call first adapts to the images it is given.</summary>
    bool AdaptToInput { get; set; }

    /// <summary>What adaptation did to the last images classified, or null when it did not run.</summary>
    LabAdaptationSummary? LastAdaptation { get; }

    /// <summary>The lab the model file itself was adapted to (<c>hemato adapt</c>), or null for a model as trained.</summary>
    LabAdaptationSummary? ModelAdaptation { get; }
}

/// <summary>What label-free adaptation did to a set of images: the zoom (1 = none) and the stain's optical-density
/// gains R, G, B (null: too few cells to measure). <paramref name="FromModel"/>: they are the lab's that the model was
/// adapted to, read from its file, not measured on these images.</summary>
public sealed record LabAdaptationSummary(double Zoom, IReadOnlyList<double>? StainGain, bool FromModel = false);
