using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace Hematology.ML.Networks;

/// <summary>
/// A trained network as a cell classifier: a model file (zip of <c>network.json</c> and the weights in
/// <see cref="CompactWeights"/> form, a quarter of float32; computation is float32) that <c>hemato classify</c>,
/// <c>evaluate</c> and the screening pipeline load like a feature model. Images of any size are brought
/// to the network input by the working-set recipe (centre crop, Lanczos, JPEG round trip when resized),
/// standardised per image as in training, and scored in batches.
/// </summary>
internal sealed class NetworkCellClassifier : ICellClassifier, ILabAdaptable, IStagedCellModel, ISingleNetworkModel
{
    /// <summary>Format tag of network.json.</summary>
    public const string Format = "hematology-ml/cell-network";

    private const int FormatVersion = 1;
    private const string HeaderEntry = "network.json";
    private const string WeightsEntry = "weights.dat";

    private readonly Device _device;

    private readonly StainCalibration? _stain;

    private NetworkCellClassifier(NetworkModelHeader header, nn.Module<Tensor, Tensor> network, Device device)
    {
        Header = header;
        _stain = header.InputStainCalibration is { Count: 6 } values ? StainCalibration.FromValues(values.Take(3).ToArray(), values.Skip(3).ToArray()) : null;
        Network = network;
        _device = device;
    }

    /// <summary>What the file says about the network (architecture, input size, classes, training).</summary>
    public NetworkModelHeader Header { get; }

    /// <summary>The network, in evaluation mode (for Grad-CAM and feature maps).</summary>
    public nn.Module<Tensor, Tensor> Network { get; }

    /// <summary>The device the network runs on.</summary>
    public Device Device => _device;

    /// <inheritdoc/>
    public IReadOnlyList<string> Classes => Header.Classes;

    /// <inheritdoc/>
    public int SourceResolution => Header.InputSize;

    /// <summary>Images per forward pass.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>
    /// Test-time augmentation: the probabilities are averaged over this many symmetric views of each
    /// cell (1 = as it is; 2 adds the mirror image; 4 the vertical flips too; 8 the whole dihedral group,
    /// i.e. also 90-degree turns). A cell on a smear has no up or left, so every view is a real
    /// appearance of it; costs one forward pass per view.
    /// </summary>
    public int TestTimeViews
    {
        get => _testTimeViews;
        set => _testTimeViews = RequireViewCount(value);
    }

    /// <summary>Returns <paramref name="views"/> when it is a valid <see cref="TestTimeViews"/> count.</summary>
    /// <exception cref="HematologyException">Not 1, 2, 4 or 8.</exception>
    public static int RequireViewCount(int views) => views is 1 or 2 or 4 or 8 ? views
        : throw new HematologyException($"Test-time views must be 1, 2, 4 or 8, not {views}.");

    private int _testTimeViews = 1;

    /// <summary>
    /// Writes <paramref name="network"/> as a model file (atomically: written aside, then moved).
    /// The network is left as it was.
    /// </summary>
    public static void Save(nn.Module<Tensor, Tensor> network, NetworkModelHeader header, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var weights = new MemoryStream();
        CompactWeights.Save(network, weights);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            using (var entry = zip.CreateEntry(HeaderEntry).Open())
                JsonSerializer.Serialize(entry, header with { Format = Format, Version = FormatVersion }, HeaderJson);
            using (var entry = zip.CreateEntry(WeightsEntry, CompressionLevel.NoCompression).Open())
                weights.WriteTo(entry);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Loads a model file onto <paramref name="device"/>.</summary>
    /// <exception cref="HematologyException">Missing, unreadable or not a network model.</exception>
    public static NetworkCellClassifier Load(string path, string device = "cpu")
    {
        if (!File.Exists(path)) throw new HematologyException($"Model file '{path}' does not exist.");
        var target = TorchRuntime.EnsureInitialized(device);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            NetworkModelHeader header;
            using (var entry = Entry(zip, HeaderEntry).Open())
                header = JsonSerializer.Deserialize<NetworkModelHeader>(entry, HeaderJson) ?? throw new InvalidDataException("empty network.json");
            if (header.Format != Format) throw new InvalidDataException($"not a network model (format '{header.Format}')");
            if (header.Version > FormatVersion) throw new InvalidDataException($"made by a newer Hematology.ML (format version {header.Version})");
            var network = NetworkRegistry.Create(header.Network, header.Classes.Count, header.InputSize);
            using (var weights = new MemoryStream())
            {
                using (var entry = Entry(zip, WeightsEntry).Open()) entry.CopyTo(weights);
                weights.Position = 0;
                CompactWeights.Load(network, weights);
            }
            network.to(target).eval();
            return new NetworkCellClassifier(header, network, target) { TestTimeViews = RequireViewCount(header.TestTimeViews ?? 1) };
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or EndOfStreamException or ArgumentException)
        {
            throw new HematologyException($"Model file '{path}' is not a valid Hematology.ML network model: {e.Message}", e);
        }
    }

