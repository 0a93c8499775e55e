using Hematology.ML.Features;
using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Features;

[Collection(SampleFeaturesCollection.Name)]
public class FeatureExtractionTests(SampleFeaturesFixture sample)
{
    [Fact]
    public void Second_run_reads_features_from_the_cache_without_the_network()
    {
        // A ResNet folder that does not exist would fail on first use: the cache must answer alone.
        var spec = FeatureSpec.DeepAndQuantitative();
        using var extractor = new CellFeatureExtractor(spec, new FeatureCache(sample.CacheFolder), resNetModelDirectory: "/nonexistent");
        var files = sample.Set.Samples.Take(5).Select(s => s.Path).ToArray();
        var extraction = extractor.Extract(files);
        for (var i = 0; i < files.Length; i++) Assert.Equal(sample.Set.Views[i][0], extraction.PerView[i]![0]);
    }

    [Fact]
    public void Unreadable_file_is_skipped_and_the_rest_featurised()
    {
        var folder = TestPaths.NewTempFolder();
        var broken = Path.Combine(folder, "broken.jpg");
        File.WriteAllBytes(broken, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0]);
        using var extractor = new CellFeatureExtractor(new FeatureSpec(128, [FeatureBlocks.ColourHistogram, FeatureBlocks.Morphology]), new FeatureCache(null));
        var extraction = extractor.Extract([TestPaths.SampleOf("eosinophil"), broken]);
        Assert.NotNull(extraction.PerView[0]);
        Assert.Null(extraction.PerView[1]);
        Assert.Equal(broken, Assert.Single(extraction.Skipped).Path);
    }

    [Fact]
    public void Deep_features_of_an_original_are_nearest_to_those_of_its_own_pbc128_copy()
    {
        // JPEG re-compression of the working set moves ImageNet features a little (cosine ~0.92 was
        // measured), so the check is identity: among the eight reference cells, an original's own
        // 128-pixel copy must be the nearest in feature space.
        using var extractor = new CellFeatureExtractor(FeatureSpec.DeepOnly(), new FeatureCache(null));
        var references = Directory.EnumerateFiles(TestPaths.Pbc128Reference).Order().ToArray();
        var originals = references.Select(r => Directory.EnumerateFiles(TestPaths.SampleImages, Path.GetFileName(r), SearchOption.AllDirectories).Single()).ToArray();
        var extraction = extractor.Extract([.. references, .. originals]);
        for (var i = 0; i < references.Length; i++)
        {
            var original = extraction.PerView[references.Length + i]![0];
            var similarities = Enumerable.Range(0, references.Length).Select(j => Cosine(original, extraction.PerView[j]![0])).ToArray();
            Assert.Equal(i, Array.IndexOf(similarities, similarities.Max()));
            Assert.True(similarities[i] > 0.85, $"{Path.GetFileName(references[i])}: cosine {similarities[i]:F3}");
        }
    }

    private static double Cosine(float[] a, float[] b) =>
        a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(y => (double)y * y));

    [Fact]
    public void Colour_histogram_is_a_unit_vector_of_512_bins()
    {
        var image = CellImagePreprocessor.CropAndResize(CellImageDecoder.Decode(TestPaths.SampleOf("basophil")), 128);
        var histogram = ColourHistogramFeatures.Extract(image);
        Assert.Equal(512, histogram.Length);
        Assert.Equal(1.0, histogram.Sum(v => (double)v * v), 6); // square roots of frequencies summing to 1
    }

    [Fact]
    public void Two_dark_nuclear_lobes_on_a_pale_background_are_counted_as_two_parts()
    {
        const int side = 128;
        var pixels = new byte[side * side * 3];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var inLobe = Math.Pow(x - 50, 2) + Math.Pow(y - 64, 2) < 100 || Math.Pow(x - 78, 2) + Math.Pow(y - 64, 2) < 100;
                var o = (y * side + x) * 3;
                (pixels[o], pixels[o + 1], pixels[o + 2]) = inLobe ? ((byte)90, (byte)40, (byte)120) : ((byte)230, (byte)220, (byte)225);
            }
        var features = CellMorphologyFeatures.Extract(new RgbImage(side, side, pixels));
        Assert.Equal(CellMorphologyFeatures.FeatureCount, features.Length);
        var window = 80 * 80;
        Assert.InRange(features[1], 2 * 280f / window, 2 * 340f / window); // nucleus area fraction: two discs of radius 10
        Assert.Equal(2 / 8f, features[2]);                                 // two parts (lobes)
        Assert.InRange(features[3], 0.45f, 0.55f);                         // the largest is half of the nucleus
    }

    [Fact]
    public void Otsu_threshold_falls_between_two_modes()
    {
        var values = Enumerable.Repeat(40f, 500).Concat(Enumerable.Repeat(200f, 500)).ToArray();
        Assert.InRange(CellMorphologyFeatures.OtsuThreshold(values), 41, 200);
    }
}
