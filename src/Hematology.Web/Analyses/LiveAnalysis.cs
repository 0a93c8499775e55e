using Hematology.ML.Database;

namespace Hematology.Web.Analyses;

/// <summary>An analysis in the queue or being screened: its progress and its own cancellation.</summary>
public sealed class LiveAnalysis(string id, int cells) : IProgress<int>
{
    private volatile string _status = SmearAnalysisStatus.Queued;
    private int _done;

    /// <summary>The analysis id.</summary>
    public string Id { get; } = id;

    /// <summary>Cell images to screen.</summary>
    public int Cells { get; } = cells;

    /// <summary>Cells classified so far.</summary>
    public int CellsDone => Volatile.Read(ref _done);

    /// <summary>Queued or running (see <see cref="SmearAnalysisStatus"/>).</summary>
    public string Status { get => _status; set => _status = value; }

    /// <summary>Cancelled on request.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <inheritdoc/>
    public void Report(int value) => Volatile.Write(ref _done, Math.Min(value, Cells));
}
