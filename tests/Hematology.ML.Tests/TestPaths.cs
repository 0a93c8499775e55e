namespace Hematology.ML.Tests;

/// <summary>Where the shipped real images are, found from the test assembly upwards.</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The 160 full-resolution PBC sample images shipped in samples/ (20 per class, test split).</summary>
    public static string SampleImages => Path.Combine(RepositoryRoot, "samples", "pbc-sample");

    /// <summary>The pbc-128 versions of one sample image per class.</summary>
    public static string Pbc128Reference => Path.Combine(RepositoryRoot, "tests", "Hematology.ML.Tests", "Data", "pbc-128-reference");

    public static string SampleOf(string cellClass) =>
        Directory.EnumerateFiles(Path.Combine(SampleImages, cellClass)).Order(StringComparer.Ordinal).First();

    public static string NewTempFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "hematology-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Hematology.ML.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root (Hematology.ML.sln) not found above the test assembly.");
    }
}
