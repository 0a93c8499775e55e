using Hematology.ML.Detection;
using Hematology.ML.Imaging;
using static Hematology.ML.Tests.Detection.DrawnFields;

namespace Hematology.ML.Tests.Detection;

public class FieldDetectorTests
{
    private readonly FieldDetector _detector = new();

    [Fact]
    public void A_white_cell_among_red_cells_is_found_with_its_cytoplasm_and_the_scale_comes_from_the_red_cells()
    {
        var cell = new WhiteCell(300, 220, 44, 30);
        var found = _detector.Detect(Field(640, 480, 60, [cell]));
        var nucleated = Assert.Single(found.NucleatedCells);
        Assert.False(nucleated.Cut);
        Assert.True(nucleated.Box.IoU(cell.Box(640, 480)) >= 0.7, $"box {string.Join(",", nucleated.Box.ToArray())}");
        Assert.True(found.RedCellsMeasured);
        Assert.InRange(found.RedCellDiameter, 54, 64);
    }

    [Fact]
    public void An_empty_field_has_no_cells()
    {
        var plasma = new RgbImage(640, 480, Enumerable.Range(0, 640 * 480 * 3).Select(i => Plasma[i % 3]).ToArray());
        Assert.Empty(_detector.Detect(plasma).Cells);
    }

    [Fact]
    public void A_field_of_only_red_cells_has_no_nucleated_cell_even_where_red_cells_overlap()
    {
        var field = Field(640, 480, 60, []);
        // Two overlapping red cells: twice the absorbance, the red cells' colour.
        var px = field.Pixels;
        for (var y = 200; y < 260; y++)
            for (var x = 300; x < 340; x++)
            {
                var i = (y * 640 + x) * 3;
                byte[] doubled = [190, 100, 118];
                doubled.CopyTo(px, i);
            }
        Assert.Empty(_detector.Detect(field).NucleatedCells);
    }

    [Fact]
    public void Touching_white_cells_are_two_boxes()
    {
        WhiteCell a = new(250, 240, 42, 28), b = new(333, 240, 42, 28);
        var found = _detector.Detect(Field(640, 480, 60, [a, b])).NucleatedCells.ToArray();
        Assert.Equal(2, found.Length);
        Assert.Contains(found, c => c.Box.IoU(a.Box(640, 480)) >= 0.6);
        Assert.Contains(found, c => c.Box.IoU(b.Box(640, 480)) >= 0.6);
    }

    [Fact]
    public void A_cell_cut_by_the_border_is_found_and_marked_cut()
    {
        var cut = new WhiteCell(20, 240, 44, 30);
        var found = Assert.Single(_detector.Detect(Field(640, 480, 60, [cut])).NucleatedCells);
        Assert.True(found.Cut);
        Assert.Equal(0, found.Box.X0);
    }

    [Fact]
    public void A_small_stained_dot_is_a_platelet_not_a_white_cell()
    {
        var platelet = new WhiteCell(400, 300, 9, 9);
        var found = _detector.Detect(Field(640, 480, 60, [platelet]));
        Assert.Empty(found.NucleatedCells);
        Assert.Contains(found.Cells, c => c.Kind == FieldCellKind.Platelet && c.Box.IoU(platelet.Box(640, 480)) > 0.3);
    }

    [Fact]
    public void A_large_field_is_worked_smaller_and_its_boxes_come_back_in_its_own_pixels()
    {
        var cell = new WhiteCell(900, 700, 130, 90);
        var found = Assert.Single(_detector.Detect(Field(2400, 1500, 180, [cell])).NucleatedCells);
        Assert.True(found.Box.IoU(cell.Box(2400, 1500)) >= 0.65, $"box {string.Join(",", found.Box.ToArray())}");
    }

    [Fact]
    public void A_field_darker_at_its_corners_keeps_a_tight_box()
    {
        // Vignetting: the corners at 65 % of the centre's light, as a camera with an off-centre lamp shows them.
        var cell = new WhiteCell(120, 110, 44, 30);
        var field = Field(640, 480, 60, [cell]);
        var px = field.Pixels;
        for (var y = 0; y < 480; y++)
            for (var x = 0; x < 640; x++)
            {
                var r2 = (Math.Pow((x - 320) / 320.0, 2) + Math.Pow((y - 240) / 240.0, 2)) / 2;
                for (var c = 0; c < 3; c++) px[(y * 640 + x) * 3 + c] = (byte)Math.Round(px[(y * 640 + x) * 3 + c] * (1 - 0.35 * r2));
            }
        var found = Assert.Single(_detector.Detect(field).NucleatedCells);
        Assert.True(found.Box.IoU(cell.Box(640, 480)) >= 0.7, $"box {string.Join(",", found.Box.ToArray())}");
    }

    [Fact]
    public void A_restained_field_is_detected_like_the_original()
    {
        var cell = new WhiteCell(300, 220, 44, 30);
        var field = Field(640, 480, 60, [cell]);
        foreach (var seed in new[] { 1, 2, 3 })
        {
            var shifted = Hematology.ML.Adaptation.LabShift.Apply(field, "restain", seed);
            var found = Assert.Single(_detector.Detect(shifted).NucleatedCells);
            Assert.True(found.Box.IoU(cell.Box(640, 480)) >= 0.6);
        }
    }
}
