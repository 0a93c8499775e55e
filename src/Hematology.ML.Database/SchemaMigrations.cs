using System.Data.Common;
using Dapper;

namespace Hematology.ML.Database;

/// <summary>
/// The schema, as ordered versioned steps. <see cref="Migrate"/> brings any database up to the latest
/// version under a cross-process lock, so two imports that start together do not both create tables.
/// MariaDB/MySQL commit DDL implicitly, so there a failed step can leave its tables behind; each step
/// is recorded only once it has finished.
/// </summary>
internal static class SchemaMigrations
{
    public static IReadOnlyList<SchemaMigration> All { get; } =
    [
        new(1, "tables: reference data, patients, smears, image sets, images, models, predictions", CreateTables),
        new(2, "reference data: entity groups, entities, cell types, cell-type synonyms", SeedReferenceData),
        new(3, "smear analyses of the web app: status, pseudonymised reference, result JSON", SmearAnalysisStore.CreateTable),
    ];

    public static int Latest => All[^1].Version;

    public static void Migrate(DbConnection connection, SqlDialect dialect)
    {
        using var transaction = connection.BeginTransaction();
        // The lock comes before everything, the version table included: PostgreSQL's CREATE TABLE IF NOT
        // EXISTS is not safe against a concurrent twin.
        dialect.LockForMigration(connection, transaction);
        try
        {
            connection.Execute($"CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL, applied_at VARCHAR(40) NOT NULL){dialect.TableOptions}",
                transaction: transaction);
            var current = CurrentVersion(connection, transaction);
            foreach (var step in All.Where(m => m.Version > current))
            {
                step.Apply(connection, transaction, dialect);
                connection.Execute("INSERT INTO schema_version (version, description, applied_at) VALUES (@Version, @Description, @At)",
                    new { step.Version, step.Description, At = DateTime.UtcNow.ToString("O") }, transaction);
            }
            transaction.Commit();
        }
        finally
        {
            dialect.UnlockAfterMigration(connection);
        }
    }

    public static int CurrentVersion(DbConnection connection, DbTransaction? transaction = null) =>
        connection.ExecuteScalar<int?>("SELECT MAX(version) FROM schema_version", transaction: transaction) ?? 0;

    private static void CreateTables(DbConnection connection, DbTransaction transaction, SqlDialect d)
    {
        var id = d.IdentityColumn;
        var o = d.TableOptions;
        string[] statements =
        [
            $"CREATE TABLE lab_setting (name VARCHAR(60) NOT NULL PRIMARY KEY, setting_value VARCHAR(500) NOT NULL){o}",
            $"CREATE TABLE entity_group ({id}, code VARCHAR(40) NOT NULL UNIQUE, name VARCHAR(200) NOT NULL){o}",
            $"""
            CREATE TABLE entity ({id}, code VARCHAR(40) NOT NULL UNIQUE, name VARCHAR(200) NOT NULL, group_id BIGINT NOT NULL,
              FOREIGN KEY (group_id) REFERENCES entity_group (id)){o}
            """,
            $"CREATE TABLE cell_type ({id}, code VARCHAR(60) NOT NULL UNIQUE, name VARCHAR(200) NOT NULL, pbc_class VARCHAR(40) NULL){o}",
            $"""
            CREATE TABLE cell_type_synonym (synonym VARCHAR(100) NOT NULL PRIMARY KEY, cell_type_id BIGINT NOT NULL,
              FOREIGN KEY (cell_type_id) REFERENCES cell_type (id)){o}
            """,
            // A patient is only a keyed hash of the history number (see LabSecret): nothing here identifies anyone.
            $"CREATE TABLE patient ({id}, pseudonym CHAR(64) NOT NULL UNIQUE, created_at VARCHAR(40) NOT NULL){o}",
            $"""
            CREATE TABLE smear ({id}, patient_id BIGINT NOT NULL, request_key CHAR(64) NOT NULL UNIQUE, smear_date CHAR(10) NULL,
              entity_id BIGINT NOT NULL, image_origin VARCHAR(20) NOT NULL, purpose VARCHAR(20) NOT NULL, imported_at VARCHAR(40) NOT NULL,
              FOREIGN KEY (patient_id) REFERENCES patient (id), FOREIGN KEY (entity_id) REFERENCES entity (id)){o}
            """,
            "CREATE INDEX ix_smear_entity ON smear (entity_id)",
            "CREATE INDEX ix_smear_patient ON smear (patient_id)",
            $"""
            CREATE TABLE image_set ({id}, smear_id BIGINT NOT NULL, cell_type_id BIGINT NOT NULL, storage_path VARCHAR(500) NOT NULL,
              image_count INT NOT NULL, UNIQUE (smear_id, cell_type_id),
              FOREIGN KEY (smear_id) REFERENCES smear (id), FOREIGN KEY (cell_type_id) REFERENCES cell_type (id)){o}
            """,
            "CREATE INDEX ix_image_set_cell_type ON image_set (cell_type_id)",
            $"""
            CREATE TABLE cell_image ({id}, image_set_id BIGINT NOT NULL, relative_path VARCHAR(255) NOT NULL, content_hash CHAR(64) NOT NULL UNIQUE,
              size_bytes BIGINT NOT NULL, cell_type_id BIGINT NOT NULL, subset VARCHAR(10) NULL,
              FOREIGN KEY (image_set_id) REFERENCES image_set (id), FOREIGN KEY (cell_type_id) REFERENCES cell_type (id)){o}
            """,
            "CREATE INDEX ix_cell_image_set ON cell_image (image_set_id)",
            "CREATE INDEX ix_cell_image_cell_type ON cell_image (cell_type_id)",
            $"""
            CREATE TABLE model ({id}, model_key VARCHAR(200) NOT NULL UNIQUE, kind VARCHAR(60) NOT NULL, classes TEXT NOT NULL,
              file_path VARCHAR(500) NULL, registered_at VARCHAR(40) NOT NULL){o}
            """,
            $"""
            CREATE TABLE prediction ({id}, cell_image_id BIGINT NOT NULL, model_id BIGINT NOT NULL, predicted_class VARCHAR(60) NOT NULL,
              probabilities TEXT NOT NULL, dysplasia_score DOUBLE PRECISION NULL, predicted_at VARCHAR(40) NOT NULL,
              UNIQUE (cell_image_id, model_id),
              FOREIGN KEY (cell_image_id) REFERENCES cell_image (id), FOREIGN KEY (model_id) REFERENCES model (id)){o}
            """,
        ];
        foreach (var sql in statements) connection.Execute(sql, transaction: transaction);
    }

    private static void SeedReferenceData(DbConnection connection, DbTransaction transaction, SqlDialect d)
    {
        foreach (var g in ReferenceData.EntityGroups)
            connection.Execute(d.InsertIgnore("entity_group", "code, name", "@Code, @Name"), g, transaction);
        foreach (var e in ReferenceData.Entities)
            connection.Execute(d.InsertIgnore("entity", "code, name, group_id", "@Code, @Name, (SELECT id FROM entity_group WHERE code = @Group)"), e, transaction);
        foreach (var t in ReferenceData.CellTypes)
            connection.Execute(d.InsertIgnore("cell_type", "code, name, pbc_class", "@Name, @DisplayName, @PbcClass"), t, transaction);
        foreach (var (synonym, type) in CellTypeSynonyms.BuiltIn)
            connection.Execute(d.InsertIgnore("cell_type_synonym", "synonym, cell_type_id", "@synonym, (SELECT id FROM cell_type WHERE code = @type)"),
                new { synonym, type }, transaction);
    }
}
