namespace Hematology.ML.Cells;

/// <summary>
/// One entry of the wider haematology vocabulary: the thesis's database distinguishes 19 cell types
/// of normal and abnormal peripheral blood, of which the eight PBC classes are the normal ones.
/// </summary>
/// <param name="Name">Lower-case identifier used in files, folders and the database.</param>
/// <param name="DisplayName">How a pathologist calls it.</param>
/// <param name="PbcClass">The PBC class it falls in, or null for cell types PBC does not contain.</param>
internal sealed record CellType(string Name, string DisplayName, string? PbcClass)
{
    /// <summary>The 19 cell types of the thesis's database (ch. 2.1), normal and abnormal.</summary>
    public static IReadOnlyList<CellType> Vocabulary { get; } =
    [
        new("segmented-neutrophil", "Segmented neutrophil", PbcCellClass.Neutrophil),
        new("band-neutrophil", "Band neutrophil", PbcCellClass.Neutrophil),
        new("eosinophil", "Eosinophil", PbcCellClass.Eosinophil),
        new("basophil", "Basophil", PbcCellClass.Basophil),
        new("lymphocyte", "Lymphocyte", PbcCellClass.Lymphocyte),
        new("monocyte", "Monocyte", PbcCellClass.Monocyte),
        new("promyelocyte", "Promyelocyte", PbcCellClass.ImmatureGranulocyte),
        new("myelocyte", "Myelocyte", PbcCellClass.ImmatureGranulocyte),
        new("metamyelocyte", "Metamyelocyte", PbcCellClass.ImmatureGranulocyte),
        new("erythroblast", "Erythroblast", PbcCellClass.Erythroblast),
        new("platelet", "Platelet", PbcCellClass.Platelet),
        new("giant-platelet", "Giant platelet", PbcCellClass.Platelet),
        new("reactive-lymphocyte", "Reactive (variant) lymphocyte", null),
        new("abnormal-lymphoid-cell", "Abnormal lymphoid cell", null),
        new("large-granular-lymphocyte", "Large granular lymphocyte", null),
        new("plasma-cell", "Plasma cell", null),
        new("myeloid-blast", "Myeloid blast", null),
        new("lymphoid-blast", "Lymphoid blast", null),
        new("smudge-cell", "Smudge cell", null),
    ];
}
