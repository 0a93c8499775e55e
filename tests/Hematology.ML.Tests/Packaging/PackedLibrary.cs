using System.Reflection;
using System.Xml.Linq;

namespace Hematology.ML.Tests.Packaging;

/// <summary>
/// Hematology.ML packed once into a local feed under a unique pre-release version, so a stale 0.1.0 in the
/// NuGet cache can never stand in for it; the version's folder in the global packages folder is removed
/// afterwards.
/// </summary>
public sealed class PackedLibrary : IDisposable
{
    private readonly string _folder;

    public PackedLibrary()
    {
        Version = "0.1.0-test." + Guid.NewGuid().ToString("N")[..12];
        _folder = TestPaths.NewTempFolder();
        Feed = Path.Combine(_folder, "feed");
        // The library was built by this test run in the same configuration: pack what was tested.
        var configuration = typeof(PackedLibrary).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var pack = DotnetProcess.Sdk(TestPaths.RepositoryRoot, TimeSpan.FromMinutes(5), "pack", LibraryProject,
            "--no-build", "-c", configuration, "-o", Feed, $"-p:Version={Version}");
        if (pack.ExitCode != 0) throw new InvalidOperationException("dotnet pack failed:\n" + pack.Both);
        Package = Path.Combine(Feed, $"Hematology.ML.{Version}.nupkg");
        SymbolPackage = Path.ChangeExtension(Package, ".snupkg");
    }

    public static string LibraryProject => Path.Combine(TestPaths.RepositoryRoot, "src", "Hematology.ML", "Hematology.ML.csproj");

    public string Version { get; }

    public string Feed { get; }

    public string Package { get; }

    public string SymbolPackage { get; }

    /// <summary>The version of a package pinned in Directory.Packages.props.</summary>
    public static string PinnedVersion(string id) =>
        XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == id).Attribute("Version")!.Value;

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        var locals = DotnetProcess.Run(TestPaths.RepositoryRoot, ["nuget", "locals", "global-packages", "--list"], TimeSpan.FromMinutes(1));
        var line = locals.Output.Split('\n').FirstOrDefault(l => l.StartsWith("global-packages:", StringComparison.Ordinal));
        if (line is null) return;
        var id = Path.Combine(line["global-packages:".Length..].Trim(), "hematology.ml");
        var restored = Path.Combine(id, Version.ToLowerInvariant());
        if (Directory.Exists(restored)) Directory.Delete(restored, recursive: true);
        if (Directory.Exists(id) && !Directory.EnumerateFileSystemEntries(id).Any()) Directory.Delete(id);
    }
}
