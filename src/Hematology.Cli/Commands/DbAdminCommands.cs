using System.CommandLine;
using Hematology.ML.Database;
using Hematology.ML.Datasets;

namespace Hematology.Cli.Commands;

/// <summary>The database's housekeeping: registering PBC, the lab secret, cell-type synonyms.</summary>
internal static class DbAdminCommands
{
    public static Command RegisterPbc()
    {
        var folder = new Argument<string>("folder") { Description = "The PBC dataset in <class>/<image> layout" };
        var split = CommonOptions.Split();
        var db = DbCommand.DatabaseOption();
        var command = new Command("register-pbc", "Register the public PBC dataset in place (one anonymous source, entity NORMAL, with its split)") { folder, split, db };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var manifest = result.GetValue(split) is { } path ? PbcSplitManifest.Load(path) : null;
            using var database = DbCommand.Open(result.GetValue(db));
            var registered = new PbcRegistration(database).Register(result.GetValue(folder)!, manifest);
            Console.WriteLine(registered == 0 ? "PBC was already registered: nothing changed." : $"Registered {registered} PBC images.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    public static Command Secret()
    {
        var file = new Option<string?>("--file") { Description = $"Where to write it (default {LabSecret.DefaultFile})" };
        var init = new Command("init", "Generate this installation's lab secret file (owner-only); never overwrites one") { file };
        init.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var path = LabSecret.Generate(result.GetValue(file));
            Console.WriteLine($"Lab secret written to {path}. Back it up: without it, the same patient gets a new pseudonym.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return new Command("secret", "The lab secret that pseudonymises patients and requests") { init };
    }

    public static Command Synonym()
    {
        var synonym = new Argument<string>("synonym") { Description = "Folder name the lab uses" };
        var cellType = new Argument<string>("cell-type") { Description = "Database cell type it means (e.g. segmented-neutrophil)" };
        var db = DbCommand.DatabaseOption();
        var add = new Command("add", "Add a cell-type folder synonym") { synonym, cellType, db };
        add.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            using var database = DbCommand.Open(result.GetValue(db));
            database.AddSynonym(result.GetValue(synonym)!, result.GetValue(cellType)!);
            Console.WriteLine($"'{CellTypeSynonyms.Normalise(result.GetValue(synonym)!)}' now means {result.GetValue(cellType)}.");
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return new Command("synonym", "Cell-type folder synonyms") { add };
    }
}
