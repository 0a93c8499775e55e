namespace Hematology.ML.Tests.Cli;

/// <summary>Runs the real <c>hemato</c> executable (built beside the tests) and captures its output.</summary>
internal static class HematoProcess
{
    public static DotnetProcess.Result Run(params string[] arguments) => RunWith(new Dictionary<string, string>(), arguments);

    /// <summary>Runs with extra environment variables (a data folder, a lab secret).</summary>
    public static DotnetProcess.Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var variables = new Dictionary<string, string?> { ["HEMATOLOGY_ML_MODELS"] = Path.Combine(TestPaths.RepositoryRoot, "models") };
        foreach (var (name, value) in environment) variables[name] = value;
        // A guard against a hung process, not a speed check: with many test classes sharing two cores the 8-view
        // evaluation of the 160 originals took 2.5 minutes, and a 3-minute guard failed it on a slow run.
        return DotnetProcess.Run(TestPaths.RepositoryRoot, [Path.Combine(AppContext.BaseDirectory, "hemato.dll"), .. arguments],
            TimeSpan.FromMinutes(6), variables);
    }
}
