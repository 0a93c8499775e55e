using Spectre.Console;

namespace Hematology.Cli;

/// <summary>Progress bars for long work; quiet when output is redirected or JSON is requested.</summary>
internal static class ConsoleProgress
{
    public static T Run<T>(string description, int total, bool quiet, Func<IProgress<int>, T> work)
    {
        if (quiet || Console.IsErrorRedirected || total <= 0) return work(new Progress<int>(_ => { }));
        T result = default!;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), maxValue: total);
                result = work(new SynchronousProgress(done => task.Value = done));
            });
        return result;
    }

    // Progress<T> posts to the thread pool; the bar should move as work completes, in order.
    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
