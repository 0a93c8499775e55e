using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Hematology.ML.Screening;

namespace Hematology.Web.Analyses;

/// <summary>What the queue needs from the models: screen one smear's images, explain its flagged neutrophils.</summary>
public interface ISmearScreener
{
    /// <summary>The thresholds the decision uses.</summary>
    ScreeningThresholds Thresholds { get; }

    /// <summary>What the models learned from, said plainly for the page (e.g. simulated training, research use only).</summary>
    string TrainingStatement { get; }

    /// <summary>Whether DysplasiaNet or its thresholds came from simulated data.</summary>
    bool SimulatedTraining { get; }

    /// <summary>The eight-class model's name.</summary>
    string ClassifierName { get; }

    /// <summary>Screens one smear; <paramref name="progress"/> gets the cells classified so far.</summary>
    SmearScreeningResult Screen(IReadOnlyList<string> images, IReadOnlyList<SkippedFile> skipped, IProgress<int>? progress, CancellationToken cancellationToken);

    /// <summary>Grad-CAM overlays (PNG) of the flagged neutrophils, by file.</summary>
    IReadOnlyDictionary<string, byte[]> ExplainFlagged(SmearScreeningResult result, CancellationToken cancellationToken);
}
