namespace Hematology.ML.Cells;

/// <summary>
/// The eleven classes a slide analyser reports, finer than PBC's eight groups: the neutrophil group split into band and
/// segmented forms and the immature granulocytes into metamyelocytes, myelocytes and promyelocytes, as PBC's file-name
/// prefixes (BNE_, SNE_, MMY_, MY_, PMY_) label them. A band count and the immature fraction give the left shift.
/// </summary>
internal static class PbcFineClass
{
    public const string BandNeutrophil = "neutrophil_band";
    public const string SegmentedNeutrophil = "neutrophil_segmented";
    public const string Metamyelocyte = "metamyelocyte";
    public const string Myelocyte = "myelocyte";
    public const string Promyelocyte = "promyelocyte";

    /// <summary>The eleven classes in model order (alphabetical, as the eight are).</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PbcCellClass.Basophil, PbcCellClass.Eosinophil, PbcCellClass.Erythroblast, PbcCellClass.Lymphocyte, Metamyelocyte,
        PbcCellClass.Monocyte, Myelocyte, BandNeutrophil, SegmentedNeutrophil, PbcCellClass.Platelet, Promyelocyte,
    ];

    /// <summary>The immature granulocytes among them.</summary>
    public static IReadOnlyList<string> Immature { get; } = [Metamyelocyte, Myelocyte, Promyelocyte];

    /// <summary>
    /// The fine class of a cell of PBC class <paramref name="cellClass"/> with sub-type <paramref name="subtype"/>, or null where
    /// the fine class is unknown: a neutrophil or immature granulocyte without a fine sub-type (PBC's NEUTROPHIL_ and IG_ files).
    /// </summary>
    public static string? Of(string cellClass, string? subtype) => subtype switch
    {
        "BNE" => BandNeutrophil,
        "SNE" => SegmentedNeutrophil,
        "MMY" => Metamyelocyte,
        "MY" => Myelocyte,
        "PMY" => Promyelocyte,
        _ => cellClass is PbcCellClass.Neutrophil or PbcCellClass.ImmatureGranulocyte || !All.Contains(cellClass) ? null : cellClass,
    };
}
