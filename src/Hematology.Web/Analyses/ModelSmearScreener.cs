using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Hematology.ML.Screening;

namespace Hematology.Web.Analyses;

/// <summary>
/// The loaded models, shared by every worker. Inference runs without gradients and may overlap; Grad-CAM hooks
/// DysplasiaNet's layers and switches its gradients for the time of the pass, so it runs alone (a writer lock
/// against the screens' reader locks).
/// </summary>
public sealed class ModelSmearScreener(ScreeningModels models) : ISmearScreener, IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new();

    /// <inheritdoc/>
    public ScreeningThresholds Thresholds => models.Pipeline.Thresholds;

    /// <inheritdoc/>
    public bool SimulatedTraining => models.Simulated;

    /// <inheritdoc/>
    public string ClassifierName => models.ClassifierName;

    /// <inheritdoc/>
    public string TrainingStatement => (models.Simulated
        ? "DysplasiaNet and its thresholds were trained on SIMULATED hypogranulation"
        : "DysplasiaNet and its thresholds were trained on the lab's own labelled neutrophils and smears")
        + $"; the eight-class model ({models.ClassifierName}) on normal cells of the public PBC dataset. Research use only, not a medical device.";

    /// <inheritdoc/>
    public SmearScreeningResult Screen(IReadOnlyList<string> images, IReadOnlyList<SkippedFile> skipped, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        _lock.EnterReadLock();
        try { return models.Pipeline.Screen(images, skipped, progress, cancellationToken); }
        finally { _lock.ExitReadLock(); }
    }

    /// <inheritdoc/>
    public IReadOnlyDictionary<string, byte[]> ExplainFlagged(SmearScreeningResult result, CancellationToken cancellationToken)
    {
        _lock.EnterWriteLock();
        try { return models.Pipeline.ExplainFlagged(result, cancellationToken: cancellationToken); }
        finally { _lock.ExitWriteLock(); }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        models.Dispose();
        _lock.Dispose();
    }
}
