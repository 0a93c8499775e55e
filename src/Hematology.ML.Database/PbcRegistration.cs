using System.Security.Cryptography;
using System.Text;
using Dapper;
using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Features;
using Hematology.ML.Imaging;

namespace Hematology.ML.Database;

/// <summary>
/// Registers the public PBC dataset (Acevedo et al. 2020) in place: one anonymous source (no patient
/// data exists for it), entity NORMAL, image origin CellaVision, each image with its cell type from
/// its file-name sub-type and its split from the manifest. Registering again changes nothing.
/// </summary>
public sealed class PbcRegistration(CellImageDatabase database)
{
    /// <summary>The fixed pseudonym of the PBC source (a hash of its name, not of any patient).</summary>
    public static string SourceKey { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("public-dataset:PBC")));

    /// <summary>Registers <paramref name="folder"/> (PBC layout); returns the number of images registered now.</summary>
    public int Register(string folder, PbcSplitManifest? manifest)
    {
        var images = CellImageFolder.Load(folder, manifest);
        var c = database.Connection;
        var d = database.Dialect;
        using var transaction = c.BeginTransaction();
        var now = DateTime.UtcNow.ToString("O");
        c.Execute(d.InsertIgnore("patient", "pseudonym, created_at", "@SourceKey, @now"), new { SourceKey, now }, transaction);
        if (c.ExecuteScalar<long?>("SELECT id FROM smear WHERE request_key = @SourceKey", new { SourceKey }, transaction) is not null) return 0;
        c.Execute("""
            INSERT INTO smear (patient_id, request_key, smear_date, entity_id, image_origin, purpose, imported_at)
            VALUES ((SELECT id FROM patient WHERE pseudonym = @SourceKey), @SourceKey, NULL, (SELECT id FROM entity WHERE code = 'NORMAL'),
                    @origin, @purpose, @now)
            """, new { SourceKey, origin = ImageOrigin.CellaVision, purpose = SmearPurpose.Training, now }, transaction);
        var smearId = c.ExecuteScalar<long>("SELECT id FROM smear WHERE request_key = @SourceKey", new { SourceKey }, transaction);
        var registered = 0;
        foreach (var group in images.Samples.GroupBy(s => CellTypeOf(s)))
        {
            var cellTypeId = c.ExecuteScalar<long>("SELECT id FROM cell_type WHERE code = @code", new { code = group.Key }, transaction);
            var storage = Path.GetFullPath(folder);
            c.Execute("INSERT INTO image_set (smear_id, cell_type_id, storage_path, image_count) VALUES (@smearId, @cellTypeId, @storage, 0)",
                new { smearId, cellTypeId, storage }, transaction);
            var setId = c.ExecuteScalar<long>("SELECT id FROM image_set WHERE smear_id = @smearId AND cell_type_id = @cellTypeId", new { smearId, cellTypeId }, transaction);
            var count = 0;
            foreach (var sample in group)
            {
                byte[] bytes;
                try { bytes = CellImageDecoder.ReadFile(sample.Path); }
                catch (UnreadableImageException) { continue; } // the folder listing already reported it; never abort the set
                var hash = FeatureCache.HashOf(bytes).ToLowerInvariant();
                if (c.ExecuteScalar<long?>("SELECT id FROM cell_image WHERE content_hash = @hash", new { hash }, transaction) is not null) continue;
                var relative = Path.GetRelativePath(storage, sample.Path).Replace('\\', '/');
                c.Execute("""
                    INSERT INTO cell_image (image_set_id, relative_path, content_hash, size_bytes, cell_type_id, subset)
                    VALUES (@setId, @relative, @hash, @size, @cellTypeId, @Split)
                    """, new { setId, relative, hash, size = (long)bytes.Length, cellTypeId, sample.Split }, transaction);
                count++;
            }
            c.Execute("UPDATE image_set SET image_count = @count WHERE id = @setId", new { count, setId }, transaction);
            registered += count;
        }
        transaction.Commit();
        return registered;
    }

    // The file-name sub-type (SNE_, MY_, ...) is finer than the class folder; without one, the class's unspecified type.
    private static string CellTypeOf(CellSample sample) =>
        sample.Subtype is { } code && ReferenceData.CellTypeOfSubtype.TryGetValue(code, out var type) ? type
        : sample.CellClass switch
        {
            PbcCellClass.ImmatureGranulocyte => "immature-granulocyte",
            var other => other,
        };
}
