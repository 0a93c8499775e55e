using System.Diagnostics;
using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Imaging.Fuzzing;

/// <summary>
/// The decoder against hostile files: crafted headers with absurd sizes, and seeded mutants of real cells in JPEG, PNG,
/// BMP, GIF, WebP and TIFF. Every file must come out as an image or as <see cref="UnreadableImageException"/> with a
/// reason; anything else (another exception, a crash of the test process) is a defect.
/// </summary>
/// <remarks>
/// In the suite the mutants are time-boxed (a fixed seed sequence, stopped after <see cref="SuiteSeconds"/>). The longer
/// run is the same test with <c>HEMATO_FUZZ_SECONDS</c> set (see docs/security.md); it writes the input being decoded to
/// <c>HEMATO_FUZZ_FINDINGS</c> first, so that a native crash leaves its file behind, to be added as a regression case.
/// </remarks>
public class DecoderFuzzTests
{
    private const int SuiteSeconds = 15;

    private static readonly Lazy<IReadOnlyDictionary<string, byte[]>> RealFormats =
        new(() => PlainEncoders.AllFormats(CellImageDecoder.Decode(TestPaths.SampleOf("neutrophil"))));

    [Fact]
    public void Crafted_headers_of_absurd_size_are_refused_from_the_header_without_allocating_their_pixels()
    {
        var crafted = CraftedHeaders.All(RealFormats.Value).ToArray();
        Assert.True(crafted.Length >= 15, $"{crafted.Length} crafted files");
        foreach (var (name, bytes) in crafted)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var error = Assert.Throws<UnreadableImageException>(() => CellImageDecoder.Decode(bytes, name));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.False(string.IsNullOrWhiteSpace(error.Reason), name);
            // The smallest of these declares 30000x30000 (900 MP): a decode would allocate gigabytes.
            Assert.True(allocated < 16 << 20, $"{name}: {allocated >> 20} MiB allocated before it was refused ({error.Reason})");
        }
    }

    [Fact]
    public void Oversized_headers_name_the_size_and_the_budget()
    {
        var png = CraftedHeaders.All(RealFormats.Value).First(c => c.Name == "png-46341x46341.png");
        var error = Assert.Throws<UnreadableImageException>(() => CellImageDecoder.Decode(png.Bytes, png.Name));
        Assert.Contains("46341x46341", error.Reason);
        Assert.Contains($"budget of {ImageBudget.MaxPixels / 1e6:0.#} MP", error.Reason);
        Assert.Contains(ImageBudget.EnvironmentVariable, error.Reason);
    }

    [Fact]
    public void The_pixel_budget_is_40_megapixels_unless_the_environment_sets_another()
    {
        Assert.Equal(40_000_000, ImageBudget.FromEnvironment(null));
        Assert.Equal(12_500_000, ImageBudget.FromEnvironment("12.5"));
        Assert.Equal(ImageBudget.DefaultMaxPixels, ImageBudget.FromEnvironment("lots"));
        Assert.Equal(ImageBudget.DefaultMaxPixels, ImageBudget.FromEnvironment("-3"));
        Assert.Equal(ImageBudget.DefaultMaxPixels, ImageBudget.FromEnvironment("1e9")); // above the hard maximum
        ImageBudget.Check(6000, 6000, "scan tile");
        Assert.Throws<UnreadableImageException>(() => ImageBudget.Check(7000, 7000, "too big"));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageBudget.MaxPixels = ImageBudget.HardMaxPixels + 1);
    }

    [Fact]
    public void Every_format_of_a_real_cell_decodes_to_the_same_size_or_is_refused_by_name()
    {
        foreach (var (format, bytes) in RealFormats.Value)
        {
            if (format == "tif")
            {
                Assert.Contains("TIFF", Assert.Throws<UnreadableImageException>(() => CellImageDecoder.Decode(bytes, format)).Reason);
                continue;
            }
            var image = CellImageDecoder.Decode(bytes, format);
            Assert.Equal((360, 363), (image.Width, image.Height));
        }
    }

    [Fact]
    public void Seeded_mutants_of_real_cells_decode_or_are_refused_and_nothing_else()
    {
        var seconds = int.TryParse(Environment.GetEnvironmentVariable("HEMATO_FUZZ_SECONDS"), out var s) && s > 0 ? s : SuiteSeconds;
        var findings = Environment.GetEnvironmentVariable("HEMATO_FUZZ_FINDINGS");
        if (findings is not null) Directory.CreateDirectory(findings);
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        var (decoded, refused) = (0, 0);
        for (var seed = 0; clock.Elapsed.TotalSeconds < seconds; seed++)
            foreach (var (index, (format, original)) in RealFormats.Value.Index())
            {
                var mutant = ByteMutator.Mutate(original, seed * 8 + index);
                if (findings is not null) File.WriteAllBytes(Path.Combine(findings, "decoding-now.bin"), mutant);
                try
                {
                    var image = CellImageDecoder.Decode(mutant, $"{format}-{seed}");
                    Assert.Equal(image.Width * image.Height * 3, image.Pixels.Length);
                    decoded++;
                }
                catch (UnreadableImageException e) when (!string.IsNullOrWhiteSpace(e.Reason)) { refused++; }
                catch (Exception e)
                {
                    failures.Add($"{format} seed {seed}: {e.GetType().Name}: {e.Message}");
                    if (findings is not null) File.WriteAllBytes(Path.Combine(findings, $"{format}-{seed}.bin"), mutant);
                }
            }
        Assert.True(decoded + refused >= 60, $"only {decoded + refused} mutants in {seconds} s");
        Assert.True(refused > 0 && decoded > 0, $"{decoded} decoded, {refused} refused: the mutants should give both");
        Assert.Empty(failures);
    }

    [Fact]
    public void A_folder_of_hostile_files_loses_none_of_its_real_cells()
    {
        var folder = TestPaths.NewTempFolder();
        var hostile = CraftedHeaders.All(RealFormats.Value)
            .Concat(Enumerable.Range(0, 30).Select(i => ($"mutant-{i}.png", ByteMutator.Mutate(RealFormats.Value["png"], 1000 + i))))
            .ToArray();
        foreach (var (name, bytes) in hostile) File.WriteAllBytes(Path.Combine(folder, name), bytes);
        var real = Enumerable.Range(0, 3).Select(i => Path.Combine(folder, $"real-{i}.jpg")).ToArray();
        foreach (var path in real) File.Copy(TestPaths.SampleOf("lymphocyte"), path);

        var paths = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
        var skipped = new List<SkippedFile>();
        var images = CellImageDecoder.TryDecodeAll(paths, skipped);

        Assert.All(real, path => Assert.NotNull(images[Array.IndexOf(paths, path)]));
        Assert.Equal(paths.Length, images.Count(i => i is not null) + skipped.Count);
        Assert.All(skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
    }
}