    /// <summary>Whether <paramref name="path"/> declares itself a network model file (<see cref="Format"/>).</summary>
    public static bool IsNetworkModel(string path) => ModelFileFormat.Of(path) == Format;

    /// <summary>
    /// Whether <see cref="ClassifyImages"/> (and so classification of files) first recomputes the batch-normalisation statistics on the images it is given
    /// (<see cref="BatchStatistics"/>, label-free), when they are at least <see cref="BatchStatistics.MinimumCells"/>: a
    /// folder from one lab then meets layers centred on that lab's stain and optics. The model file is unchanged and
    /// the statistics are put back afterwards.
    /// </summary>
    public bool AdaptToInput { get; set; }

    /// <summary>A network adapts to its input (<see cref="AdaptToInput"/>).</summary>
    ILabAdaptable? ICellClassifier.Adaptation => this;

    NetworkCellClassifier ISingleNetworkModel.Network => this;

    IStagedCellModel? ICellClassifier.Stages => this;
    string IStagedCellModel.Kind => "network";
    string IStagedCellModel.NetworkName => Header.Network;
    int IStagedCellModel.InputSize => Header.InputSize;
    int IStagedCellModel.PassesPerCell => TestTimeViews;
    object IStagedCellModel.PrepareInput(IReadOnlyList<RgbImage> cells) => ToInputBatch(cells);
    void IStagedCellModel.RunNetwork(object input) => PredictProbabilities((PreparedBatch)input);

