using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Dapper;

namespace Hematology.ML.Database;

/// <summary>What to take from the database for a training or test set. Empty lists mean "all".</summary>
public sealed record SelectionCriteria(IReadOnlyList<string> Entities, IReadOnlyList<string> CellTypes, IReadOnlyList<string> Purposes);

/// <summary>One selected image: where its file is, its labels and its subset (train/test or none).</summary>
public sealed record SelectedImage(string Path, string ContentHash, string CellType, string? PbcClass, string? Subset);

/// <summary>How the written dataset names its class folders.</summary>
public enum DatasetLabels
{
    /// <summary>The eight PBC classes (cell types outside them keep their own name).</summary>
    Pbc,
    /// <summary>The database's cell types (19 + 2).</summary>
    CellType,
}

/// <summary>
/// Composes a dataset from the database (the point of it all, thesis ch. 2.1) and writes it in the
/// layout the training commands read: <c>&lt;output&gt;/&lt;class&gt;/&lt;SUBTYPE&gt;_&lt;hash&gt;.jpg</c>
/// plus <c>split.csv</c> (<c>file,class,subtype,split</c>). Files are hard-linked from the store
/// where the file system allows, else copied.
/// </summary>
public sealed class DatasetSelection(CellImageDatabase database)
{
    /// <summary>The images matching the criteria, ordered by hash (stable across runs and servers).</summary>
    public IReadOnlyList<SelectedImage> Select(SelectionCriteria criteria)
    {
        var sql = new StringBuilder("""
            SELECT st.storage_path, i.relative_path, i.content_hash, t.code, t.pbc_class, i.subset, s.purpose
            FROM cell_image i JOIN image_set st ON st.id = i.image_set_id JOIN smear s ON s.id = st.smear_id
            JOIN entity e ON e.id = s.entity_id JOIN cell_type t ON t.id = i.cell_type_id WHERE 1 = 1
            """);
        var entities = criteria.Entities.Select(database.RequireEntity).ToArray();
        var types = criteria.CellTypes.SelectMany(database.CellTypesNamed).Distinct().ToArray();
        var purposes = criteria.Purposes.Select(RequirePurpose).ToArray();
        if (entities.Length > 0) sql.Append(" AND " + database.Dialect.InList("e.code", "entities"));
        if (types.Length > 0) sql.Append(" AND " + database.Dialect.InList("t.code", "types"));
        if (purposes.Length > 0) sql.Append(" AND " + database.Dialect.InList("s.purpose", "purposes"));
        sql.Append(" ORDER BY i.content_hash");
        var store = database.Setting("store_root") ?? DataFolder.DefaultStore;
        return database.Connection.Query<(string, string, string, string, string?, string?, string)>(sql.ToString(), new { entities, types, purposes })
            .Select(r => new SelectedImage(Path.Combine(store, r.Item1, r.Item2), r.Item3.Trim(), r.Item4, r.Item5, r.Item6 ?? SubsetOfPurpose(r.Item7)))
            .ToList();
    }

    /// <summary>
    /// Writes the dataset into <paramref name="output"/>, which must not exist or be empty (nothing of
    /// the user's is overwritten). Returns the number of images written per class.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Write(IReadOnlyList<SelectedImage> images, string output, DatasetLabels labels)
    {
        if (images.Count == 0) throw new HematologyException("No images match the selection; nothing written.");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
            throw new HematologyException($"Output folder '{output}' is not empty; choose a new folder.");
        var missing = images.FirstOrDefault(i => !File.Exists(i.Path));
        if (missing is not null) throw new HematologyException($"The stored image {missing.Path} is missing from the store; nothing written.");
        Directory.CreateDirectory(output);
        var split = new StringBuilder("file,class,subtype,split\n");
        var perClass = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            var label = labels == DatasetLabels.Pbc ? image.PbcClass ?? image.CellType : image.CellType;
            var subtype = ReferenceData.SubtypeOfCellType(image.CellType);
            // The sub-type prefix is what CellSubtype reads back; the hash keeps names unique across classes.
            var name = (subtype is null ? "" : subtype + "_") + image.ContentHash[..16] + Path.GetExtension(image.Path);
            var folder = Path.Combine(output, label);
            Directory.CreateDirectory(folder);
            LinkOrCopy(image.Path, Path.Combine(folder, name));
            split.Append(CultureInfo.InvariantCulture, $"{name},{label},{subtype ?? ""},{image.Subset ?? ""}\n");
            perClass[label] = perClass.GetValueOrDefault(label) + 1;
        }
        File.WriteAllText(Path.Combine(output, "split.csv"), split.ToString());
        return perClass;
    }

    /// <summary>The subset a smear's purpose implies: training images train, testing and proof-of-concept images test.</summary>
    public static string SubsetOfPurpose(string purpose) => purpose == SmearPurpose.Training ? "train" : "test";

    private static string RequirePurpose(string purpose)
    {
        var p = purpose.Trim().ToLowerInvariant();
        return SmearPurpose.All.Contains(p) ? p : throw new HematologyException($"Unknown purpose '{purpose}' ({string.Join(", ", SmearPurpose.All)}).");
    }

    private static void LinkOrCopy(string source, string target)
    {
        if (!OperatingSystem.IsWindows() && HardLink(source, target) == 0) return;
        File.Copy(source, target);
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int HardLink([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string created);
}
