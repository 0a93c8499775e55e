using Hematology.ML.Datasets;
using Hematology.ML.Imaging;

namespace Hematology.ML.Simulation;

/// <summary>Settings of a simulated smear set.</summary>
internal sealed record SmearSetOptions
{
    /// <summary>Name of the set (e.g. <c>tuning</c> for threshold tuning, <c>proof-of-concept</c> for the final
    /// evaluation); it enters the smear ids and the seed, so sets of different names never share draws.</summary>
    public string Name { get; init; } = "tuning";
    /// <summary>Number of simulated MDS smears.</summary>
    public int MdsSmears { get; init; } = 10;
    /// <summary>Number of simulated non-MDS smears.</summary>
    public int NormalSmears { get; init; } = 10;
    /// <summary>Number of non-MDS smears simulated as understained (all granulocytes paler).</summary>
    public int UnderstainedSmears { get; init; }
    /// <summary>Understaining strength of those smears (see <see cref="UnderstainedSmear"/>).</summary>
    public double UnderstainStrength { get; init; } = 0.6;
    /// <summary>Range of the dysplastic-neutrophil fraction of MDS smears.</summary>
    public (double Min, double Max) MdsDysplasticFraction { get; init; } = (0.3, 0.8);
    /// <summary>Range of the dysplastic-neutrophil fraction of non-MDS smears.</summary>
    public (double Min, double Max) NormalDysplasticFraction { get; init; } = (0.0, 0.1);
    /// <summary>Base seed.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>
    /// Smears of unmodified real cells: no hypogranulation, no nuisance, no understaining (only the
    /// composition is drawn). For the check that the screen calls real normal smears no-MDS; only
    /// non-MDS smears may be asked for.
    /// </summary>
    public bool RealCells { get; init; }
}

/// <summary>
/// Generates SIMULATED smears from one split of PBC: each smear is a folder of 100-200 cell images with a
/// realistic differential (<see cref="SmearComposition"/>); its neutrophils are made hypogranulated
/// (s in [2/3, 1]) for a drawn dysplastic fraction, the others get s in [0, 0.3]; every cell goes through
/// the same nuisance changes. Writes <c>smears.csv</c> (smear_id, diagnosis, n_cells, dysplastic_fraction,
/// understained, seed, simulated) and <c>cells.csv</c> (the per-cell truth). Within a smear each source cell is used once
/// (while the split has enough of its class); across smears cells are reused (a split holds a few hundred
/// neutrophils), never taken from another split.
/// </summary>
internal sealed class SmearGenerator
{
    /// <summary>Header of <c>smears.csv</c>.</summary>
    public const string SmearsHeader = "smear_id,set,diagnosis,n_cells,n_neutrophils,dysplastic_fraction,understained,seed,simulated";
    /// <summary>Header of <c>cells.csv</c>.</summary>
    public const string CellsHeader = "smear_id,file,source_file,class,split,severity,dysplastic,simulated";

    /// <summary>The hypogranulation simulator used.</summary>
    public HypogranulationSimulator Simulator { get; init; } = new();
    /// <summary>The nuisance changes applied to every cell.</summary>
    public NuisanceAugmentation Nuisance { get; init; } = new();

