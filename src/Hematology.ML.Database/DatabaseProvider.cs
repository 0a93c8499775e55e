namespace Hematology.ML.Database;

/// <summary>The database servers the cell-image database runs on, with one schema and one data-access layer.</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite: a single file, the default for one workstation.</summary>
    Sqlite,
    /// <summary>MariaDB or MySQL (MySqlConnector), the thesis's server.</summary>
    MySql,
    /// <summary>PostgreSQL (Npgsql).</summary>
    Postgres,
}
