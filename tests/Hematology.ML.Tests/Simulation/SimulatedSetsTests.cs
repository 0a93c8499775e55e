using Hematology.ML.Datasets;
using Hematology.ML.Simulation;
using Xunit;

namespace Hematology.ML.Tests.Simulation;

public class SimulatedSetsTests
{
    private static string[] SampleNeutrophils(int n) =>
        Directory.EnumerateFiles(Path.Combine(TestPaths.SampleImages, "neutrophil")).Order(StringComparer.Ordinal).Take(n).ToArray();

    [Fact]
    public void Neutrophil_set_is_deterministic_labelled_simulated_and_uses_each_source_once()
    {
        var sources = SampleNeutrophils(4);
        var a = TestPaths.NewTempFolder();
        var b = TestPaths.NewTempFolder();
        var first = new SimulatedNeutrophilSet().Build(sources, "test", a, 4, 11);
        new SimulatedNeutrophilSet().Build(sources, "test", b, 4, 11);
        Assert.Equal(4, first.Written);
        var manifest = File.ReadAllLines(Path.Combine(a, "manifest.csv"));
        Assert.Equal(File.ReadAllLines(Path.Combine(b, "manifest.csv")), manifest);
        Assert.Equal(SimulatedNeutrophilSet.ManifestHeader, manifest[0]);
        var rows = manifest.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.All(rows, r => Assert.Equal("true", r[6]));
        Assert.Equal(2, rows.Count(r => r[4] == "dysplastic" && double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture) >= 2.0 / 3));
        Assert.Equal(4, rows.Select(r => r[1]).Distinct().Count());
        foreach (var r in rows) Assert.Equal(File.ReadAllBytes(Path.Combine(a, r[0])), File.ReadAllBytes(Path.Combine(b, r[0])));
        Assert.Contains("SIMULATED", File.ReadAllText(Path.Combine(a, "README.md")));
    }

    [Fact]
    public void Corrupt_source_is_skipped_and_reported()
    {
        var folder = TestPaths.NewTempFolder();
        var corrupt = Path.Combine(folder, "broken.jpg");
        File.WriteAllBytes(corrupt, [0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02]);
        var result = new SimulatedNeutrophilSet().Build([.. SampleNeutrophils(1), corrupt], "test", TestPaths.NewTempFolder(), 2, 1);
        Assert.Equal(1, result.Written);
        Assert.Equal(corrupt, Assert.Single(result.Skipped).Path);
    }

    [Fact]
    public void Drawn_differentials_stay_within_the_stated_ranges()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var counts = SmearComposition.Draw(new Random(seed));
            var total = counts.Values.Sum();
            Assert.InRange(total, SmearComposition.MinCells, SmearComposition.MaxCells);
            var leukocytes = SmearComposition.Differential.Keys.Sum(k => counts[k]);
            foreach (var (cls, (min, max)) in SmearComposition.Differential)
                Assert.InRange(counts[cls], Math.Floor(min * leukocytes) - 1, Math.Ceiling(max * leukocytes) + 1);
        }
    }

    [Fact]
    public void Smears_come_from_the_requested_split_only_and_say_simulated()
    {
        // Half of the shipped sample is declared 'val', the other half 'test'; only 'test' may appear.
        var manifestPath = Path.Combine(TestPaths.NewTempFolder(), "split.csv");
        var lines = new List<string> { "file,class,subtype,split" };
        foreach (var dir in Directory.EnumerateDirectories(TestPaths.SampleImages))
            lines.AddRange(Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal)
                .Select((f, i) => $"{Path.GetFileName(f)},{Path.GetFileName(dir)},,{(i % 2 == 0 ? "test" : "val")}"));
        File.WriteAllLines(manifestPath, lines);
        var folder = CellImageFolder.Load(TestPaths.SampleImages, PbcSplitManifest.Load(manifestPath), "test");
        var testFiles = lines.Where(l => l.EndsWith(",test")).Select(l => l.Split(',')[0]).ToHashSet();
        var output = TestPaths.NewTempFolder();
        var options = new SmearSetOptions { Name = "proof-of-concept", MdsSmears = 1, NormalSmears = 1, Seed = 5 };
        var result = new SmearGenerator().Generate(folder.Samples, null, options, output);

        var smears = File.ReadAllLines(Path.Combine(output, "smears.csv"));
        Assert.Equal(SmearGenerator.SmearsHeader, smears[0]);
        Assert.Equal(3, smears.Length);
        var mds = smears[1].Split(',');
        Assert.Equal("mds", mds[2]);
        Assert.InRange(double.Parse(mds[5], System.Globalization.CultureInfo.InvariantCulture), 0.29, 0.81);
        Assert.InRange(double.Parse(smears[2].Split(',')[5], System.Globalization.CultureInfo.InvariantCulture), 0.0, 0.11);
        Assert.All(smears.Skip(1), l => Assert.EndsWith(",true", l));
        var cells = File.ReadAllLines(Path.Combine(output, "cells.csv")).Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(result.Written, cells.Length);
        Assert.All(cells, c => Assert.Contains(c[2], testFiles));
        Assert.All(cells, c => Assert.Equal("true", c[7]));
        Assert.All(cells.Where(c => c[6] == "true"), c => Assert.Equal("neutrophil", c[3]));
        Assert.InRange(Directory.EnumerateFiles(Path.Combine(output, "proof-of-concept-001"), "*.jpg").Count(), 100, 200);
    }
}
