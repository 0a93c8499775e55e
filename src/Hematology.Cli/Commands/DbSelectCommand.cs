using System.CommandLine;
using System.Text.Json;
using Hematology.ML.Database;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato db select</c>: a training/test dataset from the database, in the layout the training commands read.</summary>
internal static class DbSelectCommand
{
    public static Command Create()
    {
        var entity = DbCommand.ListOption("--entity", "Entities to take (default: all); repeat or separate with commas");
        var cellTypes = DbCommand.ListOption("--cell-types", "Cell types or PBC classes to take (default: all)");
        var purpose = DbCommand.ListOption("--purpose", "Smear purposes to take: training, testing, proof-of-concept (default: all)");
        var output = new Option<string>("--output") { Description = "New folder to write: <class>/<image> plus split.csv (train = training smears, test = testing ones)", Required = true };
        var labels = new Option<DatasetLabels>("--labels") { Description = "Class folders: Pbc (the eight PBC classes) or CellType", DefaultValueFactory = _ => DatasetLabels.Pbc };
        var db = DbCommand.DatabaseOption();
        var json = CommonOptions.Json();
        var command = new Command("select", "Write a dataset (images + split.csv) that 'hemato train' and 'hemato evaluate' read directly")
            { entity, cellTypes, purpose, output, labels, db, json };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            using var database = DbCommand.Open(result.GetValue(db));
            var criteria = new SelectionCriteria(DbCommand.Values(result.GetValue(entity)), DbCommand.Values(result.GetValue(cellTypes)), DbCommand.Values(result.GetValue(purpose)));
            var images = new DatasetSelection(database).Select(criteria);
            var folder = result.GetValue(output)!;
            var perClass = DatasetSelection.Write(images, folder, result.GetValue(labels));
            var split = Path.Combine(folder, "split.csv");
            if (result.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    output = folder, split, images = images.Count, classes = perClass,
                    subsets = images.GroupBy(i => i.Subset ?? "").ToDictionary(g => g.Key, g => g.Count()),
                }, DbCommand.Indented));
            else
            {
                Console.WriteLine($"{images.Count} images written to {folder}: {string.Join(", ", perClass.Select(kv => $"{kv.Key} {kv.Value}"))}");
                Console.WriteLine($"Split: {split} ({string.Join(", ", images.GroupBy(i => i.Subset ?? "none").OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))})");
            }
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
