using Hematology.ML.Imaging;

namespace Hematology.ML.Cells;

/// <summary>
/// A cell model whose scoring splits into bringing decoded cells to its network's input and running that network, so the
/// speed benchmark can time each alone (benchmarks/README.md). Reached through <see cref="ICellClassifier.Stages"/>.
/// </summary>
internal interface IStagedCellModel
{
    /// <summary><c>network</c>, <c>features</c> or <c>ensemble</c>.</summary>
    string Kind { get; }

    /// <summary>The network that does the heavy arithmetic, by registry name or runtime.</summary>
    string NetworkName { get; }

    /// <summary>The network's input side.</summary>
    int InputSize { get; }

    /// <summary>Forward passes per cell (test-time views, or feature views).</summary>
    int PassesPerCell { get; }

    /// <summary>Decoded cells of any size as the network's input.</summary>
    object PrepareInput(IReadOnlyList<RgbImage> cells);

    /// <summary>The network on what <see cref="PrepareInput"/> made.</summary>
    void RunNetwork(object input);
}
