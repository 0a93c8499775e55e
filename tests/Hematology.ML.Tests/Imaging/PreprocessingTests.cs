using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Imaging;

public class PreprocessingTests
{
    [Fact]
    public void Original_reduced_to_128_matches_the_pbc128_working_set_within_jpeg_noise()
    {
        // The working set was made by centre crop + Lanczos resize and stored as JPEG (quality 90).
        // Our recipe must give the same pixels up to that re-compression: its distance to the stored
        // image may not exceed the noise that JPEG alone adds to our own output (measured ~2.8 levels),
        // while skipping the crop (a plain squash) must be measurably further away.
        foreach (var reference in Directory.EnumerateFiles(TestPaths.Pbc128Reference))
        {
            var name = Path.GetFileName(reference);
            var original = CellImageDecoder.Decode(Directory.EnumerateFiles(TestPaths.SampleImages, name, SearchOption.AllDirectories).Single());
            var theirs = CellImageDecoder.Decode(reference);
            var ours = CellImagePreprocessor.CropAndResize(original, 128);
            var jpegNoise = MeanAbsoluteDifference(ours, CellImageDecoder.Decode(CellImageDecoder.EncodeJpeg(ours, 90)));
            var distance = MeanAbsoluteDifference(ours, theirs);
            Assert.True(distance <= jpegNoise + 0.3, $"{name}: {distance:F2} grey levels from pbc-128, JPEG noise {jpegNoise:F2}");
            if (original.Height != original.Width)
            {
                var squashed = MeanAbsoluteDifference(LanczosResampler.Resize(original, 128, 128), theirs);
                Assert.True(squashed > distance + 0.2, $"{name}: squash {squashed:F2} vs crop {distance:F2}");
            }
        }
    }

    [Fact]
    public void Working_set_recipe_with_jpeg_brings_originals_closer_to_the_stored_working_set()
    {
        // The stored 128-pixel images carry JPEG artefacts; replaying the re-compression on an
        // original makes it closer to its stored copy than the bare resize is.
        foreach (var reference in Directory.EnumerateFiles(TestPaths.Pbc128Reference))
        {
            var original = CellImageDecoder.Decode(Directory.EnumerateFiles(TestPaths.SampleImages, Path.GetFileName(reference), SearchOption.AllDirectories).Single());
            var theirs = CellImageDecoder.Decode(reference);
            var bare = MeanAbsoluteDifference(CellImagePreprocessor.CropAndResize(original, 128), theirs);
            var recipe = MeanAbsoluteDifference(CellImagePreprocessor.ToWorkingSet(original, 128, 90), theirs);
            Assert.True(recipe < bare, $"{Path.GetFileName(reference)}: recipe {recipe:F2} vs bare {bare:F2}");
        }
    }

    [Fact]
    public void Image_already_at_the_working_resolution_is_not_recompressed()
    {
        var stored = CellImageDecoder.Decode(Directory.EnumerateFiles(TestPaths.Pbc128Reference).First());
        Assert.Same(stored, CellImagePreprocessor.ToWorkingSet(stored, 128, 90));
    }

    private static double MeanAbsoluteDifference(RgbImage a, RgbImage b) => a.Pixels.Zip(b.Pixels, (x, y) => Math.Abs(x - y)).Average();

    [Fact]
    public void Center_crop_of_360x363_keeps_the_middle_square()
    {
        var pixels = new byte[360 * 363 * 3];
        for (var y = 0; y < 363; y++) pixels[(y * 360) * 3] = (byte)y; // red channel of column 0 = row index
        var cropped = CellImagePreprocessor.CenterSquareCrop(new RgbImage(360, 363, pixels));
        Assert.Equal(360, cropped.Width);
        Assert.Equal(360, cropped.Height);
        Assert.Equal(1, cropped[0, 0, 0]); // (363 - 360) / 2 = 1 row dropped at the top
        Assert.Equal(360 % 256, cropped[0, 359, 0]);
    }

    [Fact]
    public void Resizing_a_region_gives_the_pixels_of_cropping_then_resizing()
    {
        var original = CellImageDecoder.Decode(TestPaths.SampleOf("eosinophil"));
        var cropped = CellImagePreprocessor.CenterSquareCrop(original);
        var side = cropped.Width;
        Assert.Equal(LanczosResampler.Resize(cropped, 80, 80).Pixels,
            LanczosResampler.Resize(original, (original.Width - side) / 2, (original.Height - side) / 2, side, side, 80, 80).Pixels);
        Assert.Equal(LanczosResampler.Resize(cropped, 80, 80).Pixels, CellImagePreprocessor.CropAndResize(original, 80).Pixels);
    }

    [Fact]
    public void A_region_outside_the_image_is_refused()
    {
        var image = new RgbImage(10, 10, new byte[300]);
        Assert.Throws<ArgumentOutOfRangeException>(() => LanczosResampler.Resize(image, 5, 0, 6, 6, 4, 4));
    }

    [Fact]
    public void Resizing_a_flat_image_keeps_its_colour()
    {
        var pixels = Enumerable.Repeat(new byte[] { 200, 100, 50 }, 300 * 300).SelectMany(p => p).ToArray();
        var resized = LanczosResampler.Resize(new RgbImage(300, 300, pixels), 128, 128);
        Assert.All(Enumerable.Range(0, 128 * 128), i =>
            Assert.Equal((200, 100, 50), (resized.Pixels[i * 3], resized.Pixels[i * 3 + 1], resized.Pixels[i * 3 + 2])));
    }

    [Fact]
    public void Decoder_rejects_a_macos_metadata_file_named_jpg()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, ".DS_169665.jpg");
        File.WriteAllBytes(path, [0x00, 0x05, 0x16, 0x07, 0x00, 0x02, 0x00, 0x00, 0x4D, 0x61, 0x63]);
        var error = Assert.Throws<UnreadableImageException>(() => CellImageDecoder.Decode(path));
        Assert.Contains("not an image", error.Message);
    }

    [Fact]
    public void Decoder_rejects_a_truncated_jpeg()
    {
        var folder = TestPaths.NewTempFolder();
        var path = Path.Combine(folder, "truncated.jpg");
        File.WriteAllBytes(path, File.ReadAllBytes(TestPaths.SampleOf("neutrophil")).Take(20).ToArray());
        Assert.Throws<UnreadableImageException>(() => CellImageDecoder.Decode(path));
    }

    [Fact]
    public void Decoder_rejects_a_jpeg_cut_off_inside_its_pixel_data()
    {
        // The header is intact, so a lenient decoder would return the cell with its lower half grey.
        var bytes = File.ReadAllBytes(TestPaths.SampleOf("neutrophil"));
        var error = Assert.Throws<UnreadableImageException>(() => CellImageDecoder.Decode(bytes.Take(bytes.Length / 2).ToArray(), "half.jpg"));
        Assert.Contains("truncated", error.Reason);
    }

    [Fact]
    public void Planar_floats_put_each_channel_in_its_own_plane()
    {
        var image = new RgbImage(2, 1, [1, 2, 3, 4, 5, 6]);
        Assert.Equal([1f, 4f, 2f, 5f, 3f, 6f], image.ToPlanarFloats());
    }
}
