using System.CommandLine;
using System.Text.Json;
using Hematology.ML.Models;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato models</c>: the shipped models and their measured figures.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json();
        var command = new Command("models", "List the shipped models (from their manifests)") { json };
        command.SetAction((result, ct) => CommandRunner.RunAsync(_ =>
        {
            var catalog = ModelCatalog.Shipped();
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(catalog.Models.Select(m => new
                {
                    name = m.Name, kind = m.Kind, file = m.File, input_size = m.InputSize, @default = m.IsDefault,
                    classes = m.Classes, description = m.Description, metrics = m.Metrics,
                }), new JsonSerializerOptions { WriteIndented = true }));
                return Task.FromResult(CommandRunner.Success);
            }
            if (catalog.Models.Count == 0) { Console.WriteLine("No shipped models found."); return Task.FromResult(CommandRunner.Success); }
            var table = new Table().AddColumns("Name", "Kind", "File", "Input", "Test accuracy", "Description");
            foreach (var m in catalog.Models)
                table.AddRow(Markup.Escape(m.Name + (m.IsDefault ? " (default)" : "")), m.Kind, Markup.Escape(m.File), $"{m.InputSize}px",
                    m.Metrics["test_accuracy"]?.ToString() ?? "-", Markup.Escape(m.Description ?? ""));
            AnsiConsole.Write(table);
            return Task.FromResult(CommandRunner.Success);
        }, ct));
        return command;
    }
}
