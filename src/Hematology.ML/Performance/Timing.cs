using System.Diagnostics;

namespace Hematology.ML.Performance;

/// <summary>Seconds of each timed run of some work.</summary>
/// <param name="Seconds">One entry per timed run, in order.</param>
internal sealed record TimingResult(IReadOnlyList<double> Seconds)
{
    /// <summary>The median run: on a shared machine one stalled run moves it less than the mean.</summary>
    public double Median
    {
        get
        {
            var sorted = Seconds.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    /// <summary>The fastest run.</summary>
    public double Min => Seconds.Min();

    /// <summary>The slowest run.</summary>
    public double Max => Seconds.Max();

    /// <summary>Items per second at the median run, for work of <paramref name="items"/> items per run.</summary>
    public double PerSecond(int items) => items / Median;
}

/// <summary>Wall-clock timing of repeated work.</summary>
internal static class Timing
{
    /// <summary>
    /// Runs <paramref name="work"/> <paramref name="warmups"/> times untimed (JIT, lazy initialisation,
    /// the allocator's first touch of its buffers), then <paramref name="runs"/> times timed.
    /// </summary>
    public static TimingResult Measure(Action work, int runs, int warmups = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runs, 1);
        for (var i = 0; i < warmups; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            work();
        }
        var seconds = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            work();
            seconds[i] = clock.Elapsed.TotalSeconds;
        }
        return new TimingResult(seconds);
    }
}
