using System.Collections.Concurrent;
using System.Threading.Channels;
using Hematology.ML;
using Hematology.ML.Database;
using Hematology.ML.Screening;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hematology.Web.Analyses;

/// <summary>
/// The bounded queue of smears waiting to be screened, and its workers (as many as the configured concurrency). Each
/// analysis can be cancelled on its own. Its state is written to the database at every change of status, and its
/// report and Grad-CAM overlays to its folder, so a reload of the page or a restart of the server loses nothing:
/// analyses a stopped server left queued are queued again at start; one that was running when the process died fails instead of killing the restarted server again. Logs name analyses by id only.
/// </summary>
public sealed class ScreeningQueue(ISmearScreener screener, SmearAnalysisStore store, AnalysisFolders folders, HematologyWebOptions options,
    ILogger<ScreeningQueue> logger) : BackgroundService
{
    private readonly Channel<LiveAnalysis> _channel = Channel.CreateBounded<LiveAnalysis>(new BoundedChannelOptions(options.QueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly ConcurrentDictionary<string, LiveAnalysis> _live = new();

    /// <summary>Why an analysis that was running when the server process died is not run again.</summary>
    public const string CrashedMessage = "The server stopped unexpectedly while screening this smear, so it was not run again "
        + "(one of its files may have caused it). Upload the smear again; if it fails the same way, leave out the file it names or tell the administrator.";

    /// <summary>Analyses waiting.</summary>
    public int Queued => _live.Values.Count(a => a.Status == SmearAnalysisStatus.Queued);

    /// <summary>Analyses being screened.</summary>
    public int Running => _live.Values.Count(a => a.Status == SmearAnalysisStatus.Running);

    /// <summary>True when no more analyses fit in the queue.</summary>
    public bool IsFull => _channel.Reader.Count >= options.QueueCapacity;

    /// <summary>Queues an accepted analysis; false when the queue is full.</summary>
    public bool TryEnqueue(string id, int cells)
    {
        var live = new LiveAnalysis(id, cells);
        if (!_live.TryAdd(id, live)) return false;
        if (_channel.Writer.TryWrite(live)) return true;
        _live.TryRemove(id, out _);
        return false;
    }

    /// <summary>The analysis while it is queued or running, else null (then the database knows it).</summary>
    public LiveAnalysis? Live(string id) => _live.GetValueOrDefault(id);

    /// <summary>Cancels a queued or running analysis; false when it is not in the queue.</summary>
    public bool Cancel(string id)
    {
        if (!_live.TryGetValue(id, out var live)) return false;
        // A queued analysis is cancelled at once; a running one when the screen reaches its next batch. The lock keeps
        // a worker from starting it in between.
        lock (live)
        {
            live.Cancellation.Cancel();
            if (live.Status == SmearAnalysisStatus.Queued && _live.TryRemove(id, out _)) Finish(live, SmearAnalysisStatus.Cancelled);
        }
        return true;
    }

    /// <inheritdoc/>
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        folders.RemoveAbandonedUploads();
        foreach (var id in store.Unfinished())
        {
            var cells = folders.CellFiles(id).Count;
            // A server that stops on its own puts a running analysis back to 'queued' first; one still 'running' here was
            // being screened when the process died. Its files may be what killed it, and queuing it again would kill the
            // restarted server the same way, every time: it fails instead, with a message the user can act on.
            if (store.Find(id)?.Status == SmearAnalysisStatus.Running)
            {
                store.SetStatus(id, SmearAnalysisStatus.Failed, CrashedMessage);
                logger.LogWarning("Analysis {Id} was running when the server died; not queued again", id);
            }
            else if (cells == 0) store.SetStatus(id, SmearAnalysisStatus.Failed, "Its images were lost when the server stopped; upload the smear again.");
            else if (TryEnqueue(id, cells)) logger.LogInformation("Analysis {Id} queued again after a restart", id);
            else store.SetStatus(id, SmearAnalysisStatus.Failed, "The queue was full when the server restarted; upload the smear again.");
        }
        var workers = Enumerable.Range(0, options.Concurrency)
            .Select(_ => Task.Factory.StartNew(() => Work(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        return Task.WhenAll(workers);
    }

    // One dedicated thread per worker: screening is long synchronous CPU work that would otherwise hold pool threads.
    private void Work(CancellationToken stoppingToken)
    {
        try
        {
            while (_channel.Reader.WaitToReadAsync(stoppingToken).AsTask().GetAwaiter().GetResult())
                if (_channel.Reader.TryRead(out var live) && _live.ContainsKey(live.Id)) Run(live, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    private void Run(LiveAnalysis live, CancellationToken stoppingToken)
    {
        lock (live)
        {
            if (live.Cancellation.IsCancellationRequested) return;
            live.Status = SmearAnalysisStatus.Running;
        }
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(live.Cancellation.Token, stoppingToken);
        try
        {
            store.SetStatus(live.Id, SmearAnalysisStatus.Running);
            var result = screener.Screen(folders.CellFiles(live.Id), folders.UploadSkipped(live.Id), live, cancellation.Token);
            var overlays = screener.ExplainFlagged(result, cancellation.Token);
            WriteFiles(live.Id, result, overlays);
            store.Complete(live.Id, result.Decision.ToText(), ScreeningReport.ToJson(result).ToJsonString());
            _live.TryRemove(live.Id, out _);
            logger.LogInformation("Analysis {Id} done: {Cells} cells", live.Id, result.Cells);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested && !live.Cancellation.IsCancellationRequested)
        {
            // The server is stopping: the analysis goes back to 'queued' and is screened again at the next start.
            store.SetStatus(live.Id, SmearAnalysisStatus.Queued);
        }
        catch (OperationCanceledException)
        {
            if (_live.TryRemove(live.Id, out _)) Finish(live, SmearAnalysisStatus.Cancelled);
        }
        catch (HematologyException e)
        {
            Fail(live, e.Message, e);
        }
        catch (Exception e)
        {
            // Whatever went wrong with one smear, the worker goes on with the next.
            Fail(live, $"unexpected failure ({e.GetType().Name})", e);
        }
    }

    private void WriteFiles(string id, SmearScreeningResult result, IReadOnlyDictionary<string, byte[]> overlays)
    {
        Directory.CreateDirectory(folders.GradCam(id));
        foreach (var (file, png) in overlays) File.WriteAllBytes(Path.Combine(folders.GradCam(id), Path.GetFileName(file) + ".png"), png);
        File.WriteAllText(folders.Report(id), ScreeningReport.ToHtml(result, overlays));
    }

    private void Fail(LiveAnalysis live, string message, Exception e)
    {
        _live.TryRemove(live.Id, out _);
        // The message of a screening error names files by name only; the exception's type is enough for the log.
        logger.LogWarning("Analysis {Id} failed ({Type})", live.Id, e.GetType().Name);
        store.SetStatus(live.Id, SmearAnalysisStatus.Failed, message);
        live.Status = SmearAnalysisStatus.Failed;
    }

    private void Finish(LiveAnalysis live, string status)
    {
        live.Status = status;
        store.SetStatus(live.Id, status);
        logger.LogInformation("Analysis {Id} {Status}", live.Id, status);
    }
}
