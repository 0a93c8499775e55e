using Hematology.ML.Training;
using Spectre.Console;

namespace Hematology.Cli;

/// <summary>
/// Shows a training run: a progress bar per epoch (images, learning rate) on a terminal, or a line per
/// tenth of an epoch when stderr goes to a log file; a summary line per epoch either way.
/// </summary>
internal static class TrainingDisplay
{
    public static T Run<T>(int epochs, Func<Action<EpochRecord>, IProgress<TrainingProgress>, T> train)
    {
        static void PrintEpoch(EpochRecord e) => AnsiConsole.MarkupLine(
            $"epoch {e.Epoch}: train loss {e.TrainLoss:F4} acc {e.TrainAccuracy:P1}, val loss {e.ValidationLoss:F4} acc [bold]{e.ValidationAccuracy:P2}[/]{(e.IsBest ? " (best)" : "")}, lr {e.LearningRate:G3}, {e.Seconds:F0} s");
        if (Console.IsErrorRedirected)
        {
            var lastTenth = -1;
            return train(PrintEpoch, new Reporter(p =>
            {
                var tenth = 10 * p.ImagesDone / Math.Max(p.ImagesTotal, 1);
                if (p.Phase != "train" || tenth == lastTenth) return;
                lastTenth = tenth;
                Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} epoch {p.Epoch}/{epochs}: {p.ImagesDone}/{p.ImagesTotal} images, lr {p.LearningRate:G3}");
            }));
        }
        T result = default!;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                ProgressTask? task = null;
                (int, string) current = default;
                result = train(PrintEpoch, new Reporter(p =>
                {
                    if (task is null || current != (p.Epoch, p.Phase))
                    {
                        task?.StopTask();
                        current = (p.Epoch, p.Phase);
                        task = ctx.AddTask($"epoch {p.Epoch}/{epochs} {p.Phase}", maxValue: p.ImagesTotal);
                    }
                    task.Value = p.ImagesDone;
                    if (p.Phase == "train") task.Description = $"epoch {p.Epoch}/{epochs} train, lr {p.LearningRate:G3}";
                }));
            });
        return result;
    }

    // Progress<T> posts to the thread pool; the display should follow the batches in order.
    private sealed class Reporter(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
