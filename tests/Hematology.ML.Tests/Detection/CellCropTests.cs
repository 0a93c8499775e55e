using Hematology.ML.Detection;
using static Hematology.ML.Tests.Detection.DrawnFields;

namespace Hematology.ML.Tests.Detection;

public class CellCropTests
{
    [Fact]
    public void A_crop_frames_the_cell_as_PBC_does_and_is_plasma_beyond_the_border()
    {
        var cell = new WhiteCell(30, 240, 44, 30);
        var field = Field(640, 480, 60, [cell]);
        var crop = CellCrop.Crop(field, cell.Box(640, 480), 60, 128);
        Assert.Equal((128, 128), (crop.Width, crop.Height));
        // The centre is the nucleus; the left edge is beyond the field, plasma, not a mirrored copy of the cell.
        Assert.True(crop[64, 64, 1] < 100);
        Assert.True(Math.Abs(crop[2, 64, 1] - Plasma[1]) <= 4, $"left edge green {crop[2, 64, 1]}");
    }
}

public class CropScaleTests
{
    private static FieldDetection Field(double diameter, bool measured = true) => new(640, 480, diameter, measured, []);

    [Fact]
    public void Fields_of_one_lab_are_cropped_at_the_folder_median_and_a_field_far_from_it_at_its_own()
    {
        var scales = FieldAnalysis.CropScales([Field(60), Field(66), Field(63), Field(120), Field(50, measured: false)]);
        Assert.Equal([66, 66, 66, 120, 66], scales); // the median of 60, 63, 66, 120 (the upper of the middle two)
    }

    [Fact]
    public void Too_few_measured_fields_keep_their_own_scale()
    {
        Assert.Equal([60, 70], FieldAnalysis.CropScales([Field(60), Field(70)]));
    }
}
