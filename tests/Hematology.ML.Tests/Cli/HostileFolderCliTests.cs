using System.Text.Json;
using Hematology.ML.Imaging;
using Hematology.ML.Tests.Imaging.Fuzzing;

namespace Hematology.ML.Tests.Cli;

/// <summary>
/// The whole process against a folder an attacker (or a broken scanner) made: crafted headers of absurd size, byte
/// mutants of real cells in every format, and real cells. The decoder tests show each file is refused in-process; this
/// shows the command a lab runs exits normally, classifies the real cells and accounts for every other file.
/// </summary>
public class HostileFolderCliTests
{
    private static readonly string[] RealClasses = ["neutrophil", "lymphocyte", "monocyte", "eosinophil", "basophil", "platelet"];

    [Fact]
    public void Classify_json_of_crafted_headers_and_mutants_exits_zero_and_accounts_for_every_file()
    {
        var folder = TestPaths.NewTempFolder();
        var formats = PlainEncoders.AllFormats(CellImageDecoder.Decode(TestPaths.SampleOf("neutrophil")));
        foreach (var (name, bytes) in CraftedHeaders.All(formats)) File.WriteAllBytes(Path.Combine(folder, name), bytes);
        // 8 mutants per format: enough that some decode (and are classified) and some are refused, in every codec.
        foreach (var (index, (format, original)) in formats.Index())
            for (var i = 0; i < 8; i++)
                File.WriteAllBytes(Path.Combine(folder, $"mutant-{format}-{i}.{format}"), ByteMutator.Mutate(original, 5000 + index * 100 + i));
        foreach (var cellClass in RealClasses) File.Copy(TestPaths.SampleOf(cellClass), Path.Combine(folder, $"real-{cellClass}.jpg"));
        var files = Directory.GetFiles(folder).Length;

        var result = HematoProcess.Run("classify", folder, "--json", "--cache", "none");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.DoesNotContain("   at ", result.Both);           // no stack trace
        Assert.DoesNotContain("NNPACK", result.Both);           // libtorch's warning is off
        using var json = JsonDocument.Parse(result.Output);
        var predicted = json.RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => Path.GetFileName(p.GetProperty("file").GetString()!)).ToHashSet();
        var skipped = json.RootElement.GetProperty("skipped").EnumerateArray().ToArray();
        Assert.All(RealClasses, c => Assert.Contains($"real-{c}.jpg", predicted));
        Assert.Equal(files, predicted.Count + skipped.Length);
        Assert.All(skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("reason").GetString())));
        Assert.Contains(skipped, s => s.GetProperty("reason").GetString()!.Contains("46341x46341"));
    }
}
