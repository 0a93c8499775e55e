using System.Data.Common;
using System.Globalization;
using Dapper;
using Row = (string, string, string, string?, long, string?, string?, string?);

namespace Hematology.ML.Database;

/// <summary>Where a smear analysis stands.</summary>
public static class SmearAnalysisStatus
{
    /// <summary>Waiting for a worker.</summary>
    public const string Queued = "queued";

    /// <summary>Being screened.</summary>
    public const string Running = "running";

    /// <summary>Finished with a result.</summary>
    public const string Done = "done";

    /// <summary>Stopped by an error (its message is kept, without patient data).</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled on request.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>True for the states nothing changes any more.</summary>
    public static bool IsFinal(string status) => status is Done or Failed or Cancelled;
}

/// <summary>One stored smear analysis (without its result JSON).</summary>
/// <param name="Id">Its identifier (32 hex digits).</param>
/// <param name="Created">When it was submitted (UTC, ISO 8601).</param>
/// <param name="Status">See <see cref="SmearAnalysisStatus"/>.</param>
/// <param name="ReferenceKey">The keyed hash of the smear reference (<see cref="LabSecret.RequestKey"/>), or null: never the reference itself.</param>
/// <param name="Cells">Cell images uploaded.</param>
/// <param name="Decision">The screening decision once done.</param>
/// <param name="Finished">When it reached a final state.</param>
/// <param name="Error">Why it failed.</param>
public sealed record SmearAnalysisRecord(string Id, string Created, string Status, string? ReferenceKey, int Cells, string? Decision, string? Finished, string? Error);

/// <summary>
/// The web app's smear analyses in the cell-image database (table <c>smear_analysis</c>, schema version 3), so
/// earlier analyses are listed and finished results outlive the server. Each call opens its own pooled connection,
/// so one store serves many requests at once. The smear reference is stored only as a keyed hash.
/// </summary>
public sealed class SmearAnalysisStore
{
    private const string Columns = "id, created_at, status, reference_key, cells, decision, finished_at, error";
    private readonly DatabaseConnectionString _location;

    /// <summary>Opens (creating and migrating when needed) the database at <paramref name="location"/>.</summary>
    /// <exception cref="HematologyException">The database cannot be opened.</exception>
    public SmearAnalysisStore(DatabaseConnectionString location)
    {
        _location = location;
        using var migrated = CellImageDatabase.Open(location);
    }

    /// <summary>Records a new analysis as queued.</summary>
    public void Add(string id, int cells, string? referenceKey) => Execute(
        "INSERT INTO smear_analysis (id, created_at, status, reference_key, cells) VALUES (@id, @at, @status, @referenceKey, @cells)",
        new { id, at = Now(), status = SmearAnalysisStatus.Queued, referenceKey, cells });

    /// <summary>Moves an analysis to another status (a final one records the time; <paramref name="error"/> is kept for failures).</summary>
    public void SetStatus(string id, string status, string? error = null) => Execute(
        "UPDATE smear_analysis SET status = @status, error = @error, finished_at = @finished WHERE id = @id",
        new { id, status, error = error is null ? null : error[..Math.Min(error.Length, 500)], finished = SmearAnalysisStatus.IsFinal(status) ? Now() : null });

    /// <summary>Stores the result JSON and the decision, and marks the analysis done.</summary>
    public void Complete(string id, string decision, string resultJson) => Execute(
        "UPDATE smear_analysis SET status = @status, decision = @decision, result_json = @resultJson, finished_at = @at, error = NULL WHERE id = @id",
        new { id, status = SmearAnalysisStatus.Done, decision, resultJson, at = Now() });

    /// <summary>The analysis, or null.</summary>
    public SmearAnalysisRecord? Find(string id)
    {
        using var c = Open();
        return c.Query<Row>($"SELECT {Columns} FROM smear_analysis WHERE id = @id", new { id }).Select(ToRecord).SingleOrDefault();
    }

    /// <summary>The stored result JSON (that of <c>hemato screen</c>), or null before it is done.</summary>
    public string? ResultJson(string id)
    {
        using var c = Open();
        return c.QuerySingleOrDefault<string?>("SELECT result_json FROM smear_analysis WHERE id = @id", new { id });
    }

    /// <summary>The latest analyses, newest first.</summary>
    public IReadOnlyList<SmearAnalysisRecord> Recent(int limit = 50)
    {
        using var c = Open();
        return c.Query<Row>($"SELECT {Columns} FROM smear_analysis ORDER BY created_at DESC, id LIMIT @limit", new { limit }).Select(ToRecord).ToList();
    }

    /// <summary>Analyses a stopped server left queued or running, oldest first.</summary>
    public IReadOnlyList<string> Unfinished()
    {
        using var c = Open();
        return c.Query<string>("SELECT id FROM smear_analysis WHERE status IN (@queued, @running) ORDER BY created_at, id",
            new { queued = SmearAnalysisStatus.Queued, running = SmearAnalysisStatus.Running }).ToList();
    }

    internal static void CreateTable(DbConnection connection, DbTransaction transaction, SqlDialect d)
    {
        connection.Execute($"""
            CREATE TABLE smear_analysis (id CHAR(32) NOT NULL PRIMARY KEY, created_at VARCHAR(40) NOT NULL, status VARCHAR(20) NOT NULL,
              reference_key CHAR(64) NULL, cells INT NOT NULL, decision VARCHAR(40) NULL, finished_at VARCHAR(40) NULL,
              error VARCHAR(500) NULL, result_json {d.LargeText} NULL){d.TableOptions}
            """, transaction: transaction);
        connection.Execute("CREATE INDEX ix_smear_analysis_created ON smear_analysis (created_at)", transaction: transaction);
        connection.Execute("CREATE INDEX ix_smear_analysis_reference ON smear_analysis (reference_key)", transaction: transaction);
    }

    // Value tuples map by position, with the providers' integer widths converted (INT is Int64 in SQLite).
    private static SmearAnalysisRecord ToRecord(Row r) => new(r.Item1, r.Item2, r.Item3, r.Item4, (int)r.Item5, r.Item6, r.Item7, r.Item8);

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private DbConnection Open()
    {
        var connection = _location.CreateConnection();
        connection.Open();
        return connection;
    }

    private void Execute(string sql, object parameters)
    {
        using var c = Open();
        c.Execute(sql, parameters);
    }
}
