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
            if (result.GetValue(crops) is { } cropFolder) WriteCrops(analysis, cropFolder, ct);
            if (result.GetValue(html) is { } page) WriteHtml(analysis, page, ct);
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

    // Review copies at PBC's framing from the full-resolution field (decoded again: only when asked for).
    private static void WriteCrops(FieldAnalysisResult analysis, string folder, CancellationToken ct)
    {
        var written = 0;
        for (var k = 0; k < analysis.Images.Count; k++)
        {
            ct.ThrowIfCancellationRequested();
            var image = analysis.Images[k];
            var field = CellImageDecoder.Decode(image.File);
            var stem = $"{Path.GetFileNameWithoutExtension(image.File)}_{k:D4}";
            for (var i = 0; i < image.Cells.Count; i++)
            {
                var cell = image.Cells[i];
                var cellClass = cell.CellClass ?? (cell.Kind == FieldCellKind.Platelet ? "platelet" : "nucleated");
                var directory = Path.Combine(folder, cellClass);
                Directory.CreateDirectory(directory);
                var crop = CellCrop.Crop(field, cell.Box, image.CropRedCellDiameter, ReviewCropSize);
                File.WriteAllBytes(Path.Combine(directory, $"{stem}_cell{i:D2}{(cell.Cut ? "_cut" : "")}.jpg"), CellImageDecoder.EncodeJpeg(crop, 95));
                written++;
            }
        }
        if (!Console.IsOutputRedirected) Console.Error.WriteLine($"Crops: {written} cell image(s) in {folder}");
    }

    private static void WriteHtml(FieldAnalysisResult analysis, string path, CancellationToken ct)
    {
        var sections = analysis.Images.Select(image =>
        {
            ct.ThrowIfCancellationRequested();
            return FieldReport.FieldHtml(image, CellImageDecoder.Decode(image.File), Path.GetFileName(image.File));
        });
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
        File.WriteAllText(path, FieldReport.Page("Detected cells", sections));
        if (!Console.IsOutputRedirected) Console.Error.WriteLine($"HTML: {path}");
    }
}
