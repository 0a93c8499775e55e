namespace Hematology.ML.Database;

/// <summary>
/// Names labs give cell-type folders, mapped to the database's cell types: the codes themselves, the
/// display names, the PBC sub-type codes (SNE, BNE, ...), the PBC class names and common Spanish
/// names. Seeded into the <c>cell_type_synonym</c> table, where a lab can add its own.
/// </summary>
public static class CellTypeSynonyms
{
    /// <summary>
    /// The comparable form of a folder name: lower case, spaces and underscores as hyphens, no
    /// accents ("Segmented neutrophil", "SEGMENTED_NEUTROPHIL" and "segmented-neutrophil" are equal).
    /// </summary>
    public static string Normalise(string name)
    {
        // Accents by table: the library runs with invariant globalization, where Unicode decomposition is unavailable.
        var plain = string.Concat(name.Trim().ToLowerInvariant().Select(c => Accented.IndexOf(c) is var i and >= 0 ? Plain[i] : c));
        return string.Join('-', plain.Split([' ', '_', '-'], StringSplitOptions.RemoveEmptyEntries));
    }

    private const string Accented = "áàâäãéèêëíìîïóòôöõúùûüñç";
    private const string Plain = "aaaaaeeeeiiiiooooouuuunc";

    // Declared before BuiltIn: static fields initialise in textual order.
    private static readonly (string, string)[] Spanish =
    [
        ("neutrofilo segmentado", "segmented-neutrophil"), ("neutrofilo en banda", "band-neutrophil"), ("cayado", "band-neutrophil"),
        ("neutrofilo", "neutrophil"), ("eosinofilo", "eosinophil"), ("basofilo", "basophil"), ("linfocito", "lymphocyte"),
        ("monocito", "monocyte"), ("promielocito", "promyelocyte"), ("mielocito", "myelocyte"), ("metamielocito", "metamyelocyte"),
        ("eritroblasto", "erythroblast"), ("plaqueta", "platelet"), ("plaqueta gigante", "giant-platelet"),
        ("linfocito reactivo", "reactive-lymphocyte"), ("celula plasmatica", "plasma-cell"), ("blasto mieloide", "myeloid-blast"),
        ("blasto linfoide", "lymphoid-blast"), ("sombra de gumprecht", "smudge-cell"),
    ];

    /// <summary>The built-in synonyms (normalised) and the cell type each names.</summary>
    public static IReadOnlyDictionary<string, string> BuiltIn { get; } = Build();

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string synonym, string cellType) => map.TryAdd(Normalise(synonym), cellType);
        foreach (var t in ReferenceData.CellTypes) { Add(t.Name, t.Name); Add(t.DisplayName, t.Name); }
        foreach (var (code, type) in ReferenceData.CellTypeOfSubtype) Add(code, type);
        // PBC class folder names: the class's unspecified or only cell type.
        Add("ig", "immature-granulocyte");
        foreach (var (synonym, type) in Spanish) Add(synonym, type);
        return map;
    }
}
