using System.Data.Common;
using Dapper;

namespace Hematology.ML.Database;

/// <summary>
/// An open cell-image database, migrated to the latest schema. All SQL is parameterised (Dapper);
/// dialect differences live in <see cref="SqlDialect"/>. Not thread-safe: one per task.
/// </summary>
public sealed class CellImageDatabase : IDisposable
{
    private CellImageDatabase(DatabaseConnectionString location, DbConnection connection)
    {
        Location = location;
        Connection = connection;
        Dialect = SqlDialect.For(location.Provider);
    }

    /// <summary>Where it is.</summary>
    public DatabaseConnectionString Location { get; }

    internal DbConnection Connection { get; }

    internal SqlDialect Dialect { get; }

    /// <summary>The schema version it is at.</summary>
    public int SchemaVersion => SchemaMigrations.CurrentVersion(Connection);

    /// <summary>Opens (creating a SQLite file and its folder when needed) and migrates the database.</summary>
    public static CellImageDatabase Open(DatabaseConnectionString location)
    {
        if (location.Provider == DatabaseProvider.Sqlite)
        {
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(location.Native).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder) Directory.CreateDirectory(folder);
        }
        var connection = location.CreateConnection();
        try
        {
            connection.Open();
            var database = new CellImageDatabase(location, connection);
            SchemaMigrations.Migrate(connection, database.Dialect);
            return database;
        }
        catch (DbException e)
        {
            connection.Dispose();
            throw new HematologyException($"Cannot open the cell-image database ({location.Describe()}): {e.Message}", e);
        }
    }

    /// <summary>A lab setting, or null.</summary>
    public string? Setting(string name) =>
        Connection.QuerySingleOrDefault<string>("SELECT setting_value FROM lab_setting WHERE name = @name", new { name });

    /// <summary>
    /// Records a setting the first time and checks it afterwards; returns the stored value, which
    /// differs from <paramref name="value"/> when another one was recorded first.
    /// </summary>
    public string SettingOnce(string name, string value)
    {
        Connection.Execute(Dialect.InsertIgnore("lab_setting", "name, setting_value", "@name, @value"), new { name, value });
        return Setting(name)!;
    }

    /// <summary>The id of an entity by code (case-insensitive), or null.</summary>
    public long? EntityId(string code) =>
        Connection.QuerySingleOrDefault<long?>("SELECT id FROM entity WHERE code = @code", new { code = code.Trim().ToUpperInvariant() });

    /// <summary>The entity codes known to the database.</summary>
    public IReadOnlyList<string> EntityCodes() => Connection.Query<string>("SELECT code FROM entity ORDER BY code").ToList();

    /// <summary>The cell type (code) that a folder name or synonym means, or null.</summary>
    public string? CellTypeOf(string folderName) => Connection.QuerySingleOrDefault<string>(
        "SELECT t.code FROM cell_type_synonym s JOIN cell_type t ON t.id = s.cell_type_id WHERE s.synonym = @synonym",
        new { synonym = CellTypeSynonyms.Normalise(folderName) });

    /// <summary>Adds a lab's own synonym for a cell type.</summary>
    public void AddSynonym(string synonym, string cellType)
    {
        var id = Connection.QuerySingleOrDefault<long?>("SELECT id FROM cell_type WHERE code = @cellType", new { cellType })
            ?? throw new HematologyException($"Unknown cell type '{cellType}'.");
        Connection.Execute(Dialect.InsertIgnore("cell_type_synonym", "synonym, cell_type_id", "@synonym, @id"), new { synonym = CellTypeSynonyms.Normalise(synonym), id });
    }

    /// <summary>
    /// The cell types a query's <c>--cell</c> names: a PBC class (e.g. <c>neutrophil</c>, every
    /// neutrophil type) or any synonym of one cell type. Unknown names are an error listing the choices.
    /// </summary>
    public IReadOnlyList<string> CellTypesNamed(string name)
    {
        var byClass = Connection.Query<string>("SELECT code FROM cell_type WHERE pbc_class = @name ORDER BY code", new { name = name.Trim().ToLowerInvariant() }).ToList();
        if (byClass.Count > 0) return byClass;
        return CellTypeOf(name) is { } one ? [one]
            : throw new HematologyException($"Unknown cell type '{name}'. Known: {string.Join(", ", Connection.Query<string>("SELECT code FROM cell_type ORDER BY code"))}.");
    }

    /// <summary>Checks an entity code and returns it upper-cased; unknown codes are an error listing the choices.</summary>
    public string RequireEntity(string code) => EntityId(code) is not null ? code.Trim().ToUpperInvariant()
        : throw new HematologyException($"Unknown entity '{code}'. Known: {string.Join(", ", EntityCodes())}.");

    /// <inheritdoc/>
    public void Dispose() => Connection.Dispose();
}
