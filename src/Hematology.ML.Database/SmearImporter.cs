using System.Data.Common;
using Dapper;
using Hematology.ML.Features;
using Hematology.ML.Imaging;

namespace Hematology.ML.Database;

/// <summary>Where and how an import stores images.</summary>
/// <param name="SmearsFolder">The folder holding <c>&lt;request number&gt;/&lt;cell type&gt;/*</c>.</param>
/// <param name="StoreFolder">The managed image store (<c>group/entity/patient/date/celltype</c>).</param>
/// <param name="Move">Delete the sources once their smear is committed (copying is the default).</param>
/// <param name="Origin">Image origin for rows that do not give one.</param>
/// <param name="Purpose">Purpose for rows that do not give one.</param>
/// <param name="LogFile">JSON-lines log of every decision; null: <c>&lt;store&gt;/import-log.jsonl</c>.</param>
public sealed record ImportOptions(string SmearsFolder, string StoreFolder, bool Move = false,
    string Origin = ImageOrigin.CellaVision, string Purpose = SmearPurpose.Training, string? LogFile = null);

/// <summary>
/// Imports the smears of a lab sheet (thesis Fig. 2.2), each in one transaction: its patient, smear,
/// image sets and images, with the image files copied into the managed store. Anything wrong inside
/// a smear rolls the whole smear back, files included; other smears go on. Importing again changes
/// nothing; an image whose content is already stored is not stored twice.
/// </summary>
public sealed class SmearImporter(CellImageDatabase database, LabSecret secret, ImportOptions options)
{
    private const int Attempts = 3;

