namespace Hematology.ML.Datasets;

/// <summary>
/// The fixed split of PBC (<c>file,class,subtype,split</c>): every reported figure uses it, so a model
/// is never tuned on the images it is scored on.
/// </summary>
public sealed class PbcSplitManifest
{
    /// <summary>One row of the manifest.</summary>
    public sealed record Entry(string File, string CellClass, string Subtype, string Split);

    private readonly Dictionary<string, Entry> _byFile;

    private PbcSplitManifest(Dictionary<string, Entry> byFile) => _byFile = byFile;

    /// <summary>Number of images listed.</summary>
    public int Count => _byFile.Count;

    /// <summary>The entry for a file name, or null when the file is not listed.</summary>
    public Entry? Find(string fileName) => _byFile.GetValueOrDefault(fileName);

    /// <summary>All entries.</summary>
    public IEnumerable<Entry> Entries => _byFile.Values;

    /// <summary>Reads the manifest; a malformed file raises a <see cref="HematologyException"/> naming the line.</summary>
    public static PbcSplitManifest Load(string path)
    {
        if (!File.Exists(path)) throw new HematologyException($"Split manifest '{path}' does not exist.");
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new HematologyException($"Split manifest '{path}' is empty.");
        var header = lines[0].Trim().Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i : throw new HematologyException($"Split manifest '{path}' has no '{name}' column (header: {lines[0]}).");
        int file = Column("file"), cls = Column("class"), split = Column("split");
        var subtype = Array.IndexOf(header, "subtype");
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        for (var n = 1; n < lines.Length; n++)
        {
            if (string.IsNullOrWhiteSpace(lines[n])) continue;
            var cells = lines[n].Split(',');
            if (cells.Length < header.Length)
                throw new HematologyException($"Split manifest '{path}', line {n + 1}: expected {header.Length} columns, found {cells.Length}.");
            var entry = new Entry(cells[file].Trim(), cells[cls].Trim(), subtype >= 0 ? cells[subtype].Trim() : "", cells[split].Trim().ToLowerInvariant());
            if (!entries.TryAdd(entry.File, entry))
                throw new HematologyException($"Split manifest '{path}', line {n + 1}: '{entry.File}' is listed twice.");
        }
        return new PbcSplitManifest(entries);
    }
}
