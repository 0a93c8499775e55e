using System.Data.Common;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;

namespace Hematology.ML.Database;

/// <summary>
/// Where the cell-image database lives: <c>sqlite:&lt;path&gt;</c>, <c>mysql:&lt;connection string&gt;</c>,
/// <c>postgres:&lt;connection string&gt;</c>, or the providers' native forms (a <c>.db</c> path,
/// <c>Server=...</c> for MariaDB/MySQL, <c>Host=...</c> or <c>postgresql://</c> for PostgreSQL).
/// </summary>
public sealed record DatabaseConnectionString(DatabaseProvider Provider, string Native)
{
    /// <summary>
    /// The default database: <c>HEMATOLOGY_ML_DATA</c>/cells.db, else
    /// <c>~/.local/share/hematology-ml/cells.db</c> (the user's data folder).
    /// </summary>
    public static DatabaseConnectionString Default => Sqlite(Path.Combine(DataFolder.Path, "cells.db"));

    /// <summary>A SQLite database file. Foreign keys are enforced on every connection.</summary>
    public static DatabaseConnectionString Sqlite(string path) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = true, DefaultTimeout = 60 }.ToString());

    /// <summary>Parses the <c>--db</c> value; null or empty gives <see cref="Default"/>.</summary>
    public static DatabaseConnectionString Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Default;
        var text = value.Trim();
        if (TryStrip(text, "sqlite:", out var rest)) return Sqlite(rest);
        if (TryStrip(text, "mysql:", out rest) || TryStrip(text, "mariadb:", out rest)) return Checked(DatabaseProvider.MySql, rest);
        if (TryStrip(text, "postgres:", out rest) || TryStrip(text, "postgresql:", out rest) && !rest.StartsWith("//", StringComparison.Ordinal))
            return Checked(DatabaseProvider.Postgres, rest);
        if (text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
            return new(DatabaseProvider.Postgres, FromPostgresUri(text));
        if (!text.Contains('=')) return Sqlite(text);
        var keys = KeysOf(text);
        if (keys.Contains("host")) return Checked(DatabaseProvider.Postgres, text);
        if (keys.Contains("server")) return Checked(DatabaseProvider.MySql, text);
        if (keys.Contains("data source")) return new(DatabaseProvider.Sqlite, text);
        throw new HematologyException("Cannot tell which database --db names: use sqlite:<file>, mysql:<connection string> or postgres:<connection string>.");
    }

    /// <summary>A description safe to print: provider, host and database, never the password.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.Sqlite => $"SQLite {new SqliteConnectionStringBuilder(Native).DataSource}",
        DatabaseProvider.MySql => new MySqlConnectionStringBuilder(Native) is var b ? $"MariaDB/MySQL {b.Server}:{b.Port}/{b.Database}" : "",
        _ => new NpgsqlConnectionStringBuilder(Native) is var p ? $"PostgreSQL {p.Host}:{p.Port}/{p.Database}" : "",
    };

    /// <summary>A new, closed connection.</summary>
    public DbConnection CreateConnection() => Provider switch
    {
        DatabaseProvider.Sqlite => new SqliteConnection(Native),
        DatabaseProvider.MySql => new MySqlConnection(Native),
        _ => new NpgsqlConnection(Native),
    };

    /// <summary>The same server with another database name (tests give each test its own database).</summary>
    public DatabaseConnectionString WithDatabase(string database) => Provider switch
    {
        DatabaseProvider.MySql => this with { Native = new MySqlConnectionStringBuilder(Native) { Database = database }.ToString() },
        DatabaseProvider.Postgres => this with { Native = new NpgsqlConnectionStringBuilder(Native) { Database = database }.ToString() },
        _ => throw new InvalidOperationException("A SQLite database is a file; name another file instead."),
    };

    /// <summary>Hides the password when the record is printed.</summary>
    public override string ToString() => Describe();

    private static bool TryStrip(string text, string prefix, out string rest)
    {
        rest = text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? text[prefix.Length..] : "";
        return rest.Length > 0;
    }

    private static HashSet<string> KeysOf(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2)[0].Trim().ToLowerInvariant()).ToHashSet();

    // Malformed connection strings are reported by the provider's own parser, without echoing them (they hold passwords).
    private static DatabaseConnectionString Checked(DatabaseProvider provider, string native)
    {
        try
        {
            _ = provider == DatabaseProvider.MySql ? new MySqlConnectionStringBuilder(native).Server : new NpgsqlConnectionStringBuilder(native).Host;
        }
        catch (ArgumentException e)
        {
            throw new HematologyException($"The {provider} connection string given to --db is not valid: {e.Message}");
        }
        return new(provider, native);
    }

    private static string FromPostgresUri(string text)
    {
        var uri = new Uri(text);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port, Database = uri.AbsolutePath.Trim('/') };
        if (uri.UserInfo.Split(':', 2) is [var user, ..] && user.Length > 0) builder.Username = Uri.UnescapeDataString(user);
        if (uri.UserInfo.Split(':', 2) is [_, var password]) builder.Password = Uri.UnescapeDataString(password);
        return builder.ToString();
    }
}
