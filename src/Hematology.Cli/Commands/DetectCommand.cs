using System.CommandLine;
using System.Text.Json;
using Hematology.ML;
using Hematology.ML.Datasets;
using Hematology.ML.Detection;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato detect</c>: the cells of microscope-camera fields, their boxes and classes; review crops and an HTML page.</summary>
internal static class DetectCommand
{
    /// <summary>Side of the review crops: a PBC original's, so that they import and classify like PBC cells.</summary>
    public const int ReviewCropSize = 360;

    public static Command Create()
    {
        var inputs = new Argument<string[]>("fields") { Description = "Field images and/or folders of them (searched recursively)", Arity = ArgumentArity.OneOrMore };
        var json = CommonOptions.Json();
        var model = CommonOptions.Model();
        var device = CommonOptions.Device();
        var noAdaptation = CommonOptions.NoAdaptation();
        var noClassify = new Option<bool>("--no-classify") { Description = "Only find the cells; do not classify them" };
        var crops = new Option<string?>("--crops") { Description = "Write each detected cell as a 360x360 image into <DIR>/<predicted class>/ (PBC-style, for review or 'hemato db import')" };
        var html = new Option<string?>("--html") { Description = "Write an HTML page that draws the boxes and labels on each field" };
        var command = new Command("detect", "Find and classify the cells of microscope-camera field images") { inputs, json, model, device, noAdaptation, noClassify, crops, html };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var quiet = result.GetValue(json);
            var folder = CellImageFolder.FromPaths(result.GetValue(inputs)!);
            var files = folder.Samples.Select(s => s.Path).ToArray();
            if (files.Length == 0) throw new HematologyException($"No readable images in {folder.Root} ({folder.Skipped.Count} file(s) skipped).");
            using var classifier = result.GetValue(noClassify) ? null : ModelCatalog.Shipped().LoadClassifier(result.GetValue(model), result.GetValue(device)!);
            if (classifier is not null) CommonOptions.UseAdaptation(classifier, result.GetValue(noAdaptation));
            var analysis = ConsoleProgress.Run($"Detecting cells in {files.Length} field(s)", files.Length * (classifier is null ? 1 : 2), quiet,
                p => new FieldAnalysis(classifier).Analyse(files, p, ct));
            var skipped = folder.Skipped.Concat(analysis.Skipped).ToArray();
            analysis = analysis with { Skipped = skipped };
            WriteReview(analysis, result.GetValue(crops), result.GetValue(html), ct);
            if (quiet) Console.WriteLine(FieldAnalysisJson.ToJson(analysis).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else Print(analysis);
            return Task.FromResult(analysis.Images.Count == 0 ? CommandRunner.UserError : CommandRunner.Success);
        }, ct));
        return command;
    }

    private static void Print(FieldAnalysisResult analysis)
    {
        CommonOptions.ReportSkipped(analysis.Skipped);
        var table = new Table().AddColumns("Field", "Nucleated", "Cut", "Platelets", "Classes");
        foreach (var image in analysis.Images)
            table.AddRow(Markup.Escape(Path.GetFileName(image.File)), image.CountedCells.Count().ToString(),
                image.Cells.Count(c => c.Kind == FieldCellKind.Nucleated && c.Cut).ToString(),
                image.Cells.Count(c => c.Kind == FieldCellKind.Platelet).ToString(),
                Markup.Escape(string.Join(", ", image.CountedCells.GroupBy(c => c.CellClass ?? "cell").Select(g => $"{g.Key} {g.Count()}"))));
        AnsiConsole.Write(table);
        var counted = analysis.Images.SelectMany(i => i.CountedCells).ToArray();
        Console.WriteLine($"{counted.Length} nucleated cell(s) whole in {analysis.Images.Count} field(s); "
            + $"{analysis.Images.Sum(i => i.Cells.Count(c => c.Kind == FieldCellKind.Nucleated && c.Cut))} cut by a border and not counted.");
    }

    // The review copies (crops at PBC's framing, and the page of fields with their boxes) from the full-resolution
    // fields, each read once more, only when asked for.
    private static void WriteReview(FieldAnalysisResult analysis, string? cropFolder, string? page, CancellationToken ct)
    {
        if (cropFolder is null && page is null) return;
        var written = 0;
        var sections = new List<string>();
        for (var k = 0; k < analysis.Images.Count; k++)
        {
            ct.ThrowIfCancellationRequested();
            var image = analysis.Images[k];
            var field = CellImageDecoder.Decode(image.File);
            if (page is not null) sections.Add(FieldReport.FieldHtml(image, field, Path.GetFileName(image.File)));
            if (cropFolder is null) continue;
            var stem = $"{Path.GetFileNameWithoutExtension(image.File)}_{k:D4}";
            var crops = CellCrop.Crops(field, image.Cells.Select(c => c.Box).ToArray(), image.CropRedCellDiameter, ReviewCropSize);
            for (var i = 0; i < image.Cells.Count; i++)
            {
                var cell = image.Cells[i];
                var cellClass = cell.CellClass ?? (cell.Kind == FieldCellKind.Platelet ? "platelet" : "nucleated");
                var directory = Path.Combine(cropFolder, cellClass);
                Directory.CreateDirectory(directory);
                File.WriteAllBytes(Path.Combine(directory, $"{stem}_cell{i:D2}{(cell.Cut ? "_cut" : "")}.jpg"), CellImageDecoder.EncodeJpeg(crops[i], 95));
                written++;
            }
        }
        if (cropFolder is not null && !Console.IsOutputRedirected) Console.Error.WriteLine($"Crops: {written} cell image(s) in {cropFolder}");
        if (page is null) return;
        if (Path.GetDirectoryName(Path.GetFullPath(page)) is { } dir) Directory.CreateDirectory(dir);
        File.WriteAllText(page, FieldReport.Page("Detected cells", sections));
        if (!Console.IsOutputRedirected) Console.Error.WriteLine($"HTML: {page}");
    }
}
