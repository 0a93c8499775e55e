using System.Data.Common;

namespace Hematology.ML.Database;

/// <summary>One versioned step of the schema: applied once, in order, recorded in <c>schema_version</c>.</summary>
/// <param name="Version">Strictly increasing number.</param>
/// <param name="Description">What it changes.</param>
/// <param name="Apply">Runs the step inside the migration transaction.</param>
internal sealed record SchemaMigration(int Version, string Description, Action<DbConnection, DbTransaction, SqlDialect> Apply);
