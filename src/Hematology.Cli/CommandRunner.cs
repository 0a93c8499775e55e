using Hematology.ML;
using Spectre.Console;

namespace Hematology.Cli;

/// <summary>
/// Runs a command's body and turns failures into one clear line and an exit code: users see what
/// went wrong and what to do, never a stack trace (set HEMATOLOGY_ML_DEBUG=1 to get one).
/// </summary>
internal static class CommandRunner
{
    public const int Success = 0;
    public const int UserError = 1;
    public const int Unexpected = 2;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            AnsiConsole.MarkupLine("[yellow]Cancelled.[/]");
            return Cancelled;
        }
        catch (HematologyException e)
        {
            Error(e.Message);
            return UserError;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            Error(e.Message);
            return UserError;
        }
        catch (Exception e)
        {
            Error($"unexpected failure ({e.GetType().Name}): {e.Message}");
            if (Environment.GetEnvironmentVariable("HEMATOLOGY_ML_DEBUG") == "1") Console.Error.WriteLine(e);
            return Unexpected;
        }
    }

    public static int Run(Func<CancellationToken, int> body, CancellationToken cancellationToken) =>
        RunAsync(ct => Task.FromResult(body(ct)), cancellationToken).GetAwaiter().GetResult();

    public static void Error(string message) => Console.Error.WriteLine($"error: {message}");
}