    /// <inheritdoc/>
    public CellClassification Classify(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        CellFiles.Classify(this, imagePaths, progress, cancellationToken);

    /// <inheritdoc/>
    public CellClassification ClassifyImages(IReadOnlyList<(string Source, RgbImage Image)> cells, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var predictions = new CellPrediction?[cells.Count];
        var inputs = new (int Index, RgbImage Cell)[cells.Count];
        Parallel.For(0, cells.Count, new ParallelOptions { CancellationToken = cancellationToken }, i => inputs[i] = (i, ToInput(cells[i].Image)));
        var prepared = inputs.ToList();
        if (AdaptToInput && prepared.Count > 0) ScoreWithOwnStatistics(prepared, Score, n => progress?.Report(n), cancellationToken);
        else
            foreach (var batch in prepared.Chunk(BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Score(batch);
                progress?.Report(batch[^1].Index + 1);
            }
        return new CellClassification(predictions, []);

        void Score(IReadOnlyList<(int Index, RgbImage Cell)> batch) => ScoreInto(predictions, i => cells[i].Source, batch);
    }

    // Scores cells already at the network's input and puts each prediction at its index, named by `source`.
    private void ScoreInto(CellPrediction?[] predictions, Func<int, string> source, IReadOnlyList<(int Index, RgbImage Cell)> cells)
    {
        if (cells.Count == 0) return;
        var probabilities = PredictProbabilities(Standardised(cells.Select(c => c.Cell).ToArray(), prepare: false));
        for (var k = 0; k < cells.Count; k++)
            predictions[cells[k].Index] = CellPrediction.FromProbabilities(source(cells[k].Index), Classes, probabilities[k]);
    }

    /// <inheritdoc/>
    public LabAdaptationSummary? LastAdaptation { get; private set; }

    /// <inheritdoc/>
    public LabAdaptationSummary? ModelAdaptation => Header.InputZoom is { } zoom ? new LabAdaptationSummary(zoom, _stain?.Gain, FromModel: true) : null;

    // Brings the held cells to PBC's colours and, when their red cells and nuclei say it differs, to PBC's magnification; recomputes
    // the statistics on them (when there are enough), scores them in batches, and puts the training lab's statistics back whatever happens.
    private void ScoreWithOwnStatistics(List<(int Index, RgbImage Cell)> held, Action<IReadOnlyList<(int Index, RgbImage Cell)>> score,
        Action<int> done, CancellationToken cancellationToken)
    {
        // An adapted model knows its lab's colours and zoom (already applied by ToInput); otherwise the folder
        // tells. Colours first: the red-cell ruler finds red cells by their colour, and a strong restain hides them.
        var calibration = _stain is null ? StainCalibration.Fit(held.Select(c => c.Cell).ToArray()) : null;
        if (calibration is not null)
            for (var i = 0; i < held.Count; i++) held[i] = (held[i].Index, calibration.Apply(held[i].Cell));
        var zoom = Header.InputZoom is null ? LabScale.Zoom(held.Select(c => c.Cell).ToArray()) : 1;
        if (zoom != 1)
            for (var i = 0; i < held.Count; i++) held[i] = (held[i].Index, Magnification.Zoom(held[i].Cell, zoom));
        LastAdaptation = new LabAdaptationSummary(Header.InputZoom ?? zoom, (calibration ?? _stain)?.Gain, FromModel: Header.InputZoom is not null);
        var batches = held.Chunk(BatchSize).ToArray();
        var snapshot = held.Count >= BatchStatistics.MinimumCells ? BatchStatistics.Snapshot(Network) : null;
        try
        {
            if (snapshot is not null)
            {
                // Shuffled (fixed seed): a folder sorted by class would give batches of one class, whose variances miss
                // the differences between classes.
                var mixed = held.Select(c => c.Cell).ToArray();
                new Random(0).Shuffle(mixed);
                BatchStatistics.Recompute(Network, mixed.Chunk(BatchSize).Select(b => (Func<Tensor>)(() =>
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return Standardised(b, prepare: false).ToTensors(_device).Images;
                })));
            }
            var scored = 0;
            foreach (var batch in batches)
            {
                cancellationToken.ThrowIfCancellationRequested();
                score(batch);
                done(scored += batch.Length);
            }
        }
        finally
        {
            if (snapshot is not null)
            {
                BatchStatistics.Restore(Network, snapshot);
                foreach (var t in snapshot) t.Dispose();
            }
        }
    }

    /// <summary>A decoded cell at the network's input size: the working-set recipe, then an adapted model's colours and zoom.</summary>
    internal RgbImage ToInput(RgbImage image)
    {
        var cell = ((ICellClassifier)this).ToWorkingSet(image);
        if (_stain is not null) cell = _stain.Apply(cell);
        return Header.InputZoom is { } zoom && zoom != 1 ? Magnification.Zoom(cell, zoom) : cell;
    }

    /// <summary>Class probabilities (softmax, or sigmoid for one-logit networks) of decoded images of any size.</summary>
    public float[][] PredictProbabilities(IReadOnlyList<RgbImage> images)
    {
        if (images.Count == 0) return [];
        return PredictProbabilities(ToInputBatch(images));
    }

    /// <summary>Class probabilities of images already brought to the network input, averaged over <see cref="TestTimeViews"/>.</summary>
    public float[][] PredictProbabilities(PreparedBatch batch)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (x, _) = batch.ToTensors(_device);
        // Scalars held for the call (HeldScalars): a number turned into a Scalar on the fly can be finalised while libtorch reads it.
        using var views = TestTimeViews.ToScalar();
        var probabilities = DihedralViews(x, TestTimeViews).Select(Probabilities).Aggregate((sum, p) => sum.add(p, HeldScalars.One)).div(views);
        var flat = probabilities.to(CPU).data<float>().ToArray();
        var k = (int)probabilities.shape[1];
        return Enumerable.Range(0, (int)x.shape[0]).Select(i => flat.AsSpan(i * k, k).ToArray()).ToArray();
    }

