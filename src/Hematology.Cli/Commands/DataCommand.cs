using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato data stats</c>: what a folder of cell images holds, and what would be skipped.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var folderArgument = new Argument<string>("folder") { Description = "Folder in <class>/<image> layout" };
        var split = CommonOptions.Split();
        var subset = CommonOptions.Subset();
        var json = CommonOptions.Json();
        var stats = new Command("stats", "Count images per class and sub-type, and list skipped files") { folderArgument, split, subset, json };
        stats.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var folder = CommonOptions.LoadFolder(result.GetValue(folderArgument)!, result.GetValue(split), result.GetValue(subset));
            var byClass = folder.Classes.Select(c => new
            {
                cell_class = c,
                images = folder.Samples.Count(s => s.CellClass == c),
                subtypes = folder.Samples.Where(s => s.CellClass == c).GroupBy(s => s.Subtype ?? "(none)")
                    .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                splits = folder.Samples.Where(s => s.CellClass == c && s.Split is not null).GroupBy(s => s.Split!)
                    .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            }).ToArray();
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    folder = folder.Root,
                    images = folder.Samples.Count,
                    skipped = folder.Skipped.Count,
                    not_in_subset = folder.NotInSubset,
                    classes = byClass,
                    skipped_files = folder.Skipped.Select(s => new { path = s.Path, reason = s.Reason }),
                }, new JsonSerializerOptions { WriteIndented = true }));
                return Task.FromResult(CommandRunner.Success);
            }
            var table = new Table().AddColumns("Class", "Images", "Sub-types", "Splits");
            foreach (var c in byClass)
                table.AddRow(c.cell_class, c.images.ToString(),
                    string.Join(", ", c.subtypes.Select(kv => $"{kv.Key} {kv.Value}")),
                    string.Join(", ", c.splits.Select(kv => $"{kv.Key} {kv.Value}")));
            table.AddRow("[bold]total[/]", $"[bold]{folder.Samples.Count}[/]", "", "");
            AnsiConsole.Write(table);
            Console.WriteLine($"Skipped files: {folder.Skipped.Count}" + (folder.NotInSubset > 0 ? $"; images in other subsets: {folder.NotInSubset}" : ""));
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return new Command("data", "Inspect cell-image folders") { stats };
    }
}
