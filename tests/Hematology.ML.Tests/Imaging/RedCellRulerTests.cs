using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Imaging;

public class RedCellRulerTests
{
    // Pale plasma, a purple white cell in the centre, and pink red cells of a known diameter around it.
    internal static RgbImage Field(int side, int redCellDiameter)
    {
        var pixels = new byte[side * side * 3];
        var r = redCellDiameter / 2.0;
        (double X, double Y)[] redCells = [(0.15, 0.15), (0.85, 0.2), (0.2, 0.82), (0.8, 0.8), (0.5, 0.12), (0.12, 0.5)];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                byte[] colour = [238, 226, 214];
                if (Math.Pow(x - side / 2.0, 2) + Math.Pow(y - side / 2.0, 2) < Math.Pow(side * 0.16, 2)) colour = [112, 70, 150];
                else if (redCells.Any(c => Math.Pow(x - c.X * side, 2) + Math.Pow(y - c.Y * side, 2) < r * r)) colour = [214, 150, 160];
                colour.CopyTo(pixels, (y * side + x) * 3);
            }
        return new RgbImage(side, side, pixels);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(14)]
    public void The_red_cells_diameter_is_measured_and_the_white_cell_is_not_counted(int diameter)
    {
        var measured = RedCellRuler.Diameter(Field(128, diameter));
        Assert.NotNull(measured);
        Assert.InRange(measured!.Value, diameter - 2.5, diameter + 1.5);
    }

    [Fact]
    public void A_field_without_whole_red_cells_gives_no_measure()
    {
        var plain = new RgbImage(64, 64, Enumerable.Repeat((byte)230, 64 * 64 * 3).ToArray());
        Assert.Null(RedCellRuler.Diameter(plain));
    }

    [Fact]
    public void A_folder_at_lower_magnification_is_zoomed_back_and_one_at_pbc_scale_is_left_alone()
    {
        var pbcScale = Enumerable.Repeat(Field(128, 25), LabScale.MinimumMeasured).ToArray();
        Assert.Equal(1, LabScale.Zoom(pbcScale));
        var lower = Enumerable.Repeat(Field(128, 15), LabScale.MinimumMeasured).ToArray();
        Assert.InRange(LabScale.Zoom(lower), 1.5, 1.9);
        Assert.Equal(1, LabScale.Zoom(lower.Take(LabScale.MinimumMeasured - 1).ToArray())); // too few to trust
    }

    [Fact]
    public void Small_crops_without_a_whole_red_cell_are_zoomed_down_by_their_nuclei()
    {
        // A white cell whose nucleus spans 0.6 of the frame, twice PBC's median (0.29), and no red cell in view.
        const int side = 128;
        var pixels = new byte[side * side * 3];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var d = Math.Sqrt(Math.Pow(x - side / 2.0, 2) + Math.Pow(y - side / 2.0, 2));
                byte[] colour = d < 0.3 * side ? [112, 70, 150] : d < 0.45 * side ? [200, 180, 215] : [238, 226, 214];
                colour.CopyTo(pixels, (y * side + x) * 3);
            }
        var crops = Enumerable.Repeat(new RgbImage(side, side, pixels), LabScale.MinimumMeasured).ToArray();

        Assert.InRange(LabScale.Zoom(crops), 0.5, 0.55);
    }
}
