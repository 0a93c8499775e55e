using System.Text.Json;
using Hematology.ML.Cells;
using Hematology.ML.Networks;

namespace Hematology.ML.Models;

/// <summary>
/// Several cell classifiers that vote by averaging their class probabilities (equal weights unless
/// given). A fine-tuned CNN and the colour/morphology feature model err on different cells (the CNN on
/// texture-poor platelets and smudged ig, the features on stain-shifted images), so their average is
/// more accurate than either. An ensemble file (<c>.hmle</c>) is a small JSON list of member model files,
/// relative to itself; members must share the class list. It may also ask its network members to
/// average over symmetric views of each cell (<see cref="NetworkCellClassifier.TestTimeViews"/>), which
/// makes a one-member ensemble the way to ship test-time augmentation for a trained network.
/// </summary>
internal sealed class CellClassifierEnsemble : ICellClassifier, ILabAdaptable, IStagedCellModel, ISingleNetworkModel
{
    /// <summary>Format tag of an ensemble file.</summary>
    public const string Format = "hematology-ml/ensemble";

    private readonly IReadOnlyList<ICellClassifier> _members;
    private readonly double[] _weights;

    /// <summary>An ensemble of loaded classifiers; it disposes them.</summary>
    /// <exception cref="HematologyException">No members, or members with different classes.</exception>
    public CellClassifierEnsemble(IReadOnlyList<ICellClassifier> members, IReadOnlyList<double>? weights = null)
    {
        if (members.Count == 0) throw new HematologyException("An ensemble needs at least one member.");
        var classes = members[0].Classes;
        if (members.Any(m => !m.Classes.SequenceEqual(classes)))
            throw new HematologyException("Ensemble members must have the same classes in the same order.");
        weights ??= members.Select(_ => 1.0).ToArray();
        if (weights.Count != members.Count || weights.Any(w => !(w > 0)))
            throw new HematologyException("An ensemble needs one positive weight per member.");
        var total = weights.Sum();
        _weights = weights.Select(w => w / total).ToArray();
        _members = members;
    }

    /// <summary>The members.</summary>
    public IReadOnlyList<ICellClassifier> Members => _members;

