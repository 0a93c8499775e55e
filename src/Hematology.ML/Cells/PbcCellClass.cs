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

    /// <summary>True when <paramref name="name"/> is one of the eight PBC class names (case-insensitive).</summary>
    public static bool IsKnown(string name) => All.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The index of a class name in <see cref="All"/>, or -1.</summary>
    public static int IndexOf(string name)
    {
        for (var i = 0; i < All.Count; i++)
            if (string.Equals(All[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }
}
