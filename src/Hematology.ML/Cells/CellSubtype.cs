namespace Hematology.ML.Cells;

/// <summary>
/// Sub-types that the PBC file names carry as prefixes (e.g. <c>SNE_123.jpg</c> is a segmented
/// neutrophil). The split manifest stratifies by them, and error analysis reads them
/// (a band neutrophil taken for a metamyelocyte is a different mistake from a segmented one).
/// </summary>
internal sealed record CellSubtype(string Code, string CellClass, string Description)
{
    /// <summary>All sub-types the PBC release uses.</summary>
    public static IReadOnlyList<CellSubtype> All { get; } =
    [
        new("BA", PbcCellClass.Basophil, "basophil"),
        new("EO", PbcCellClass.Eosinophil, "eosinophil"),
        new("ERB", PbcCellClass.Erythroblast, "erythroblast"),
        new("PMY", PbcCellClass.ImmatureGranulocyte, "promyelocyte"),
        new("MY", PbcCellClass.ImmatureGranulocyte, "myelocyte"),
        new("MMY", PbcCellClass.ImmatureGranulocyte, "metamyelocyte"),
        new("IG", PbcCellClass.ImmatureGranulocyte, "immature granulocyte, unspecified"),
        new("LY", PbcCellClass.Lymphocyte, "lymphocyte"),
        new("MO", PbcCellClass.Monocyte, "monocyte"),
        new("SNE", PbcCellClass.Neutrophil, "segmented neutrophil"),
        new("BNE", PbcCellClass.Neutrophil, "band neutrophil"),
        new("NEUTROPHIL", PbcCellClass.Neutrophil, "neutrophil, unspecified"),
        new("PLATELET", PbcCellClass.Platelet, "platelet"),
    ];

    /// <summary>
    /// The sub-type code of a PBC file name: the text before the first underscore, upper-cased
    /// (<c>SNE_1234.jpg</c> gives <c>SNE</c>). Returns null when the name has no known prefix.
    /// </summary>
    public static string? CodeFromFileName(string fileName)
    {
        var name = Path.GetFileName(fileName);
        var underscore = name.IndexOf('_');
        if (underscore <= 0) return null;
        var code = name[..underscore].ToUpperInvariant();
        return All.Any(s => s.Code == code) ? code : null;
    }

    /// <summary>
    /// The sub-type a folder name states (a lab that sorts its cells as <c>neutrophil_band</c>, <c>Segmented</c> or
    /// <c>Myelocytes</c>), or null when the name is of a whole class or unknown.
    /// </summary>
    public static string? CodeFromFolderName(string folderName) => PbcCellClass.FindByFolderName(FolderCodes, folderName);

    private static readonly Dictionary<string, string> FolderCodes = new(StringComparer.Ordinal)
    {
        ["bne"] = "BNE", ["band"] = "BNE", ["band-neutrophil"] = "BNE", ["neutrophil-band"] = "BNE",
        ["sne"] = "SNE", ["seg"] = "SNE", ["segmented"] = "SNE", ["segmented-neutrophil"] = "SNE", ["neutrophil-segmented"] = "SNE",
        ["mmy"] = "MMY", ["metamyelocyte"] = "MMY", ["my"] = "MY", ["myelocyte"] = "MY", ["pmy"] = "PMY", ["promyelocyte"] = "PMY",
    };
}
