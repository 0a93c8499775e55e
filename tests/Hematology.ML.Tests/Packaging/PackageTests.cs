using System.IO.Compression;
using System.Xml.Linq;
using Hematology.ML.Runtime;
using Hematology.ML.Tests.Samples;
using Xunit.Abstractions;

namespace Hematology.ML.Tests.Packaging;

/// <summary>
/// The slow packaging tests (1-3 minutes): pack the library, then build and run a new console application
/// that knows Hematology.ML only as a NuGet package.
/// </summary>
[Trait("Category", "Packaging")]
public class PackageTests(PackedLibrary packed, ITestOutputHelper log) : IClassFixture<PackedLibrary>
{
    [Fact]
    public void Package_carries_readme_licence_attribution_docs_symbols_build_targets_and_models()
    {
        using var zip = ZipFile.OpenRead(packed.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var expected in new[]
                 {
                     "README.md", "NOTICE.md", "lib/net10.0/Hematology.ML.dll", "lib/net10.0/Hematology.ML.xml",
                     "buildTransitive/Hematology.ML.targets", "buildTransitive/ElfVersionNeeds.cs", "buildTransitive/Hematology.ML.Models.targets",
                 })
            Assert.Contains(expected, entries);
        // Every shipped model travels with its manifest, and nothing else comes from models/.
        var shipped = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "models")).Select(f => "models/" + Path.GetFileName(f)).ToArray();
        Assert.Equal(shipped.Order(), entries.Where(e => e.StartsWith("models/", StringComparison.Ordinal)).Order());
        // The ImageNet ResNet-18 (62 MiB) comes from its own package, never inside this one.
        Assert.DoesNotContain(entries, e => e.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(new FileInfo(packed.Package).Length, 1_000_000, 25_000_000);

        using var nuspecStream = zip.Entries.Single(e => e.FullName == "Hematology.ML.nuspec").Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal(packed.Version, Field("version"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.Contains("haematology", Field("tags"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.Matches("^[0-9a-f]{40}$", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("commit")!.Value);
        Assert.Contains("Acevedo", ReadEntry(zip, "README.md"));
        Assert.Contains("CC BY 4.0", ReadEntry(zip, "NOTICE.md"));

        using var symbols = ZipFile.OpenRead(packed.SymbolPackage);
        Assert.Contains(symbols.Entries, e => e.FullName == "lib/net10.0/Hematology.ML.pdb");
    }

    [Fact]
    public void New_console_app_classifies_real_sample_cells_through_the_package_alone()
    {
        using var app = ConsumerApp.Create(packed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var build = DotnetProcess.Sdk(app.Directory, TimeSpan.FromMinutes(8), "build", "-c", "Release");
        Assert.True(build.ExitCode == 0, build.Both);
        log.WriteLine($"restore + build of the consumer: {clock.Elapsed.TotalSeconds:F0} s");

        // What the package's buildTransitive targets and dependencies put beside the application.
        Assert.True(File.Exists(Path.Combine(app.Output, "models", "pbc8-resnet18-tta.hmle")), "shipped models not copied");
        Assert.True(File.Exists(Path.Combine(app.Output, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx")), "ResNet-18 ONNX not copied");
        var torchSharp = Path.Combine(app.Output, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(ElfVersionNeeds.Read(torchSharp).Single(n => n.Version == ElfVersionNeeds.UnusedLibStdCxxVersion).IsWeak,
            "the package's build step did not mark GLIBCXX_3.4.32 weak");

        var cells = app.CopyCells(perClass: 2);
        var run = DotnetProcess.Run(app.Directory, [app.Dll, cells], TimeSpan.FromMinutes(5),
            new Dictionary<string, string?> { ["HEMATOLOGY_ML_MODELS"] = null, ["HEMATOLOGY_ML_DNN_MODELS"] = null });
        Assert.True(run.ExitCode == 0, run.Both);
        log.WriteLine($"... + run: {clock.Elapsed.TotalSeconds:F0} s\n{run.Output}");
        var classified = ClassifiedCell.Parse(run.Output);
        Assert.Equal(16, classified.Count);
        // The default model (97.5 % on the 160 sample cells) gets nearly all of these right.
        Assert.True(classified.Count(c => c.IsRight) >= 14, run.Output);
    }

    private static string ReadEntry(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
