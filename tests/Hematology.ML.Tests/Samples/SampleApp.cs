using System.Reflection;

namespace Hematology.ML.Tests.Samples;

/// <summary>The sample applications of samples/, built with the tests (project references), run as processes.</summary>
internal static class SampleApp
{
    private static string Configuration =>
        typeof(SampleApp).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;

    private static string TargetFramework => new DirectoryInfo(AppContext.BaseDirectory).Name;

    /// <summary>
    /// Runs sample <paramref name="name"/> from the repository root, with no model folder set: it must use the
    /// models its build copied beside it.
    /// </summary>
    public static DotnetProcess.Result Run(string name, params string[] arguments)
    {
        var dll = Path.Combine(TestPaths.RepositoryRoot, "samples", name, "bin", Configuration, TargetFramework, name + ".dll");
        Assert.True(File.Exists(dll), $"{dll} was not built");
        return DotnetProcess.Run(TestPaths.RepositoryRoot, [dll, .. arguments], TimeSpan.FromMinutes(5),
            new Dictionary<string, string?> { ["HEMATOLOGY_ML_MODELS"] = null });
    }
}