    /// <summary>Imports every row; problems are reported per row, never thrown (except setup errors).</summary>
    public ImportReport Import(LabSheet sheet, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(options.SmearsFolder)) throw new HematologyException($"Smears folder '{options.SmearsFolder}' does not exist.");
        var store = Path.GetFullPath(options.StoreFolder);
        CheckInstallation(store);
        using var log = new ImportLog(options.LogFile ?? Path.Combine(store, "import-log.jsonl"));
        log.Write("import-started", null, null, null, $"sheet {sheet.FileName}: {sheet.Rows.Count} usable rows, {sheet.Problems.Count} unusable");
        var reports = new List<RowReport>();
        foreach (var problem in sheet.Problems)
        {
            log.Write("row-skipped", problem.RowNumber, null, null, problem.Reason);
            reports.Add(new RowReport(problem.RowNumber, RowOutcome.Skipped, problem.Reason, 0, 0, []));
        }
        foreach (var row in sheet.Rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var report = ImportRow(row, store, log);
            log.Write(report.Outcome switch
            {
                RowOutcome.Imported => "smear-imported",
                RowOutcome.AlreadyImported => "smear-already-imported",
                RowOutcome.RolledBack => "smear-rolled-back",
                _ => "row-skipped",
            }, row.RowNumber, secret.RequestKey(row.RequestNumber), secret.PatientPseudonym(row.HistoryNumber), report.Reason, images: report.ImagesStored);
            reports.Add(report);
        }
        log.Write("import-finished", null, null, null, $"{reports.Count(r => r.Outcome == RowOutcome.Imported)} smears imported");
        return new ImportReport(reports.OrderBy(r => r.RowNumber).ToArray());
    }

    // One store and one secret per database: a second store would scatter the images, and a second
    // secret would give every patient a second pseudonym.
    private void CheckInstallation(string store)
    {
        var recordedStore = database.SettingOnce("store_root", store);
        if (recordedStore != store)
            throw new HematologyException($"This database keeps its images in {recordedStore}; pass --store {recordedStore}.");
        if (database.SettingOnce("secret_fingerprint", secret.Fingerprint) != secret.Fingerprint)
            throw new HematologyException("The lab secret differs from the one this database was filled with; patients would get new pseudonyms. Use the original secret.");
    }

    private RowReport ImportRow(SheetRow row, string store, ImportLog log)
    {
        RowReport Skip(string reason) => new(row.RowNumber, RowOutcome.Skipped, reason, 0, 0, []);
        var (folder, problem) = SmearFolder.Locate(options.SmearsFolder, row.RequestNumber);
        if (folder is null) return Skip(problem!);
        if (database.EntityId(row.Entity) is null) return Skip($"unknown entity '{row.Entity}' (known: {string.Join(", ", database.EntityCodes())})");
        var requestKey = secret.RequestKey(row.RequestNumber);
        var stored = database.Connection.QuerySingleOrDefault<(string? Date, string Entity, string Patient)?>("""
            SELECT s.smear_date, e.code, p.pseudonym FROM smear s JOIN entity e ON e.id = s.entity_id JOIN patient p ON p.id = s.patient_id
            WHERE s.request_key = @requestKey
            """, new { requestKey });
        if (stored is { } was) return new(row.RowNumber, RowOutcome.AlreadyImported, Disagreement(row, was), 0, 0, []);

        var (cellFolders, folderProblem, notes) = SmearFolder.CellTypeFolders(folder, database.CellTypeOf);
        if (folderProblem is not null) return new(row.RowNumber, RowOutcome.RolledBack, folderProblem, 0, 0, notes);
        for (var attempt = 1; ; attempt++)
        {
            var changes = new StoreChanges(store);
            var smear = new SmearWork(row, requestKey, secret.PatientPseudonym(row.HistoryNumber), [.. notes]);
            using var transaction = database.Connection.BeginTransaction();
            try
            {
                var outcome = StoreSmear(smear, cellFolders, folder, transaction, changes, log);
                if (outcome == RowOutcome.Imported) transaction.Commit(); else transaction.Rollback();
                if (outcome == RowOutcome.Imported) changes.Commit(); else changes.Rollback();
                return new(row.RowNumber, outcome, null, smear.Stored, smear.Duplicates, smear.Notes);
            }
            catch (Exception e) when (e is SmearRejectedException or UnreadableImageException or IOException or UnauthorizedAccessException || e is DbException && !SqlDialect.IsTransient(e))
            {
                SafeRollback(transaction);
                changes.Rollback();
                var reason = e is DbException ? $"database error: {e.Message}" : e.Message;
                return new(row.RowNumber, RowOutcome.RolledBack, reason, 0, 0, smear.Notes);
            }
            catch (Exception e) when (SqlDialect.IsTransient(e) || e is ConcurrentImageException)
            {
                SafeRollback(transaction);
                changes.Rollback();
                if (attempt >= Attempts) return new(row.RowNumber, RowOutcome.RolledBack, $"busy database, gave up after {Attempts} tries: {e.Message}", 0, 0, smear.Notes);
            }
            catch
            {
                SafeRollback(transaction);
                changes.Rollback();
                throw;
            }
        }
    }

    // A repeated import changes nothing, but a sheet that now says something else about a stored smear
    // is worth telling: someone corrected the sheet, or two smears share a request number.
    private string? Disagreement(SheetRow row, (string? Date, string Entity, string Patient) stored)
    {
        var differences = new List<string>();
        if (stored.Date != row.SmearDate) differences.Add($"smear date {stored.Date} (sheet: {row.SmearDate})");
        if (stored.Entity != row.Entity) differences.Add($"entity {stored.Entity} (sheet: {row.Entity})");
        if (stored.Patient != secret.PatientPseudonym(row.HistoryNumber)) differences.Add("another patient");
        return differences.Count == 0 ? null : $"already imported with {string.Join(", ", differences)}; the database was not changed";
    }

    private static void SafeRollback(DbTransaction transaction)
    {
        try { transaction.Rollback(); }
        catch (Exception e) when (e is DbException or InvalidOperationException) { /* the connection already ended the transaction */ }
    }

    private sealed record SmearWork(SheetRow Row, string RequestKey, string Patient, List<string> Notes)
    {
        public int Stored { get; set; }
        public int Duplicates { get; set; }
    }

    private RowOutcome StoreSmear(SmearWork smear, IReadOnlyList<(string Path, string CellType)> cellFolders, string smearFolder,
        DbTransaction transaction, StoreChanges changes, ImportLog log)
    {
        var c = database.Connection;
        var d = database.Dialect;
        var row = smear.Row;
        c.Execute(d.InsertIgnore("patient", "pseudonym, created_at", "@Patient, @At"), new { smear.Patient, At = Now }, transaction);
        var patientId = c.ExecuteScalar<long>("SELECT id FROM patient WHERE pseudonym = @Patient", new { smear.Patient }, transaction);
        var origin = row.Origin ?? options.Origin;
        var purpose = row.Purpose ?? options.Purpose;
        try
        {
            // The smear row first: a concurrent import of the same smear waits here on the unique key, then finds it taken.
            c.Execute("""
                INSERT INTO smear (patient_id, request_key, smear_date, entity_id, image_origin, purpose, imported_at)
                VALUES (@patientId, @RequestKey, @SmearDate, (SELECT id FROM entity WHERE code = @Entity), @origin, @purpose, @At)
                """, new { patientId, smear.RequestKey, row.SmearDate, row.Entity, origin, purpose, At = Now }, transaction);
        }
        catch (DbException e) when (SqlDialect.IsUniqueViolation(e))
        {
            return RowOutcome.AlreadyImported;
        }
        var smearId = c.ExecuteScalar<long>("SELECT id FROM smear WHERE request_key = @RequestKey", new { smear.RequestKey }, transaction);
        var group = c.ExecuteScalar<string>("SELECT g.code FROM entity e JOIN entity_group g ON g.id = e.group_id WHERE e.code = @Entity", new { row.Entity }, transaction)!;
        var subset = purpose switch { SmearPurpose.Training => "train", SmearPurpose.Testing => "test", _ => null };

        foreach (var (folder, cellType) in cellFolders)
        {
            var setFolder = Path.Combine(group, row.Entity, smear.Patient[..16], row.SmearDate, cellType);
            long? setId = null;
            var stored = 0;
            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                var shown = $"{Path.GetFileName(folder)}/{Path.GetFileName(file)}";
                if (!SmearFolder.IsInside(smearFolder, SmearFolder.RealPath(file)))
                    throw new SmearRejectedException($"'{shown}' is a link outside the smear folder");
                // One unreadable, corrupt or oversized cell is left out and noted; it does not cost the smear's other cells.
                byte[] bytes;
                try
                {
                    bytes = CellImageDecoder.ReadFile(file);
                    if (bytes.Length == 0 || !CellImageDecoder.LooksLikeImage(bytes))
                    {
                        smear.Notes.Add($"'{shown}' is not an image: ignored");
                        log.Write("file-not-an-image", row.RowNumber, smear.RequestKey, smear.Patient, file: shown);
                        continue;
                    }
                    _ = CellImageDecoder.Decode(bytes, shown);
                }
                catch (UnreadableImageException e)
                {
                    smear.Notes.Add($"'{shown}' is not a readable image ({e.Reason}): ignored");
                    log.Write("file-unreadable", row.RowNumber, smear.RequestKey, smear.Patient, file: shown);
                    continue;
                }
                var hash = FeatureCache.HashOf(bytes).ToLowerInvariant();
                if (c.ExecuteScalar<long?>("SELECT id FROM cell_image WHERE content_hash = @hash", new { hash }, transaction) is not null)
                {
                    smear.Duplicates++;
                    smear.Notes.Add($"'{shown}' is already stored (same content): not stored twice");
                    log.Write("image-already-stored", row.RowNumber, smear.RequestKey, smear.Patient, file: shown);
                    continue;
                }
                if (setId is null)
                {
                    var cellTypeId = c.ExecuteScalar<long>("SELECT id FROM cell_type WHERE code = @cellType", new { cellType }, transaction);
                    c.Execute("INSERT INTO image_set (smear_id, cell_type_id, storage_path, image_count) VALUES (@smearId, @cellTypeId, @setFolder, 0)",
                        new { smearId, cellTypeId, setFolder = setFolder.Replace('\\', '/') }, transaction);
                    setId = c.ExecuteScalar<long>("SELECT id FROM image_set WHERE smear_id = @smearId AND cell_type_id = @cellTypeId", new { smearId, cellTypeId }, transaction);
                }
                var fileName = hash + StoredExtension(file);
                try
                {
                    c.Execute("""
                        INSERT INTO cell_image (image_set_id, relative_path, content_hash, size_bytes, cell_type_id, subset)
                        VALUES (@setId, @fileName, @hash, @size, (SELECT cell_type_id FROM image_set WHERE id = @setId), @subset)
                        """, new { setId, fileName, hash, size = (long)bytes.Length, subset }, transaction);
                }
                catch (DbException e) when (SqlDialect.IsUniqueViolation(e))
                {
                    throw new ConcurrentImageException();
                }
                changes.Place(file, setFolder, fileName, options.Move);
                stored++;
            }
            if (setId is not null)
                c.Execute("UPDATE image_set SET image_count = @stored WHERE id = @setId", new { stored, setId }, transaction);
            smear.Stored += stored;
        }
        return RowOutcome.Imported;
    }

    private static string Now => DateTime.UtcNow.ToString("O");

    // The stored name is the content hash (original names may carry identifiers); the extension is kept when it is a plain one.
    private static string StoredExtension(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        return extension.Length is > 1 and <= 6 && extension[1..].All(char.IsAsciiLetterOrDigit) ? extension : ".img";
    }
}
