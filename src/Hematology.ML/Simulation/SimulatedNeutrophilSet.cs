using Hematology.ML.Imaging;

namespace Hematology.ML.Simulation;

/// <summary>
/// Builds a labelled SIMULATED neutrophil set from real neutrophils of one split:
/// <c>&lt;out&gt;/dysplastic/*.jpg</c> (hypogranulation severity s in [2/3, 1]) and <c>&lt;out&gt;/normal/*.jpg</c>
/// (s in [0, 0.3]), both through the same <see cref="NuisanceAugmentation"/>, with <c>manifest.csv</c>
/// (file, source_file, split, severity, label, seed, simulated) and a README. Deterministic for a seed;
/// each source cell is used once (so a source list of one split yields cells of that split only).
/// </summary>
internal sealed class SimulatedNeutrophilSet
{
    /// <summary>Manifest header.</summary>
    public const string ManifestHeader = "file,source_file,split,severity,label,seed,simulated";

    /// <summary>The hypogranulation simulator used.</summary>
    public HypogranulationSimulator Simulator { get; init; } = new();

    /// <summary>The nuisance changes applied to both classes.</summary>
    public NuisanceAugmentation Nuisance { get; init; } = new();

    /// <summary>
    /// Writes the set. Sources are shuffled by the seed; the first half (rounded up) of the first
    /// <paramref name="count"/> become dysplastic, the rest normal. Unreadable sources are skipped and reported.
    /// </summary>
    public SimulationResult Build(IReadOnlyList<string> sources, string split, string output, int count, int seed,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (count <= 0) throw new HematologyException("The number of simulated neutrophils must be positive.");
        if (sources.Count == 0) throw new HematologyException("No source neutrophils to simulate from.");
        var order = sources.Order(StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(order);
        var take = Math.Min(count, order.Length);
        var nDysplastic = (take + 1) / 2;
        Directory.CreateDirectory(Path.Combine(output, "dysplastic"));
        Directory.CreateDirectory(Path.Combine(output, "normal"));
        var skipped = new List<SkippedFile>();
        var lines = new List<string> { ManifestHeader };
        var written = 0;
        for (var k = 0; k < take; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var source = order[k];
            var image = SimulationOutput.TryDecode(source, skipped);
            progress?.Report(k + 1);
            if (image is null) continue;
            var cellSeed = SimulationOutput.Derive(seed, k);
            var random = new Random(cellSeed);
            var dysplastic = k < nDysplastic;
            var severity = dysplastic ? HypogranulationSimulator.DrawDysplasticSeverity(random) : HypogranulationSimulator.DrawNormalSeverity(random);
            var simulated = Nuisance.Apply(Simulator.Apply(image, severity), random.Next());
            var label = dysplastic ? "dysplastic" : "normal";
            var file = $"{label}/sim_{k:D5}_{Path.GetFileNameWithoutExtension(source)}.jpg";
            File.WriteAllBytes(Path.Combine(output, file), Imaging.CellImageDecoder.EncodeJpeg(simulated, 95));
            lines.Add(SimulationOutput.Csv(file, Path.GetFileName(source), split, severity, label, cellSeed, true));
            written++;
        }
        File.WriteAllLines(Path.Combine(output, "manifest.csv"), lines);
        SimulationOutput.WriteReadme(output,
            $"Simulated hypogranulated (dysplastic, severity >= 2/3) and normal (severity <= 0.3) neutrophils from the '{split}' split, seed {seed}. " +
            "See manifest.csv and docs/simulation.md.");
        return new SimulationResult(output, written, skipped);
    }
}