    /// <summary>Gives the cache folder to every member that computes features.</summary>
    void ICellClassifier.UseFeatureCache(string? folder)
    {
        foreach (var member in _members) member.UseFeatureCache(folder);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Classes => _members[0].Classes;

    // The cells are held in the form of the member that learned from the largest images; the others bring them to theirs.
    private ICellClassifier Finest => _members.MaxBy(m => m.SourceResolution)!;

    /// <inheritdoc/>
    public int SourceResolution => Finest.SourceResolution;

    /// <inheritdoc/>
    public Imaging.RgbImage ToWorkingSet(Imaging.RgbImage cell) => Finest.ToWorkingSet(cell);

    /// <inheritdoc/>
    public string? LabelOf(string cellClass) => _members[0].LabelOf(cellClass);

    private IEnumerable<ILabAdaptable> Adaptable => _members.Select(m => m.Adaptation).OfType<ILabAdaptable>();

    /// <summary>The ensemble adapts where one of its members can.</summary>
    ILabAdaptable? ICellClassifier.Adaptation => Adaptable.Any() ? this : null;

    /// <summary>The network of its only network member; none when it has several.</summary>
    public NetworkCellClassifier? Network =>
        _members.Select(m => (m as ISingleNetworkModel)?.Network).Where(n => n is not null).ToArray() is [var single] ? single : null;

    /// <summary>A one-member ensemble (test-time views of one network) is timed as its member; several have no single network.</summary>
    IStagedCellModel? ICellClassifier.Stages => _members is [{ Stages: not null }] ? this : null;
    private IStagedCellModel Member => _members[0].Stages!;
    string IStagedCellModel.Kind => "ensemble";
    string IStagedCellModel.NetworkName => Member.NetworkName;
    int IStagedCellModel.InputSize => Member.InputSize;
    int IStagedCellModel.PassesPerCell => Member.PassesPerCell;
    object IStagedCellModel.PrepareInput(IReadOnlyList<Imaging.RgbImage> cells) => Member.PrepareInput(cells);
    void IStagedCellModel.RunNetwork(object input) => Member.RunNetwork(input);

    /// <summary>Whether the members that can adapt to their input do (<see cref="ILabAdaptable"/>); the others are as they are.</summary>
    public bool AdaptToInput
    {
        get => Adaptable.Any(m => m.AdaptToInput);
        set { foreach (var member in Adaptable) member.AdaptToInput = value; }
    }

    /// <inheritdoc/>
    public LabAdaptationSummary? LastAdaptation => Adaptable.Select(m => m.LastAdaptation).FirstOrDefault(a => a is not null);

    /// <inheritdoc/>
    public LabAdaptationSummary? ModelAdaptation => Adaptable.Select(m => m.ModelAdaptation).FirstOrDefault(a => a is not null);

    /// <summary>Every member scores the same decoded cells; their probabilities are averaged with the ensemble's weights.</summary>
    public CellClassification ClassifyImages(IReadOnlyList<(string Source, Imaging.RgbImage Image)> cells, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default) =>
        Combine(cells.Select(c => c.Source).ToArray(), (member, memberProgress) => member.ClassifyImages(cells, memberProgress, cancellationToken), progress);

    // Each member's predictions, averaged with the ensemble's weights; a cell any member could not read is left out.
    private CellClassification Combine(IReadOnlyList<string> sources, Func<ICellClassifier, IProgress<int>?, CellClassification> classify, IProgress<int>? progress)
    {
        var results = new List<CellClassification>();
        for (var m = 0; m < _members.Count; m++)
        {
            var offset = m * sources.Count;
            // Each member covers its share of the bar.
            var memberProgress = progress is null ? null : new MappedProgress(progress, done => (offset + done) / _members.Count);
            results.Add(classify(_members[m], memberProgress));
        }
        var predictions = new CellPrediction?[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            if (results.Any(r => r.Predictions[i] is null)) continue;
            var average = new float[Classes.Count];
            for (var m = 0; m < results.Count; m++)
                for (var c = 0; c < average.Length; c++)
                    average[c] += (float)(_weights[m] * results[m].Predictions[i]!.Probabilities[c]);
            var best = Array.IndexOf(average, average.Max());
            predictions[i] = new CellPrediction(sources[i], Classes[best], average[best], average);
        }
        var skipped = results.SelectMany(r => r.Skipped).DistinctBy(s => s.Path).ToArray();
        return new CellClassification(predictions, skipped);
    }

    /// <summary>Writes an ensemble file naming member model files (stored relative to the ensemble file).</summary>
    public static void Save(string path, IReadOnlyList<string> memberFiles, IReadOnlyList<double>? weights = null, int testTimeViews = 1)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var file = new EnsembleFile(Format, memberFiles.Select(f => Path.GetRelativePath(folder, Path.GetFullPath(f))).ToArray(),
            weights?.ToArray() ?? memberFiles.Select(_ => 1.0).ToArray(),
            NetworkCellClassifier.RequireViewCount(testTimeViews) == 1 ? null : testTimeViews);
        File.WriteAllText(path, JsonSerializer.Serialize(file, JsonOptions) + "\n");
    }

    /// <summary>Whether <paramref name="path"/> is an ensemble file.</summary>
    public static bool IsEnsemble(string path) => ModelFileFormat.Of(path) == Format;

    /// <summary>Loads an ensemble file, loading each member through <paramref name="loadMember"/>.</summary>
    /// <exception cref="HematologyException">Not an ensemble, or a member missing or unreadable.</exception>
    public static CellClassifierEnsemble Load(string path, Func<string, ICellClassifier> loadMember)
    {
        var file = ReadFile(path) ?? throw new HematologyException($"'{path}' is not an ensemble file.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var members = new List<ICellClassifier>();
        try
        {
            foreach (var member in file.Members)
            {
                var memberPath = Path.Combine(folder, member);
                if (!File.Exists(memberPath)) throw new HematologyException($"Ensemble '{path}' names a member '{member}' that does not exist.");
                var loaded = loadMember(memberPath);
                members.Add(loaded);
                if (file.TestTimeViews is { } views && (loaded as ISingleNetworkModel)?.Network is { } network) network.TestTimeViews = views;
            }
            return new CellClassifierEnsemble(members, file.Weights);
        }
        catch
        {
            foreach (var member in members) member.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var member in _members) member.Dispose();
    }

    private static EnsembleFile? ReadFile(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length > 1 << 16) return null;
        var text = File.ReadAllText(path).TrimStart();
        if (!text.StartsWith('{')) return null;
        var file = JsonSerializer.Deserialize<EnsembleFile>(text, JsonOptions);
        return file?.Format == Format && file.Members is { Length: > 0 } ? file : null;
    }

    private sealed record EnsembleFile(string Format, string[] Members, double[]? Weights, int? TestTimeViews = null);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