    private Tensor Probabilities(Tensor x)
    {
        var output = Network.call(x);
        if (output.shape[1] != 1) return output.softmax(1);
        var positive = output.sigmoid();
        return cat([positive.neg().add(HeldScalars.One, HeldScalars.One), positive], 1);
    }

    /// <summary>
    /// The first <paramref name="count"/> elements of the dihedral group of the square, on (N, C, H, W) batches; made
    /// only as far as they are used (one view, the usual case, copies nothing).
    /// </summary>
    internal static IEnumerable<Tensor> DihedralViews(Tensor x, int count)
    {
        var turned = x.transpose(2, 3);
        Func<Tensor>[] all = [() => x, () => x.flip(3), () => x.flip(2), () => x.flip(2, 3),
            () => turned, () => turned.flip(3), () => turned.flip(2), () => turned.flip(2, 3)];
        return all.Take(count).Select(view => view());
    }

    /// <summary>
    /// Images as the network sees them: working-set recipe to the input size (and an adapted model's zoom and colours,
    /// <see cref="ToInput"/>), standardised per image.
    /// </summary>
    public PreparedBatch ToInputBatch(IReadOnlyList<RgbImage> images) => Standardised(images, prepare: true);

    // Cells already through ToInput (ClassifyImages brings them so) are only standardised: the zoom and colours of an
    // adapted model must apply once.
    private PreparedBatch Standardised(IReadOnlyList<RgbImage> images, bool prepare)
    {
        var side = Header.InputSize;
        var plane = 3 * side * side;
        var pixels = new float[images.Count * plane];
        Parallel.For(0, images.Count, i =>
        {
            var values = (prepare ? ToInput(images[i]) : images[i]).ToPlanarFloats();
            PixelStandardizer.StandardizeInPlace(values);
            values.CopyTo(pixels, i * plane);
        });
        return new PreparedBatch(pixels, new long[images.Count], side);
    }

    /// <inheritdoc/>
    public void Dispose() => Network.Dispose();

    private static ZipArchiveEntry Entry(ZipArchive zip, string name) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"missing {name}");

    private static readonly JsonSerializerOptions HeaderJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>network.json of a network model file.</summary>
/// <param name="Network">Registry name (<see cref="NetworkRegistry"/>).</param>
/// <param name="InputSize">Input side in pixels.</param>
/// <param name="Classes">Class names in output order.</param>
/// <param name="Training">How it was trained (command, seed, epochs, validation accuracy...), free-form.</param>
internal sealed record NetworkModelHeader(string Network, int InputSize, IReadOnlyList<string> Classes, IReadOnlyDictionary<string, object?>? Training = null)
{
    /// <summary>Format tag, checked on load.</summary>
    public string Format { get; init; } = NetworkCellClassifier.Format;

    /// <summary>Format version, checked on load.</summary>
    public int Version { get; init; } = 1;

    /// <summary>
    /// The zoom a lab's cells get before the network (<c>hemato adapt</c> measured it from the lab's red cells and nuclei); null
    /// for a model of the training lab, whose cells are used as they are or measured per folder.
    /// </summary>
    public double? InputZoom { get; init; }

    /// <summary>The lab's stain calibration (<see cref="Imaging.StainCalibration"/> gains then offsets, R G B) that
    /// <c>hemato adapt</c> measured; null for a model of the training lab.</summary>
    public IReadOnlyList<double>? InputStainCalibration { get; init; }

    /// <summary>Test-time views the model is used with (<see cref="NetworkCellClassifier.TestTimeViews"/>); null is 1.</summary>
    public int? TestTimeViews { get; init; }

    /// <summary>How pixels are normalised before the network (documents the contract; only one exists).</summary>
    public string Normalization { get; init; } = "per-image standardisation (thesis ch. 4.3)";
}
