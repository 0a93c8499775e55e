namespace Hematology.ML.Screening;

/// <summary>One smear of a labelled set: its folder and what is known of it.</summary>
/// <param name="Id">Smear id = the name of its folder under the set's root.</param>
/// <param name="Folder">Full path of the folder of its cell images.</param>
/// <param name="IsMds">Diagnosis: MDS (true) or not.</param>
/// <param name="Understained">Known to be understained (the stain control's positives).</param>
internal sealed record LabelledSmear(string Id, string Folder, bool IsMds, bool Understained);

/// <summary>
/// A set of labelled smears: a root folder with one sub-folder of cell images per smear and a manifest
/// <c>smears.csv</c>. A lab writes <c>smear,diagnosis</c> (diagnosis <c>mds</c> or <c>normal</c>; a
/// <c>patient</c> column may be present and is never read into reports, an optional <c>understained</c>
/// column marks known poorly stained smears); <c>hemato simulate smears</c> writes <c>smear_id,...,diagnosis,...,
/// understained,...,simulated</c>. Both are read.
/// </summary>
internal sealed record SmearSet(string Root, IReadOnlyList<LabelledSmear> Smears, bool Simulated)
{
    /// <summary>Reads <c>&lt;root&gt;/smears.csv</c>.</summary>
    /// <exception cref="HematologyException">Missing or malformed manifest, unknown diagnosis, missing smear folder.</exception>
    public static SmearSet Load(string root)
    {
        var path = Path.Combine(root, "smears.csv");
        if (!Directory.Exists(root)) throw new HematologyException($"Smear set folder '{root}' does not exist.");
        if (!File.Exists(path)) throw new HematologyException($"'{root}' has no smears.csv (columns smear,diagnosis[,understained]).");
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToArray();
        if (lines.Length < 2) throw new HematologyException($"'{path}' lists no smears.");
        var header = lines[0].Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var id = Column(header, path, "smear_id", "smear");
        var diagnosis = Column(header, path, "diagnosis");
        var understained = Array.IndexOf(header, "understained");
        var smears = new List<LabelledSmear>();
        for (var row = 1; row < lines.Length; row++)
        {
            var cells = lines[row].Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length < header.Length) throw new HematologyException($"'{path}' line {row + 1} has {cells.Length} fields, the header {header.Length}.");
            var isMds = cells[diagnosis].ToLowerInvariant() switch
            {
                "mds" => true,
                "normal" or "no-mds" or "control" => false,
                var other => throw new HematologyException($"'{path}' line {row + 1}: diagnosis '{other}' is neither mds nor normal."),
            };
            var folder = Path.Combine(root, cells[id]);
            if (!Directory.Exists(folder)) throw new HematologyException($"'{path}' line {row + 1}: smear folder '{cells[id]}' is missing.");
            var pale = understained >= 0 && cells[understained].ToLowerInvariant() is "true" or "1" or "yes";
            smears.Add(new LabelledSmear(cells[id], folder, isMds, pale));
        }
        return new SmearSet(root, smears, SimulatedData.IsSimulated(root));
    }

    private static int Column(string[] header, string path, params string[] names)
    {
        foreach (var name in names)
            if (Array.IndexOf(header, name) is var i and >= 0) return i;
        throw new HematologyException($"'{path}' has no '{names[0]}' column (header: {string.Join(",", header)}).");
    }
}
