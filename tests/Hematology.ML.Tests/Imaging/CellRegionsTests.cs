using Hematology.ML.Imaging;

using Xunit;

namespace Hematology.ML.Tests.Imaging;

public class CellRegionsTests
{
    public static TheoryData<string> Neutrophils() =>
        new(Directory.EnumerateFiles(Path.Combine(TestPaths.SampleImages, "neutrophil")).Order(StringComparer.Ordinal).Take(3));

    [Theory]
    [MemberData(nameof(Neutrophils))]
    public void Segmentation_finds_a_central_nucleus_and_a_cytoplasm_of_plausible_area(string path)
    {
        var image = CellImageDecoder.Decode(path);
        var regions = CellRegions.Segment(image);
        var total = (double)image.Width * image.Height;
        var nucleus = regions.NucleusArea / total;
        var cytoplasm = regions.CytoplasmArea / total;
        // A PBC neutrophil (~ 12 µm) fills roughly 10-35 % of the 360x363 crop; nucleus about 30-60 % of the cell.
        Assert.InRange(nucleus, 0.02, 0.25);
        Assert.InRange(cytoplasm, 0.03, 0.35);
        Assert.Equal(CellRegion.Background, regions.Labels[0]);
        var centre = regions.Labels[(image.Height / 2) * image.Width + image.Width / 2];
        Assert.NotEqual(CellRegion.Background, centre);
    }
}
