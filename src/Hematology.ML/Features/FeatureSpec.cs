namespace Hematology.ML.Features;

/// <summary>
/// What a feature-based cell classifier sees: the resolution every input is first brought to (the
/// resolution of the images it learned from), the feature blocks, and how many fixed views of each
/// cell are featurised (1 = the image only).
/// </summary>
/// <param name="SourceResolution">Side in pixels that inputs are centre-cropped and resized to first.</param>
/// <param name="Blocks">Names from <see cref="FeatureBlocks"/>, concatenated in this order.</param>
/// <param name="Views">Fixed views per cell (see <see cref="CellViews"/>); features are averaged over them at prediction.</param>
/// <param name="SourceJpegQuality">
/// JPEG quality of the working set the model learned from (the 128-pixel PBC set was stored at 90),
/// applied to every image that has to be resized, so an original goes through the whole recipe that
/// made the training images; null when the training images were not re-compressed.
/// </param>
internal sealed record FeatureSpec(int SourceResolution, IReadOnlyList<string> Blocks, int Views = 1, int? SourceJpegQuality = FeatureSpec.Defaults.SourceJpegQuality)
{
    /// <summary>Defaults shared by the CLI and the shipped model.</summary>
    public static class Defaults
    {
        /// <summary>The resolution of the PBC working set.</summary>
        public const int SourceResolution = 128;

        /// <summary>
        /// The JPEG quality of the PBC working set. Measured on the 160 shipped originals with the
        /// shipped model: 86.9 % without re-compression against 96.9 % for their 128-pixel copies;
        /// JPEG artefacts shift the colour and texture features that much.
        /// </summary>
        public const int SourceJpegQuality = Imaging.CellImagePreprocessor.WorkingSetJpegQuality;
    }

    /// <summary>ResNet-18 deep features only: the thesis's "CNN as feature extractor" setting.</summary>
    public static FeatureSpec DeepOnly(int views = 1) => new(Defaults.SourceResolution, [FeatureBlocks.ResNet18], views);

    /// <summary>Deep features plus the colour histogram and the quantitative cell features.</summary>
    public static FeatureSpec DeepAndQuantitative(int views = 1) =>
        new(Defaults.SourceResolution, [FeatureBlocks.ResNet18, FeatureBlocks.ColourHistogram, FeatureBlocks.Morphology], views);

    /// <summary>A decoded cell in the form this model learned from (the working-set recipe at its resolution and JPEG quality).</summary>
    public Imaging.RgbImage ToWorkingSet(Imaging.RgbImage cell) => Imaging.CellImagePreprocessor.ToWorkingSet(cell, SourceResolution, SourceJpegQuality);

    /// <summary>Total number of features per image.</summary>
    public int Length => Blocks.Sum(FeatureBlocks.LengthOf);

    /// <summary>Checks the block names and numbers; throws a <see cref="HematologyException"/> naming the problem.</summary>
    public void Validate()
    {
        if (SourceResolution is < 16 or > 4096) throw new HematologyException($"Source resolution {SourceResolution} is out of range (16-4096).");
        if (Blocks.Count == 0) throw new HematologyException("A feature spec needs at least one block.");
        foreach (var block in Blocks) FeatureBlocks.LengthOf(block);
        if (Views < 1 || Views > CellViews.Count) throw new HematologyException($"Views must be 1-{CellViews.Count}, got {Views}.");
        if (SourceJpegQuality is < 1 or > 100) throw new HematologyException($"JPEG quality must be 1-100, got {SourceJpegQuality}.");
    }

    /// <summary>Parses <c>resnet18+colour-histogram+morphology</c> style block lists.</summary>
    public static FeatureSpec Parse(string blocks, int sourceResolution = Defaults.SourceResolution, int views = 1)
    {
        var spec = new FeatureSpec(sourceResolution, blocks.Split('+', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), views);
        spec.Validate();
        return spec;
    }

    /// <inheritdoc />
    public override string ToString() => $"{string.Join('+', Blocks)}@{SourceResolution}px x{Views} views";
}
