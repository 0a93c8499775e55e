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
}
