using System.CommandLine;
using Hematology.ML;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Simulation;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato simulate</c>: SIMULATED dysplastic neutrophils and smears from real PBC cells (issue 5).</summary>
internal static class SimulateCommand
{
    public static Command Create() =>
        new("simulate", "Make SIMULATED hypogranulated neutrophils and smears from real normal cells (labelled 'simulated')")
        {
            Neutrophils(), Smears(), Gallery(),
        };

    private static Command Neutrophils()
    {
        var source = new Option<string>("--source") { Description = "Folder of real neutrophil images (searched recursively)", Required = true };
        var output = new Option<string>("--output") { Description = "Output folder: dysplastic/, normal/, manifest.csv", Required = true };
        var count = new Option<int>("--count") { Description = "Simulated cells to make (half dysplastic)", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "Random seed" };
        var split = CommonOptions.Split();
        var subset = CommonOptions.Subset();
        var command = new Command("neutrophils", "SIMULATED dysplastic (s >= 2/3) and normal (s <= 0.3) neutrophils, each source used once")
            { source, output, count, seed, split, subset };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var sources = SplitSources(result.GetValue(source)!, result.GetValue(split), result.GetValue(subset), out var skipped);
            var n = Math.Min(result.GetValue(count), sources.Count);
            var simulation = ConsoleProgress.Run($"Simulating {n} neutrophils", n, false,
                p => new SimulatedNeutrophilSet().Build(sources, result.GetValue(subset) ?? "unspecified", result.GetValue(output)!,
                    result.GetValue(count), result.GetValue(seed), p, ct));
            return Task.FromResult(Report(simulation, skipped, "simulated neutrophils"));
        }, ct));
        return command;
    }

    private static Command Smears()
    {
        var data = CommonOptions.Data();
        var split = new Option<string>("--split") { Description = "Split manifest CSV (file,class,subtype,split)", Required = true };
        var subset = new Option<string>("--subset") { Description = "The one split the smears are drawn from: train, val or test", Required = true };
        var neutrophils = new Option<string?>("--neutrophils") { Description = "Folder of full-resolution neutrophils to use instead of --data's (same split)" };
        var output = new Option<string>("--output") { Description = "Output folder: one folder per smear, smears.csv, cells.csv", Required = true };
        var mds = new Option<int>("--mds") { Description = "Simulated MDS smears", DefaultValueFactory = _ => 10 };
        var normal = new Option<int>("--normal") { Description = "Simulated non-MDS smears", DefaultValueFactory = _ => 10 };
        var understained = new Option<int>("--understained") { Description = "Simulated understained non-MDS smears", DefaultValueFactory = _ => 0 };
        var set = new Option<string>("--set") { Description = "Name of the smear set: tuning or proof-of-concept (enters ids and seeds)", DefaultValueFactory = _ => "tuning" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 1, Description = "Random seed" };
        var realCells = new Option<bool>("--real-cells") { Description = "Non-MDS smears of unmodified real cells (no hypogranulation, nuisance or paling); only --normal (give --mds 0)" };
        var command = new Command("smears", "SIMULATED smears of 100-200 cells from one PBC split, MDS (dysplastic fraction 0.3-0.8) and non-MDS (0-0.1)")
            { data, split, subset, neutrophils, output, mds, normal, understained, set, seed, realCells };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var sub = result.GetValue(subset)!.ToLowerInvariant();
            var manifest = PbcSplitManifest.Load(result.GetValue(split)!);
            var folder = CellImageFolder.Load(result.GetValue(data)!, manifest, sub);
            var skipped = folder.Skipped.ToList();
            IReadOnlyList<CellSample>? fullres = null;
            if (result.GetValue(neutrophils) is { } nFolder)
            {
                var paths = SplitSources(nFolder, result.GetValue(split), sub, out var nSkipped);
                skipped.AddRange(nSkipped);
                fullres = paths.Select(p => new CellSample(p, "neutrophil", null, sub)).ToArray();
            }
            var options = new SmearSetOptions
            {
                Name = result.GetValue(set)!, MdsSmears = result.GetValue(mds), NormalSmears = result.GetValue(normal),
                UnderstainedSmears = result.GetValue(understained), Seed = result.GetValue(seed), RealCells = result.GetValue(realCells),
            };
            var total = options.MdsSmears + options.NormalSmears + options.UnderstainedSmears;
            if (total <= 0) throw new HematologyException("Ask for at least one smear (--mds, --normal, --understained).");
            var simulation = ConsoleProgress.Run($"Simulating {total} smears", total, false,
                p => new SmearGenerator().Generate(folder.Samples, fullres, options, result.GetValue(output)!, p, ct));
            return Task.FromResult(Report(simulation, skipped, $"cells in {total} simulated smears"));
        }, ct));
        return command;
    }

    private static Command Gallery()
    {
        var source = new Option<string>("--source") { Description = "Folder of real neutrophil images", Required = true };
        var output = new Option<string>("--output") { Description = "PNG file to write", Required = true };
        var rows = new Option<int>("--rows") { Description = "Neutrophils shown (the first by file name)", DefaultValueFactory = _ => 4 };
        var command = new Command("gallery", "PNG grid: real neutrophils beside simulated hypogranulation at s = 0.33, 0.67, 1.0") { source, output, rows };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var images = CellImageFolder.FromPaths([result.GetValue(source)!]);
            var skipped = images.Skipped.ToList();
            var originals = new List<RgbImage>();
            foreach (var s in images.Samples)
            {
                if (originals.Count >= result.GetValue(rows)) break;
                var image = CellImageDecoder.TryDecode(s.Path, out var reason);
                if (image is null) skipped.Add(new SkippedFile(s.Path, reason ?? "unreadable image"));
                else originals.Add(image);
            }
            var png = SimulationGallery.RenderPng(originals, SimulationGallery.DefaultSeverities, new HypogranulationSimulator());
            var path = result.GetValue(output)!;
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
            File.WriteAllBytes(path, png);
            CommonOptions.ReportSkipped(skipped);
            Console.WriteLine($"Wrote the simulation gallery ({originals.Count} real neutrophils, simulated s = 0.33, 0.67, 1.0) to {path}.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    /// <summary>Readable source images of a folder, restricted to one split when a manifest and subset are given.</summary>
    private static List<string> SplitSources(string folder, string? splitCsv, string? subset, out List<SkippedFile> skipped)
    {
        if (!Directory.Exists(folder)) throw new HematologyException($"Source folder '{folder}' does not exist.");
        if (subset is not null && splitCsv is null) throw new HematologyException("A subset needs a split manifest (--split).");
        var images = CellImageFolder.FromPaths([folder]);
        skipped = images.Skipped.ToList();
        var manifest = splitCsv is null ? null : PbcSplitManifest.Load(splitCsv);
        var sources = images.Samples.Select(s => s.Path)
            .Where(p => manifest is null || subset is null || string.Equals(manifest.Find(Path.GetFileName(p))?.Split, subset, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (sources.Count == 0) throw new HematologyException($"No readable source images in '{folder}'{(subset is null ? "" : $" for subset '{subset}'")}.");
        return sources;
    }

    private static int Report(SimulationResult simulation, IEnumerable<SkippedFile> skippedBefore, string what)
    {
        var skipped = skippedBefore.Concat(simulation.Skipped).ToArray();
        CommonOptions.ReportSkipped(skipped);
        Console.WriteLine($"Wrote {simulation.Written} {what} (SIMULATED, not clinical) to {simulation.Folder}" +
                          (skipped.Length > 0 ? $"; {skipped.Length} file(s) skipped." : "."));
        return simulation.Written == 0 ? CommandRunner.UserError : CommandRunner.Success;
    }
}
