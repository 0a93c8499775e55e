using System.IO.Compression;
using System.Text.Json;
using Hematology.ML.Cells;
using Hematology.ML.Features.Classifiers;

namespace Hematology.ML.Features;

/// <summary>
/// A trained "deep features + quantitative features + classifier" cell recogniser: the feature spec
/// (including the resolution it learned from), the standardiser and the classifier. Saved as one
/// zip file; the ResNet-18 weights are not copied into it (they come with the NuGet package).
/// </summary>
public sealed class FeatureCellClassifier : ICellClassifier, IStagedCellModel
{
    /// <summary>Format tag written in every model file.</summary>
    public const string Format = "hematology-ml/feature-classifier";
    private const int FormatVersion = 1;

    private readonly FeatureStandardizer _standardizer;
    private readonly IFeatureClassifier _classifier;
    private CellFeatureExtractor? _extractor;

    internal FeatureCellClassifier(IReadOnlyList<string> classes, FeatureSpec spec, FeatureStandardizer standardizer, IFeatureClassifier classifier,
        LabelGrouping grouping)
    {
        Classes = classes;
        Grouping = grouping;
        Spec = spec;
        _standardizer = standardizer;
        _classifier = classifier;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Classes { get; }

    /// <summary>How cell classes map onto this model's labels.</summary>
    internal LabelGrouping Grouping { get; }

    /// <inheritdoc />
    public string? LabelOf(string cellClass) => Grouping.GroupOf(cellClass);

    /// <summary>The features this model reads.</summary>
    internal FeatureSpec Spec { get; }

    /// <summary>The classifier's registry name.</summary>
    public string ClassifierName => _classifier.Name;

    /// <inheritdoc />
    public int SourceResolution => Spec.SourceResolution;

    /// <summary>
    /// The cache used for features of files (default: none on disk; features of images already seen by this
    /// model are still remembered in memory). A new cache takes effect from the next call.
    /// </summary>
    internal FeatureCache Cache
    {
        get => _cache;
        set
        {
            _cache = value;
            if (_extractor is not null) _extractor.Cache = value;
        }
    }

    private FeatureCache _cache = new(null);

    void ICellClassifier.UseFeatureCache(string? folder) => Cache = new FeatureCache(folder);

    private CellFeatureExtractor Extractor => _extractor ??= new CellFeatureExtractor(Spec, Cache);

    IStagedCellModel? ICellClassifier.Stages => this;
    string IStagedCellModel.Kind => "features";
    string IStagedCellModel.NetworkName => ResNet18Featurizer.Description;
    int IStagedCellModel.InputSize => ResNet18Featurizer.InputSize;
    int IStagedCellModel.PassesPerCell => Spec.Views;
    object IStagedCellModel.PrepareInput(IReadOnlyList<Imaging.RgbImage> cells) => Extractor.DeepInputs(cells);
    void IStagedCellModel.RunNetwork(object input) => Extractor.DeepFeatures((float[][])input);

    /// <inheritdoc />
    public Imaging.RgbImage ToWorkingSet(Imaging.RgbImage cell) => Spec.ToWorkingSet(cell);

    /// <summary>Probabilities for raw (unstandardised) view-averaged feature rows.</summary>
    public float[][] PredictProbabilities(IReadOnlyList<float[]> features) =>
        _classifier.PredictProbabilities(features.Select(_standardizer.Transform).ToArray());

    /// <inheritdoc/>
    public CellClassification Classify(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        CellFiles.Classify(this, imagePaths, progress, cancellationToken);

    /// <inheritdoc />
    public CellClassification ClassifyImages(IReadOnlyList<(string Source, Imaging.RgbImage Image)> cells, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var features = Extractor.Extract(cells.Select(c => c.Image).ToArray(), progress, cancellationToken);
        var probabilities = PredictProbabilities(features.Select(FeatureExtraction.Average).ToArray());
        var predictions = cells.Select((c, i) => (CellPrediction?)CellPrediction.FromProbabilities(c.Source, Classes, probabilities[i])).ToArray();
        return new CellClassification(predictions, []);
    }

    /// <summary>Writes the model as a zip: <c>model.json</c>, <c>standardizer.bin</c>, <c>classifier.bin</c>.</summary>
    public void Save(string path, IReadOnlyDictionary<string, object?>? training = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        using (var file = File.Create(temporary))
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create))
        {
            var header = new ModelHeader(Format, FormatVersion, Classes.ToArray(), Spec.SourceResolution, Spec.SourceJpegQuality, Spec.Blocks.ToArray(), Spec.Views,
                _classifier.Name, Grouping.Name, PbcGroupMap(), training?.ToDictionary(k => k.Key, k => k.Value));
            using (var entry = zip.CreateEntry("model.json").Open())
                JsonSerializer.Serialize(entry, header, ModelJson.Options);
            using (var entry = new BinaryWriter(zip.CreateEntry("standardizer.bin").Open()))
                _standardizer.Save(entry);
            using (var entry = zip.CreateEntry("classifier.bin").Open())
                _classifier.Save(entry);
        }
        // Written aside and moved into place, so an interrupted save never leaves half a model.
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a model file; a missing or corrupt file raises a <see cref="HematologyException"/>.</summary>
    public static FeatureCellClassifier Load(string path)
    {
        if (!File.Exists(path)) throw new HematologyException($"Model file '{path}' does not exist.");
        try
        {
            using var zip = ZipFile.OpenRead(path);
            ModelHeader header;
            using (var entry = Entry(zip, "model.json").Open())
                header = JsonSerializer.Deserialize<ModelHeader>(entry, ModelJson.Options) ?? throw new InvalidDataException("empty model.json");
            if (header.Format != Format) throw new InvalidDataException($"not a feature-classifier model (format '{header.Format}')");
            if (header.Version > FormatVersion) throw new InvalidDataException($"made by a newer Hematology.ML (format version {header.Version})");
            var spec = new FeatureSpec(header.SourceResolution, header.Blocks, header.Views, header.SourceJpegQuality);
            spec.Validate();
            FeatureStandardizer standardizer;
            using (var entry = new BinaryReader(Entry(zip, "standardizer.bin").Open()))
                standardizer = FeatureStandardizer.Load(entry);
            using var classifierStream = new MemoryStream();
            using (var entry = Entry(zip, "classifier.bin").Open()) entry.CopyTo(classifierStream);
            classifierStream.Position = 0;
            var classifier = FeatureClassifierCatalog.Load(header.Classifier, classifierStream);
            var grouping = header.GroupOfClass is { Count: > 0 } map ? new LabelGrouping(header.Grouping ?? "custom", map) : LabelGrouping.Pbc8;
            return new FeatureCellClassifier(header.Classes, spec, standardizer, classifier, grouping);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or EndOfStreamException or KeyNotFoundException)
        {
            throw new HematologyException($"Model file '{path}' is not a valid Hematology.ML feature model: {e.Message}", e);
        }
    }

    /// <summary>True when a file declares itself a model of this kind (<see cref="Format"/>).</summary>
    public static bool IsFeatureModel(string path) => ModelFileFormat.Of(path) == Format;

    private static ZipArchiveEntry Entry(ZipArchive zip, string name) =>
        zip.GetEntry(name) ?? throw new InvalidDataException($"missing {name}");

    /// <inheritdoc />
    public void Dispose() => _extractor?.Dispose();

    private sealed record ModelHeader(string Format, int Version, string[] Classes, int SourceResolution, int? SourceJpegQuality, string[] Blocks, int Views,
        string Classifier, string? Grouping, Dictionary<string, string>? GroupOfClass, Dictionary<string, object?>? Training);

    // The grouping travels with the model so evaluation maps folder classes the way training did.
    private Dictionary<string, string> PbcGroupMap() =>
        PbcCellClass.All.Concat(Classes).Distinct().Where(c => Grouping.GroupOf(c) is not null).ToDictionary(c => c, c => Grouping.GroupOf(c)!);
}

/// <summary>JSON conventions of model files and results: snake_case, indented.</summary>
internal static class ModelJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };
}
