namespace Hematology.ML.Benchmarks;

/// <summary>The repository's sample images, found from the benchmark assembly upwards.</summary>
public static class RepositoryFolder
{
    /// <summary>The folder of Hematology.ML.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The 160 full-resolution PBC originals (20 per class).</summary>
    public static string PbcSample => Path.Combine(Root, "samples", "pbc-sample");

    /// <summary>The shipped SIMULATED sample smear (119 cells).</summary>
    public static string SmearSample => Path.Combine(Root, "samples", "smear-sample");

    /// <summary>The image files of one class of the PBC sample, in name order.</summary>
    public static string[] PbcCells(string cellClass) =>
        Directory.EnumerateFiles(Path.Combine(PbcSample, cellClass)).Order(StringComparer.Ordinal).ToArray();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hematology.ML.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root (Hematology.ML.sln) not found above the benchmark assembly.");
    }
}
