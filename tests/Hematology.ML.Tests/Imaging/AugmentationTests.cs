using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Imaging;

public class AugmentationTests
{
    private static RgbImage Neutrophil() => CellImagePreprocessor.CropAndResize(CellImageDecoder.Decode(TestPaths.SampleOf("neutrophil")), 64);

    [Fact]
    public void Same_seed_gives_the_same_view()
    {
        var image = Neutrophil();
        var augmenter = new CellAugmenter();
        Assert.Equal(augmenter.Augment(image, 42).Pixels, augmenter.Augment(image, 42).Pixels);
        Assert.NotEqual(augmenter.Augment(image, 42).Pixels, augmenter.Augment(image, 43).Pixels);
    }

    [Fact]
    public void Horizontal_flip_mirrors_columns()
    {
        var image = Neutrophil();
        var flipped = CellAugmenter.Transform(image, flipHorizontal: true, flipVertical: false, degrees: 0);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(image[0, 10, c], flipped[63, 10, c]);
            Assert.Equal(image[20, 30, c], flipped[43, 30, c]);
        }
    }

    [Fact]
    public void Rotation_by_90_degrees_moves_a_corner_pixel_to_the_next_corner()
    {
        var pixels = new byte[5 * 5 * 3];
        pixels[0] = 255; // red at (0, 0)
        var rotated = CellAugmenter.Transform(new RgbImage(5, 5, pixels), false, false, 90);
        var redCorners = new[] { (0, 0), (4, 0), (0, 4), (4, 4) }.Where(p => rotated[p.Item1, p.Item2, 0] > 200).ToArray();
        Assert.Single(redCorners);
        Assert.NotEqual((0, 0), redCorners[0]);
    }

    [Fact]
    public void Augmenter_without_flips_or_rotation_returns_the_image_unchanged()
    {
        var image = Neutrophil();
        var still = new CellAugmenter { HorizontalFlip = false, VerticalFlip = false, MaxRotationDegrees = 0 };
        Assert.Equal(image.Pixels, still.Augment(image, 7).Pixels);
    }

    [Fact]
    public void Pixel_standardisation_gives_zero_mean_and_unit_variance()
    {
        var values = Neutrophil().ToPlanarFloats();
        PixelStandardizer.StandardizeInPlace(values);
        var mean = values.Average();
        var variance = values.Select(v => (v - mean) * (v - mean)).Average();
        Assert.InRange(mean, -1e-4, 1e-4);
        Assert.InRange(variance, 0.999, 1.001);
    }

    [Fact]
    public void Pixel_standardisation_of_a_flat_image_is_zero_not_nan()
    {
        var values = Enumerable.Repeat(7f, 30).ToArray();
        PixelStandardizer.StandardizeInPlace(values);
        Assert.All(values, v => Assert.Equal(0f, v));
    }
}
