using System.Diagnostics;

namespace Hematology.ML.Tests;

/// <summary>Runs <c>dotnet</c> (the SDK, or an application's dll) as a child process and captures its output.</summary>
internal static class DotnetProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string Both => Output + Error;
    }

    /// <summary>
    /// Runs <c>dotnet arguments</c> in <paramref name="workingDirectory"/>; an environment value of null removes
    /// the variable. Throws when it takes longer than <paramref name="timeout"/>.
    /// </summary>
    public static Result Run(string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(true);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish in {timeout}.");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// SDK commands (build, pack, restore) that leave no MSBuild or compiler server behind: a server would
    /// inherit the redirected output and keep the test waiting for its end.
    /// </summary>
    public static Result Sdk(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Run(workingDirectory, [.. arguments, "-nodeReuse:false", "-p:UseSharedCompilation=false"], timeout,
            new Dictionary<string, string?> { ["MSBUILDDISABLENODEREUSE"] = "1", ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0" });
}
