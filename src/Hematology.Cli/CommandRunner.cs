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
            // libtorch's messages carry its whole native stack: the first line says what failed.
            var message = e.Message.Split('\n', 2)[0].Trim();
            Error($"unexpected failure ({e.GetType().Name}): {message}" + (e is System.Runtime.InteropServices.ExternalException
                ? " (a fault inside libtorch; a training run continues from its last epoch with --resume; HEMATOLOGY_ML_DEBUG=1 shows the native trace)" : ""));
            if (Environment.GetEnvironmentVariable("HEMATOLOGY_ML_DEBUG") == "1") Console.Error.WriteLine(e);
            return Unexpected;
        }
    }

    public static int Run(Func<CancellationToken, int> body, CancellationToken cancellationToken) =>
        RunAsync(ct => Task.FromResult(body(ct)), cancellationToken).GetAwaiter().GetResult();

    public static void Error(string message) => Console.Error.WriteLine($"error: {message}");
}
