namespace Hematology.ML.Cells;

/// <summary>
/// The eight cell classes of the public PBC dataset (Acevedo et al., Data in Brief 2020), in the
/// alphabetical order that every model and report of this library uses for its class indices.
/// </summary>
public static class PbcCellClass
{
    /// <summary>Basophil.</summary>
    public const string Basophil = "basophil";
    /// <summary>Eosinophil.</summary>
    public const string Eosinophil = "eosinophil";
    /// <summary>Erythroblast (nucleated red cell).</summary>
    public const string Erythroblast = "erythroblast";
    /// <summary>Immature granulocyte: promyelocyte, myelocyte or metamyelocyte.</summary>
    public const string ImmatureGranulocyte = "ig";
    /// <summary>Lymphocyte.</summary>
    public const string Lymphocyte = "lymphocyte";
    /// <summary>Monocyte.</summary>
    public const string Monocyte = "monocyte";
    /// <summary>Neutrophil, segmented or band.</summary>
    public const string Neutrophil = "neutrophil";
    /// <summary>Platelet.</summary>
    public const string Platelet = "platelet";

    /// <summary>The eight class names in index order.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Basophil, Eosinophil, Erythroblast, ImmatureGranulocyte, Lymphocyte, Monocyte, Neutrophil, Platelet];

    /// <summary>
    /// The PBC class a lab's class folder names ("Neutrophils", "BAND_NEUTROPHIL", "Segmented neutrophil", "NRBC", "LY",
    /// "Thrombocytes", "Immature granulocyte"), or the name in lower case when it names none: another lab's folders
    /// are then scored as what they are, not skipped as unknown.
    /// </summary>
    public static string FromFolderName(string name) => FindByFolderName(FolderNames, name) ?? name.ToLowerInvariant();

    /// <summary>
    /// What <paramref name="names"/> (keyed by lower-case words joined by '-') gives a lab's folder name, whatever its case,
    /// separators and plural ("BAND_NEUTROPHIL", "Myelocytes", "eosinophiles"); null when it gives nothing.
    /// </summary>
    internal static string? FindByFolderName(IReadOnlyDictionary<string, string> names, string folderName)
    {
        var key = string.Join('-', folderName.Trim().ToLowerInvariant().Split([' ', '_', '-', '.'], StringSplitOptions.RemoveEmptyEntries));
        // Plurals: "lymphocytes", "eosinophiles".
        foreach (var form in new[] { key, key.TrimEnd('s'), key.EndsWith("es", StringComparison.Ordinal) ? key[..^2] : key })
            if (names.TryGetValue(form, out var known)) return known;
        return null;
    }

    private static readonly Dictionary<string, string> FolderNames = BuildFolderNames();

    private static Dictionary<string, string> BuildFolderNames()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var c in All) names[c] = c;
        foreach (var t in CellType.Vocabulary.Where(t => t.PbcClass is not null))
        {
            names[t.Name] = t.PbcClass!;
            names[string.Join('-', t.DisplayName.ToLowerInvariant().Split(' '))] = t.PbcClass!;
        }
        (string, string)[] others =
        [
            ("sne", Neutrophil), ("bne", Neutrophil), ("neu", Neutrophil), ("neut", Neutrophil), ("band", Neutrophil), ("seg", Neutrophil), ("neutrophil-band", Neutrophil), ("neutrophil-segmented", Neutrophil),
            ("segmented", Neutrophil), ("neutrophile", Neutrophil), ("eo", Eosinophil), ("eos", Eosinophil), ("eosinophile", Eosinophil),
            ("ba", Basophil), ("baso", Basophil), ("basophile", Basophil), ("ly", Lymphocyte), ("lym", Lymphocyte), ("lymph", Lymphocyte),
            ("mo", Monocyte), ("mono", Monocyte), ("erb", Erythroblast), ("nrbc", Erythroblast), ("normoblast", Erythroblast),
            ("nucleated-red-blood-cell", Erythroblast), ("nucleated-red-cell", Erythroblast), ("plt", Platelet), ("platelets", Platelet),
            ("thrombocyte", Platelet), ("pmy", ImmatureGranulocyte), ("my", ImmatureGranulocyte), ("mmy", ImmatureGranulocyte),
            ("immature-granulocyte", ImmatureGranulocyte), ("immature-granulocytes", ImmatureGranulocyte), ("igs", ImmatureGranulocyte),
        ];
        foreach (var (folder, cellClass) in others) names[folder] = cellClass;
        return names;
    }

    /// <summary>The index of a class name in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < All.Count; i++)
            if (string.Equals(All[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