    /// <summary>
    /// Writes the smear set. <paramref name="cells"/> are the cells of one split (all classes);
    /// <paramref name="neutrophils"/> optionally replaces its neutrophils (e.g. full-resolution ones of the same split).
    /// </summary>
    public SimulationResult Generate(IReadOnlyList<CellSample> cells, IReadOnlyList<CellSample>? neutrophils, SmearSetOptions options,
        string output, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var splits = cells.Concat(neutrophils ?? []).Select(c => c.Split).Distinct().ToArray();
        if (splits.Length > 1) throw new HematologyException($"Simulated smears must come from one split; got {string.Join(", ", splits)}.");
        var pool = cells.Where(c => neutrophils is null || c.CellClass != "neutrophil").Concat(neutrophils ?? [])
            .GroupBy(c => c.CellClass).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Path, StringComparer.Ordinal).ToArray());
        foreach (var cls in SmearComposition.Differential.Keys)
            if (!pool.ContainsKey(cls)) throw new HematologyException($"No '{cls}' images to build simulated smears from.");
        Directory.CreateDirectory(output);
        var smearLines = new List<string> { SmearsHeader };
        var cellLines = new List<string> { CellsHeader };
        var skipped = new List<SkippedFile>();
        var setSeed = SimulationOutput.Derive(options.Seed, StableHash(options.Name));
        var total = options.MdsSmears + options.NormalSmears + options.UnderstainedSmears;
        if (options.RealCells && (options.MdsSmears > 0 || options.UnderstainedSmears > 0))
            throw new HematologyException("Smears of real cells can only be non-MDS: give --mds 0 (and no --understained); dysplasia and understaining are simulated.");
        // Each smear draws from its own seeded generator, so smears are made in parallel and written in order:
        // the same seed gives the same bytes whatever the thread count.
        var smearRows = new string[total];
        var cellRows = new List<string>[total];
        var skippedBySmear = new List<SkippedFile>[total];
        var writtenBySmear = new int[total];
        var done = 0;
        Parallel.For(0, total, new ParallelOptions { CancellationToken = cancellationToken }, s =>
        {
            var mds = s < options.MdsSmears;
            var understained = s >= options.MdsSmears + options.NormalSmears;
            var smearSeed = SimulationOutput.Derive(setSeed, s);
            var random = new Random(smearSeed);
            var id = $"{options.Name}-{s + 1:D3}";
            var folder = Path.Combine(output, id);
            Directory.CreateDirectory(folder);
            var counts = SmearComposition.Draw(random);
            var (fMin, fMax) = mds ? options.MdsDysplasticFraction : options.NormalDysplasticFraction;
            var fraction = options.RealCells ? 0 : fMin + random.NextDouble() * (fMax - fMin);
            var nNeutro = counts["neutrophil"];
            var nDysplastic = (int)Math.Round(fraction * nNeutro);
            var drawn = counts.Where(c => c.Value > 0 && pool.ContainsKey(c.Key))
                .SelectMany(c => Enumerable.Range(0, c.Value).Select(i => (Class: c.Key, Index: i))).ToArray();
            random.Shuffle(drawn);
            // Within a smear a source cell appears once (as long as the split has enough of its class).
            var order = pool.ToDictionary(p => p.Key, p => { var copy = (CellSample[])p.Value.Clone(); random.Shuffle(copy); return copy; });
            var n = 0;
            var lines = new List<string>();
            var smearSkipped = new List<SkippedFile>();
            foreach (var (cls, index) in drawn)
            {
                var source = order[cls][index % order[cls].Length];
                var cellSeed = random.Next();
                var image = SimulationOutput.TryDecode(source.Path, smearSkipped);
                if (image is null) continue;
                var cellRandom = new Random(cellSeed);
                double severity = 0;
                var dysplastic = false;
                if (options.RealCells) { /* the cell as it is */ }
                else if (cls == "neutrophil")
                {
                    dysplastic = index < nDysplastic;
                    severity = dysplastic ? HypogranulationSimulator.DrawDysplasticSeverity(cellRandom) : HypogranulationSimulator.DrawNormalSeverity(cellRandom);
                    image = Simulator.Apply(image, severity);
                }
                if (understained) image = UnderstainedSmear.Apply(image, cls, options.UnderstainStrength);
                if (!options.RealCells) image = Nuisance.Apply(image, cellRandom.Next());
                var file = $"cell_{++n:D3}.jpg";
                File.WriteAllBytes(Path.Combine(folder, file), CellImageDecoder.EncodeJpeg(image, 95));
                lines.Add(SimulationOutput.Csv(id, $"{id}/{file}", source.FileName, cls, source.Split ?? "", severity, dysplastic, true));
            }
            smearRows[s] = SimulationOutput.Csv(id, options.Name, mds ? "mds" : "normal", n, nNeutro,
                nNeutro == 0 ? 0.0 : (double)nDysplastic / nNeutro, understained, smearSeed, true);
            cellRows[s] = lines;
            skippedBySmear[s] = smearSkipped;
            writtenBySmear[s] = n;
            progress?.Report(Interlocked.Increment(ref done));
        });
        smearLines.AddRange(smearRows);
        foreach (var rows in cellRows) cellLines.AddRange(rows);
        foreach (var list in skippedBySmear) skipped.AddRange(list);
        var written = writtenBySmear.Sum();
        File.WriteAllLines(Path.Combine(output, "smears.csv"), smearLines);
        File.WriteAllLines(Path.Combine(output, "cells.csv"), cellLines);
        SimulationOutput.WriteReadme(output,
            $"Simulated smear set '{options.Name}' (split '{splits.FirstOrDefault() ?? "unknown"}', seed {options.Seed}): {options.MdsSmears} MDS smears " +
            $"(dysplastic neutrophil fraction {options.MdsDysplasticFraction.Min}-{options.MdsDysplasticFraction.Max}), {options.NormalSmears} non-MDS " +
            $"({options.NormalDysplasticFraction.Min}-{options.NormalDysplasticFraction.Max}), {options.UnderstainedSmears} understained non-MDS. " +
            (options.RealCells ? "REAL CELLS ONLY: every image is an unmodified real PBC cell; only the composition is simulated. " : "") +
            "smears.csv holds the simulated diagnosis of each smear, cells.csv the truth of each cell.");
        return new SimulationResult(output, written, skipped);
    }

    private static int StableHash(string text)
    {
        var h = 17;
        foreach (var ch in text) h = unchecked(h * 31 + ch);
        return h & int.MaxValue;
    }
}
