using System.Text.Json;
using Hematology.ML.Cells;
using Hematology.ML.Features;
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
internal sealed class CellClassifierEnsemble : ICellClassifier, ILabAdaptable, IFeatureCacheUser
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

    /// <summary>Gives the cache to every member that computes features.</summary>
    public void UseCache(FeatureCache cache)
    {
        foreach (var member in _members.OfType<IFeatureCacheUser>()) member.UseCache(cache);
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Classes => _members[0].Classes;

    /// <inheritdoc/>
    public int SourceResolution => _members[0].SourceResolution;

    /// <inheritdoc/>
    public string? LabelOf(string cellClass) => _members[0].LabelOf(cellClass);

    /// <summary>Whether the members that can adapt to their input do (<see cref="ILabAdaptable"/>); the others are as they are.</summary>
    public bool AdaptToInput
    {
        get => _members.OfType<ILabAdaptable>().Any(m => m.AdaptToInput);
        set { foreach (var member in _members.OfType<ILabAdaptable>()) member.AdaptToInput = value; }
    }

    /// <inheritdoc/>
    public LabAdaptationSummary? LastAdaptation => _members.OfType<ILabAdaptable>().Select(m => m.LastAdaptation).FirstOrDefault(a => a is not null);

    /// <inheritdoc/>
    public LabAdaptationSummary? ModelAdaptation => _members.OfType<ILabAdaptable>().Select(m => m.ModelAdaptation).FirstOrDefault(a => a is not null);

    /// <inheritdoc/>
    public CellClassification Classify(IReadOnlyList<string> imagePaths, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        Combine(imagePaths, (member, memberProgress) => member.Classify(imagePaths, memberProgress, cancellationToken), progress);

    /// <inheritdoc/>
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
            var memberProgress = progress is null ? null : new Offset(progress, offset, _members.Count);
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
    public static bool IsEnsemble(string path)
    {
        try { return ReadFile(path) is not null; }
        catch (Exception e) when (e is JsonException or IOException or HematologyException) { return false; }
    }

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
                if (file.TestTimeViews is { } views && loaded is NetworkCellClassifier network) network.TestTimeViews = views;
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

    // Each member covers its share of the bar.
    private sealed class Offset(IProgress<int> inner, int offset, int members) : IProgress<int>
    {
        public void Report(int value) => inner.Report((offset + value) / members);
    }
}
