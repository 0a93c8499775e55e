using System.CommandLine;
using System.Text.Json;
using Hematology.ML.Database;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato db query</c>: the thesis's example questions (ch. 2.1).</summary>
internal static class DbQueryCommand
{
    public static Command Create() => new("query", "Ask the database: patients, smears per patient, images, image sets")
    {
        Build("patients", "Number of patients with smears of an entity", withCell: false, (q, e, _, json) =>
            Count(q.PatientCount(e), "patients", json)),
        Build("smears-per-patient", "Smears of each patient of an entity (patients by pseudonym)", withCell: false, (q, e, _, json) =>
        {
            var rows = q.SmearsPerPatient(e);
            if (json) Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => new { patient = r.Patient, smears = r.Smears }), DbCommand.Indented));
            else Table(["Patient", "Smears"], rows.Select(r => new[] { r.Patient, r.Smears.ToString() }));
        }),
        Build("images", "Number of images of a cell type (or PBC class) in smears of an entity", withCell: true, (q, e, c, json) =>
            Count(q.ImageCount(e, c!), "images", json)),
        Build("sets", "Image sets of a cell type (or PBC class) in smears of an entity", withCell: true, (q, e, c, json) =>
        {
            var sets = q.ImageSets(e, c!);
            if (json)
                Console.WriteLine(JsonSerializer.Serialize(sets.Select(s => new
                {
                    id = s.Id, patient = s.Patient, smear_date = s.SmearDate, entity = s.Entity, cell_type = s.CellType,
                    storage_path = s.StoragePath, images = s.Images, purpose = s.Purpose,
                }), DbCommand.Indented));
            else Table(["Set", "Patient", "Date", "Cell type", "Images", "Purpose", "Storage path"],
                sets.Select(s => new[] { s.Id.ToString(), s.Patient, s.SmearDate ?? "-", s.CellType, s.Images.ToString(), s.Purpose, s.StoragePath }));
        }),
    };

    private static Command Build(string name, string description, bool withCell, Action<CellImageQueries, string, string?, bool> run)
    {
        var entity = new Option<string>("--entity") { Description = "Entity code (NORMAL, CLL, MDS, ...)", Required = true };
        var cell = new Option<string>("--cell") { Description = "Cell type, any synonym of one (SNE, lymphocyte) or a PBC class (neutrophil = all neutrophils)", Required = true };
        var db = DbCommand.DatabaseOption();
        var json = CommonOptions.Json();
        var command = new Command(name, description) { entity, db, json };
        if (withCell) command.Options.Add(cell);
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            using var database = DbCommand.Open(result.GetValue(db));
            run(new CellImageQueries(database), result.GetValue(entity)!, withCell ? result.GetValue(cell) : null, result.GetValue(json));
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }

    private static void Count(long count, string what, bool json)
    {
        if (json) Console.WriteLine(JsonSerializer.Serialize(new { count }));
        else Console.WriteLine($"{count} {what}");
    }

    private static void Table(string[] columns, IEnumerable<string[]> rows)
    {
        var table = new Table().AddColumns(columns);
        foreach (var row in rows) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
    }
}
