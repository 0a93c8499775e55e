using System.CommandLine;
using System.Text.Json;
using Hematology.ML.Database;

namespace Hematology.Cli.Commands;

/// <summary><c>hemato db</c>: the cell-image database (import, queries, dataset selection, PBC registration).</summary>
internal static class DbCommand
{
    public static Command Create() => new("db", "The cell-image database: import smears from the lab's sheet, query it, select datasets")
    {
        DbImportCommand.Create(),
        DbQueryCommand.Create(),
        DbSelectCommand.Create(),
        DbAdminCommands.RegisterPbc(),
        DbAdminCommands.Secret(),
        DbAdminCommands.Synonym(),
    };

    /// <summary>The <c>--db</c> option every database command takes.</summary>
    public static Option<string?> DatabaseOption() => new("--db")
    {
        Description = "Database: sqlite:<file> (default: a file in the user's data folder), mysql:<connection string> or postgres:<connection string>",
    };

    public static CellImageDatabase Open(string? db) => CellImageDatabase.Open(DatabaseConnectionString.Parse(db));

    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Values of a repeatable option, also split at commas (<c>--entity NORMAL,CLL</c>).</summary>
    public static string[] Values(string[]? values) =>
        values?.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray() ?? [];

    public static Option<string[]> ListOption(string name, string description) => new(name)
    {
        Description = description,
        AllowMultipleArgumentsPerToken = true,
    };
}
