using System.CommandLine;
using Hematology.ML;
using Hematology.Web;
using Hematology.Web.Analyses;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Hematology.Cli.Commands;

/// <summary>
/// <c>hemato serve</c>: the lab web app over the screening models, loaded once. Loopback by default; any other address
/// needs an API key (from a file or HEMATOLOGY_ML_API_KEY, never defaulted).
/// </summary>
internal static class ServeCommand
{
    public const string ApiKeyVariable = "HEMATOLOGY_ML_API_KEY";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on (';'-separated)", DefaultValueFactory = _ => HematologyWebOptions.Defaults.Urls };
        var keyFile = new Option<string?>("--api-key-file") { Description = $"File holding the API key every request must carry (or set {ApiKeyVariable}); required beyond loopback" };
        var concurrency = new Option<int>("--concurrency") { Description = "Smears screened at once", DefaultValueFactory = _ => HematologyWebOptions.Defaults.Concurrency };
        var data = new Option<string?>("--data") { Description = "Data folder for uploaded smears, reports and the SQLite database (default: the user's data folder)" };
        var db = new Option<string?>("--db") { Description = "Database for the analyses (sqlite:<file>, mysql:..., postgres:...; default: cells.db in the data folder)" };
        var maxFiles = new Option<int>("--max-files") { Description = "Most cell images per smear", DefaultValueFactory = _ => HematologyWebOptions.Defaults.MaxFiles };
        var maxTotal = new Option<long>("--max-total-mib") { Description = "Most MiB per smear, uploaded or unpacked", DefaultValueFactory = _ => HematologyWebOptions.Defaults.MaxTotalBytes >> 20 };
        var screening = new ScreeningOptions();
        var command = new Command("serve", "The lab web app: upload a smear, read the differential, the flagged cells and the screening result")
        {
            urls, keyFile, concurrency, data, db, maxFiles, maxTotal,
        };
        foreach (var option in screening.All) command.Options.Add(option);
        command.SetAction((result, ct) => CommandRunner.RunAsync(async token =>
        {
            var options = new HematologyWebOptions
            {
                Urls = result.GetValue(urls)!,
                ApiKey = ApiKey(result.GetValue(keyFile)),
                Concurrency = result.GetValue(concurrency),
                Database = result.GetValue(db),
                MaxFiles = result.GetValue(maxFiles),
                MaxTotalBytes = result.GetValue(maxTotal) << 20,
            };
            if (result.GetValue(data) is { } folder) options.DataFolder = folder;
            // Checked before the models load: a refused address should not cost their loading time.
            Hematology.Web.Security.ListenAddresses.RequireKeyBeyondLoopback(options.Urls, options.ApiKey);
            options.Validate();
            var (path, manifest) = screening.ResolveDysplasia(result);
            var thresholds = screening.LoadThresholds(result, manifest);
            using var screener = new ModelSmearScreener(screening.Load(result, thresholds, path, manifest));
            await using var app = HematologyWebApp.Build(options, screener);
            if (screener.SimulatedTraining) AnsiConsole.MarkupLine("[yellow]SIMULATED TRAINING: DysplasiaNet and its thresholds learned from simulated dysplasia; not clinical.[/]");
            AnsiConsole.MarkupLine($"Serving on [bold]{Markup.Escape(options.Urls)}[/] (data: {Markup.Escape(options.DataFolder)}); Ctrl+C stops.");
            await app.StartAsync(token);
            await app.WaitForShutdownAsync(token);
            return CommandRunner.Success;
        }, ct));
        return command;
    }

    private static string? ApiKey(string? file)
    {
        if (file is not null)
        {
            if (!File.Exists(file)) throw new HematologyException($"The API key file {file} does not exist.");
            return File.ReadAllText(file).Trim();
        }
        return Environment.GetEnvironmentVariable(ApiKeyVariable) is { Length: > 0 } key ? key.Trim() : null;
    }
}
