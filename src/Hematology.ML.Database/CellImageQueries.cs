using Dapper;

namespace Hematology.ML.Database;

/// <summary>Patients and their number of smears (patient = first 12 hex digits of the pseudonym).</summary>
public sealed record PatientSmears(string Patient, long Smears);

/// <summary>One image set: a smear's images of one cell type.</summary>
public sealed record ImageSetRow(long Id, string Patient, string? SmearDate, string Entity, string CellType, string StoragePath, long Images, string Purpose);

/// <summary>
/// The thesis's example questions (ch. 2.1): how many patients of an entity, smears per patient,
/// how many images of a cell type in an entity, and which image sets.
/// </summary>
public sealed class CellImageQueries(CellImageDatabase database)
{
    /// <summary>Number of patients with at least one smear of the entity.</summary>
    public long PatientCount(string entity) => database.Connection.ExecuteScalar<long>("""
        SELECT COUNT(DISTINCT s.patient_id) FROM smear s JOIN entity e ON e.id = s.entity_id WHERE e.code = @entity
        """, new { entity = database.RequireEntity(entity) });

    /// <summary>Smears per patient of the entity, most first.</summary>
    public IReadOnlyList<PatientSmears> SmearsPerPatient(string entity) => database.Connection.Query<(string, long)>("""
        SELECT p.pseudonym, COUNT(*) FROM smear s JOIN entity e ON e.id = s.entity_id JOIN patient p ON p.id = s.patient_id
        WHERE e.code = @entity GROUP BY p.pseudonym ORDER BY COUNT(*) DESC, p.pseudonym
        """, new { entity = database.RequireEntity(entity) }).Select(r => new PatientSmears(r.Item1[..12], r.Item2)).ToList();

    /// <summary>Number of images of the cell type (or PBC class) in smears of the entity.</summary>
    public long ImageCount(string entity, string cell) => database.Connection.ExecuteScalar<long>($"""
        SELECT COUNT(*) FROM cell_image i JOIN cell_type t ON t.id = i.cell_type_id JOIN image_set st ON st.id = i.image_set_id
        JOIN smear s ON s.id = st.smear_id JOIN entity e ON e.id = s.entity_id
        WHERE e.code = @entity AND {database.Dialect.InList("t.code", "types")}
        """, new { entity = database.RequireEntity(entity), types = database.CellTypesNamed(cell) });

    /// <summary>The image sets of the cell type (or PBC class) in smears of the entity.</summary>
    public IReadOnlyList<ImageSetRow> ImageSets(string entity, string cell) => database.Connection.Query<(long, string, string?, string, string, string, long, string)>($"""
        SELECT st.id, p.pseudonym, s.smear_date, e.code, t.code, st.storage_path, st.image_count, s.purpose
        FROM image_set st JOIN cell_type t ON t.id = st.cell_type_id JOIN smear s ON s.id = st.smear_id
        JOIN entity e ON e.id = s.entity_id JOIN patient p ON p.id = s.patient_id
        WHERE e.code = @entity AND {database.Dialect.InList("t.code", "types")} ORDER BY s.smear_date, p.pseudonym, t.code
        """, new { entity = database.RequireEntity(entity), types = database.CellTypesNamed(cell) })
        .Select(r => new ImageSetRow(r.Item1, r.Item2[..12], r.Item3, r.Item4, r.Item5, r.Item6, r.Item7, r.Item8)).ToList();
}
