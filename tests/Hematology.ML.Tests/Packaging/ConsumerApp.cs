namespace Hematology.ML.Tests.Packaging;

/// <summary>
/// A fresh console application in a temporary folder whose only link to Hematology.ML is a PackageReference
/// to the local feed; its Program.cs is the ClassifyFolder sample's.
/// </summary>
internal sealed class ConsumerApp : IDisposable
{
    private ConsumerApp(string directory) => Directory = directory;

    /// <summary>Removes the application (its build output holds libtorch, over a gigabyte).</summary>
    public void Dispose() => System.IO.Directory.Delete(Path.GetDirectoryName(Directory)!, recursive: true);

    public string Directory { get; }

    public string Output => Path.Combine(Directory, "bin", "Release", "net10.0");

    public string Dll => Path.Combine(Output, "CellCounter.dll");

    public static ConsumerApp Create(PackedLibrary packed)
    {
        var directory = Path.Combine(TestPaths.NewTempFolder(), "CellCounter");
        System.IO.Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(TestPaths.RepositoryRoot, "samples", "ClassifyFolder", "Program.cs"), Path.Combine(directory, "Program.cs"));
        // NuGetAudit off: the audit asks the remote source for vulnerability data, which says nothing here.
        File.WriteAllText(Path.Combine(directory, "CellCounter.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Hematology.ML" Version="{packed.Version}" />
                <PackageReference Include="libtorch-cpu-linux-x64" Version="{PackedLibrary.PinnedVersion("libtorch-cpu-linux-x64")}" />
              </ItemGroup>
            </Project>
            """);
        // The local feed in addition to the machine's own sources (no <clear/>: those come from the user's config).
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="hematology-test-feed" value="{packed.Feed}" />
              </packageSources>
            </configuration>
            """);
        return new ConsumerApp(directory);
    }

    /// <summary>The first <paramref name="perClass"/> sample images of each class, as <c>cells/&lt;class&gt;/&lt;image&gt;</c>.</summary>
    public string CopyCells(int perClass)
    {
        var cells = Path.Combine(Directory, "cells");
        foreach (var classFolder in System.IO.Directory.GetDirectories(TestPaths.SampleImages))
        {
            var target = System.IO.Directory.CreateDirectory(Path.Combine(cells, Path.GetFileName(classFolder))).FullName;
            foreach (var image in System.IO.Directory.GetFiles(classFolder).Order(StringComparer.Ordinal).Take(perClass))
                File.Copy(image, Path.Combine(target, Path.GetFileName(image)));
        }
        return cells;
    }
}
