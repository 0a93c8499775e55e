using System.Diagnostics;

namespace Hematology.ML.Tests.Cli;

/// <summary>Runs the real <c>hemato</c> executable (built beside the tests) and captures its output.</summary>
internal static class HematoProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] arguments) => RunWith(new Dictionary<string, string>(), arguments);

    /// <summary>Runs with extra environment variables (a data folder, a lab secret).</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestPaths.RepositoryRoot };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hemato.dll"));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["HEMATOLOGY_ML_MODELS"] = Path.Combine(TestPaths.RepositoryRoot, "models");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) { process.Kill(true); throw new TimeoutException("hemato did not finish in 3 minutes"); }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
