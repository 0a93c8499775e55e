using System.Diagnostics;
using Dapper;
using Hematology.ML.Database;
using MySqlConnector;
using Npgsql;

namespace Hematology.ML.Tests.Database;

/// <summary>
/// A fresh, empty database per test on one provider. SQLite always; MariaDB and PostgreSQL when
/// <c>HEMATOLOGY_ML_TEST_MARIADB</c> / <c>HEMATOLOGY_ML_TEST_POSTGRES</c> hold connection strings
/// (<c>.ci/start-databases.sh</c> prints them). With <c>CI=true</c> the server variants always run,
/// so a missing server fails the run instead of skipping the tests.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string Sqlite = "sqlite", MariaDb = "mariadb", Postgres = "postgres";

    private readonly string? _serverDatabase;
    private readonly DatabaseConnectionString? _admin;

    private TestDatabase(string provider, DatabaseConnectionString location, DatabaseConnectionString? admin = null, string? serverDatabase = null)
    {
        Provider = provider;
        Location = location;
        _admin = admin;
        _serverDatabase = serverDatabase;
    }

    public string Provider { get; }

    public DatabaseConnectionString Location { get; }

    /// <summary>The providers the theories run on here.</summary>
    public static IEnumerable<object[]> Providers()
    {
        yield return [Sqlite];
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (ci || Environment.GetEnvironmentVariable("HEMATOLOGY_ML_TEST_MARIADB") is { Length: > 0 }) yield return [MariaDb];
        if (ci || Environment.GetEnvironmentVariable("HEMATOLOGY_ML_TEST_POSTGRES") is { Length: > 0 }) yield return [Postgres];
    }

    public static TestDatabase Create(string provider)
    {
        if (provider == Sqlite) return new(provider, DatabaseConnectionString.Sqlite(Path.Combine(TestPaths.NewTempFolder(), "cells.db")));
        var variable = provider == MariaDb ? "HEMATOLOGY_ML_TEST_MARIADB" : "HEMATOLOGY_ML_TEST_POSTGRES";
        var native = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(native))
            throw new InvalidOperationException($"{variable} is not set, and CI requires the {provider} server: run .ci/start-databases.sh and eval its output.");
        var admin = DatabaseConnectionString.Parse((provider == MariaDb ? "mysql:" : "postgres:") + native);
        var name = "hm_test_" + Guid.NewGuid().ToString("N")[..16];
        using (var connection = admin.CreateConnection())
        {
            connection.Open();
            connection.Execute(provider == MariaDb ? $"CREATE DATABASE {name} CHARACTER SET utf8mb4" : $"CREATE DATABASE {name}");
        }
        return new(provider, admin.WithDatabase(name), admin, name);
    }

    public CellImageDatabase Open() => CellImageDatabase.Open(Location);

    /// <summary>
    /// Restarts the server (through <c>HEMATOLOGY_ML_TEST_DB_RESTART</c>, which start-databases.sh
    /// sets), so that the next import meets a server that forgot every connection. SQLite has no
    /// server: closing every connection is its restart.
    /// </summary>
    public void Restart()
    {
        if (Provider == Sqlite) { Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools(); return; }
        var command = Environment.GetEnvironmentVariable("HEMATOLOGY_ML_TEST_DB_RESTART");
        if (string.IsNullOrEmpty(command)) throw new InvalidOperationException("HEMATOLOGY_ML_TEST_DB_RESTART is not set (.ci/start-databases.sh sets it).");
        var start = new ProcessStartInfo("bash", ["-c", $"{command} {Provider}"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"restarting {Provider} failed: {error.Result}");
        MySqlConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
    }

    public void Dispose()
    {
        if (_admin is null || _serverDatabase is null) return;
        MySqlConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        using var connection = _admin.CreateConnection();
        connection.Open();
        connection.Execute(Provider == MariaDb ? $"DROP DATABASE IF EXISTS {_serverDatabase}" : $"DROP DATABASE IF EXISTS {_serverDatabase} WITH (FORCE)");
    }
}
