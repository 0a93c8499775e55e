using Hematology.ML.Adaptation;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Adaptation;

public class LabShiftTests
{
    private static RgbImage Cell => CellImageDecoder.Decode(TestPaths.SampleOf("lymphocyte"));

    [Fact]
    public void Every_family_is_seeded_keeps_the_size_and_changes_the_image()
    {
        var cell = Cell;
        foreach (var family in LabShift.Families)
        {
            var once = LabShift.Apply(cell, family, 7);
            Assert.Equal((cell.Width, cell.Height), (once.Width, once.Height));
            Assert.Equal(once.Pixels, LabShift.Apply(cell, family, 7).Pixels);
            Assert.NotEqual(cell.Pixels, once.Pixels);
        }
        Assert.Throws<HematologyException>(() => LabShift.Apply(cell, "no-such-shift", 1));
    }

    [Fact]
    public void Lower_magnification_shrinks_the_red_cells_by_its_factor()
    {
        var field = Hematology.ML.Tests.Imaging.RedCellRulerTests.Field(128, 24);
        var smaller = RedCellRuler.Diameter(Magnification.Zoom(field, 0.6));
        Assert.InRange(smaller!.Value, 24 * 0.6 - 2.5, 24 * 0.6 + 2);
    }

    [Fact]
    public void The_shifted_set_has_each_family_with_the_same_cells_in_class_folders()
    {
        var samples = CellImageFolder.Load(TestPaths.SampleImages).Samples;
        var root = TestPaths.NewTempFolder();
        var written = ShiftedValidationSet.Write(samples, root, perClass: 2);
        Assert.Equal(8 * 2 * (LabShift.Families.Count + 1), written);
        foreach (var family in LabShift.Families.Prepend(ShiftedValidationSet.InDomain))
        {
            var folder = CellImageFolder.Load(Path.Combine(root, family));
            Assert.Equal(16, folder.Samples.Count);
            Assert.Equal(8, folder.Classes.Count);
        }
    }
}
