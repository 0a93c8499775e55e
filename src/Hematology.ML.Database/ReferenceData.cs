using Hematology.ML.Cells;

namespace Hematology.ML.Database;

/// <summary>
/// The reference data the database is seeded with (thesis ch. 2.1): entity groups, entities and cell
/// types. Rows can be added later (they are ordinary table rows); these are only the starting set.
/// </summary>
public static class ReferenceData
{
    /// <summary>A group of entities.</summary>
    public sealed record EntityGroup(string Code, string Name);

    /// <summary>A diagnosis (entity) a smear comes from.</summary>
    public sealed record Entity(string Code, string Name, string Group);

    /// <summary>The five entity groups.</summary>
    public static IReadOnlyList<EntityGroup> EntityGroups { get; } =
    [
        new("NORMAL", "Healthy controls"),
        new("REACTIVE", "Reactive (non-neoplastic) lymphocytosis"),
        new("LYMPHOID-NEOPLASM", "Mature lymphoid neoplasms (B, T/NK and plasma cell)"),
        new("ACUTE-LEUKAEMIA", "Acute leukaemias"),
        new("MYELOID-NEOPLASM", "Myelodysplastic and other chronic myeloid neoplasms"),
    ];

    /// <summary>The thesis's 13 entities, plus MDS for the dysplasia work.</summary>
    public static IReadOnlyList<Entity> Entities { get; } =
    [
        new("NORMAL", "Healthy control", "NORMAL"),
        new("CLR", "Reactive lymphocytes", "REACTIVE"),
        new("CLL", "Chronic lymphocytic leukaemia", "LYMPHOID-NEOPLASM"),
        new("FL", "Follicular lymphoma", "LYMPHOID-NEOPLASM"),
        new("HCL", "Hairy cell leukaemia", "LYMPHOID-NEOPLASM"),
        new("LGL-T", "T large granular lymphocytic leukaemia", "LYMPHOID-NEOPLASM"),
        new("MCL", "Mantle cell lymphoma", "LYMPHOID-NEOPLASM"),
        new("PCL", "Plasma cell leukaemia", "LYMPHOID-NEOPLASM"),
        new("PL", "Prolymphocytic leukaemia", "LYMPHOID-NEOPLASM"),
        new("SMZL", "Splenic marginal zone lymphoma", "LYMPHOID-NEOPLASM"),
        new("SS", "Sézary syndrome", "LYMPHOID-NEOPLASM"),
        new("ALL", "Acute lymphoblastic leukaemia", "ACUTE-LEUKAEMIA"),
        new("AML", "Acute myeloid leukaemia", "ACUTE-LEUKAEMIA"),
        new("MDS", "Myelodysplastic syndrome", "MYELOID-NEOPLASM"),
    ];

    /// <summary>
    /// The 19 cell types of <see cref="CellType.Vocabulary"/>, plus the two "unspecified" labels the PBC
    /// release uses (an immature granulocyte or neutrophil whose stage was not recorded).
    /// </summary>
    internal static IReadOnlyList<CellType> CellTypes { get; } =
    [
        .. CellType.Vocabulary,
        new("immature-granulocyte", "Immature granulocyte, unspecified", PbcCellClass.ImmatureGranulocyte),
        new("neutrophil", "Neutrophil, unspecified", PbcCellClass.Neutrophil),
    ];

    /// <summary>The database cell type of each PBC file-name sub-type code (<see cref="CellSubtype"/>).</summary>
    public static IReadOnlyDictionary<string, string> CellTypeOfSubtype { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["BA"] = "basophil", ["EO"] = "eosinophil", ["ERB"] = "erythroblast",
        ["PMY"] = "promyelocyte", ["MY"] = "myelocyte", ["MMY"] = "metamyelocyte", ["IG"] = "immature-granulocyte",
        ["LY"] = "lymphocyte", ["MO"] = "monocyte",
        ["SNE"] = "segmented-neutrophil", ["BNE"] = "band-neutrophil", ["NEUTROPHIL"] = "neutrophil",
        ["PLATELET"] = "platelet",
    };

    /// <summary>The PBC sub-type code of a cell type (the prefix of its file names), or null.</summary>
    public static string? SubtypeOfCellType(string cellType) =>
        CellTypeOfSubtype.FirstOrDefault(kv => kv.Value == cellType).Key;
}
