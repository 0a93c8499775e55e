namespace Hematology.ML.Datasets;

/// <summary>One labelled cell image on disk.</summary>
/// <param name="Path">Full path of the image file.</param>
/// <param name="CellClass">Class name from the folder (or the split manifest).</param>
/// <param name="Subtype">Sub-type code from the file-name prefix, or null.</param>
/// <param name="Split">train/val/test from the split manifest, or null without one.</param>
public sealed record CellSample(string Path, string CellClass, string? Subtype, string? Split)
{
    /// <summary>The file name, the key of the split manifest.</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>
    /// The true label of this cell for <paramref name="model"/>: its fine class where the model has fine classes
    /// (<c>neutrophil_band</c>), else its class's label (the class, or the model's group of it); null when the model
    /// cannot be scored on it (a fine model and a neutrophil of no known sub-type).
    /// </summary>
    internal string? LabelFor(Cells.ICellClassifier model) =>
        Cells.PbcFineClass.Of(CellClass, Subtype) is { } fine && model.LabelOf(fine) is { } label ? label : model.LabelOf(CellClass);
}
