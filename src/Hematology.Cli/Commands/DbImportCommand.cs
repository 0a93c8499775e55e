using System.CommandLine;
using System.Text.Json;
using Hematology.ML.Database;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato db import</c>: smears listed in the lab's sheet, each in one transaction.</summary>
internal static class DbImportCommand
{
    public static Command Create()
    {
        var sheet = new Option<string>("--sheet") { Description = "The lab's sheet (.xlsx or .csv): patient history number, request number, smear date, entity (nhc/peticion/fecha/entidad accepted)", Required = true };
        var smears = new Option<string>("--smears") { Description = "Folder holding <request number>/<cell type>/<images>", Required = true };
        var store = new Option<string?>("--store") { Description = $"Managed image store (default {DataFolder.DefaultStore})" };
        var move = new Option<bool>("--move") { Description = "Delete each source image once its smear is committed (default: copy)" };
        var origin = new Option<string>("--origin") { Description = "Image origin for rows without one", DefaultValueFactory = _ => ImageOrigin.CellaVision };
        origin.AcceptOnlyFromAmong(ImageOrigin.CellaVision, ImageOrigin.Microscope);
        var purpose = new Option<string>("--purpose") { Description = "Purpose for rows without one", DefaultValueFactory = _ => SmearPurpose.Training };
        purpose.AcceptOnlyFromAmong([.. SmearPurpose.All]);
        var secretFile = new Option<string?>("--secret-file") { Description = "File holding the lab secret (default: HEMATOLOGY_ML_LAB_SECRET[_FILE], else the file 'hemato db secret init' made)" };
        var log = new Option<string?>("--log") { Description = "JSON-lines import log (default <store>/import-log.jsonl)" };
        var db = DbCommand.DatabaseOption();
        var json = CommonOptions.Json();
        var command = new Command("import", "Import the smears of a sheet: pseudonymised, copied into the managed store, counted and hashed")
            { sheet, smears, store, move, origin, purpose, secretFile, log, db, json };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var secret = LabSecret.Resolve(result.GetValue(secretFile));
            var labSheet = LabSheet.Read(result.GetValue(sheet)!);
            using var database = DbCommand.Open(result.GetValue(db));
            var options = new ImportOptions(result.GetValue(smears)!, result.GetValue(store) ?? DataFolder.DefaultStore, result.GetValue(move),
                result.GetValue(origin)!, result.GetValue(purpose)!, result.GetValue(log));
            var report = new SmearImporter(database, secret, options).Import(labSheet, ct);
            if (result.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    imported = report.Count(RowOutcome.Imported),
                    already_imported = report.Count(RowOutcome.AlreadyImported),
                    skipped = report.Count(RowOutcome.Skipped),
                    rolled_back = report.Count(RowOutcome.RolledBack),
                    images_stored = report.ImagesStored,
                    rows = report.Rows.Select(r => new { row = r.RowNumber, outcome = r.Outcome.ToString(), reason = r.Reason, images = r.ImagesStored, duplicates = r.DuplicateImages, notes = r.Notes }),
                }, DbCommand.Indented));
            else Print(report, database.Location);
            return Task.FromResult(report.Complete ? CommandRunner.Success : CommandRunner.UserError);
        }, ct));
        return command;
    }

    private static void Print(ImportReport report, DatabaseConnectionString location)
    {
        foreach (var row in report.Rows)
        {
            foreach (var note in row.Notes) Console.Error.WriteLine($"warning: row {row.RowNumber}: {note}");
            if (row.Outcome == RowOutcome.AlreadyImported && row.Reason is not null) Console.Error.WriteLine($"warning: row {row.RowNumber}: {row.Reason}");
            if (row.Outcome == RowOutcome.Skipped) Console.Error.WriteLine($"row {row.RowNumber}: skipped: {row.Reason}");
            if (row.Outcome == RowOutcome.RolledBack) Console.Error.WriteLine($"row {row.RowNumber}: smear rolled back, nothing of it stored: {row.Reason}");
        }
        Console.WriteLine($"{location.Describe()}: {report.Count(RowOutcome.Imported)} smears imported ({report.ImagesStored} images), " +
            $"{report.Count(RowOutcome.AlreadyImported)} already there, {report.Count(RowOutcome.Skipped)} rows skipped, {report.Count(RowOutcome.RolledBack)} smears rolled back.");
    }
}
