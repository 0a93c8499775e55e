using System.Text.Json;

namespace Hematology.ML.Cells;

/// <summary>
/// Maps fine cell classes onto the labels a model learns, so that coarser problems are configuration
/// rather than code: the identity on the eight PBC classes, or the thesis's coarse groups.
/// </summary>
internal sealed class LabelGrouping
{
    private readonly Dictionary<string, string> _groupOf;

    /// <summary>Creates a grouping from a class-to-group map.</summary>
    public LabelGrouping(string name, IReadOnlyDictionary<string, string> groupOfClass)
    {
        Name = name;
        _groupOf = new Dictionary<string, string>(groupOfClass, StringComparer.OrdinalIgnoreCase);
        Groups = _groupOf.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>Name of the grouping (e.g. <c>pbc8</c>).</summary>
    public string Name { get; }

    /// <summary>The labels a model learns, in index order (ordinal sort of the group names).</summary>
    public IReadOnlyList<string> Groups { get; }

    /// <summary>The group of a class, or null when the class is not part of this grouping.</summary>
    public string? GroupOf(string cellClass) => _groupOf.GetValueOrDefault(cellClass);

    /// <summary>The eight PBC classes, each its own label.</summary>
    public static LabelGrouping Pbc8 { get; } =
        new("pbc8", PbcCellClass.All.ToDictionary(c => c, c => c));

    /// <summary>
    /// The thesis's coarse groups (ch. 2.2): mononuclear cells, granulocytes, erythroblasts and platelets.
    /// </summary>
    public static LabelGrouping ThesisGroups { get; } = new("thesis-groups", new Dictionary<string, string>
    {
        [PbcCellClass.Lymphocyte] = "mononuclear",
        [PbcCellClass.Monocyte] = "mononuclear",
        [PbcCellClass.Neutrophil] = "granulocyte",
        [PbcCellClass.Eosinophil] = "granulocyte",
        [PbcCellClass.Basophil] = "granulocyte",
        [PbcCellClass.ImmatureGranulocyte] = "granulocyte",
        [PbcCellClass.Erythroblast] = "erythroblast",
        [PbcCellClass.Platelet] = "platelet",
    });

    /// <summary>
    /// A built-in grouping by name (<c>pbc8</c>, <c>thesis-groups</c>) or one read from a JSON file
    /// holding <c>{"name": ..., "groups": {"class": "group", ...}}</c>.
    /// </summary>
    public static LabelGrouping Resolve(string nameOrFile)
    {
        if (string.Equals(nameOrFile, Pbc8.Name, StringComparison.OrdinalIgnoreCase)) return Pbc8;
        if (string.Equals(nameOrFile, ThesisGroups.Name, StringComparison.OrdinalIgnoreCase)) return ThesisGroups;
        if (!File.Exists(nameOrFile))
            throw new HematologyException($"Unknown label grouping '{nameOrFile}': use pbc8, thesis-groups or a JSON file.");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(nameOrFile));
            var name = doc.RootElement.GetProperty("name").GetString() ?? Path.GetFileNameWithoutExtension(nameOrFile);
            var map = doc.RootElement.GetProperty("groups").EnumerateObject()
                .ToDictionary(p => p.Name, p => p.Value.GetString() ?? throw new JsonException("group must be a string"));
            return new LabelGrouping(name, map);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new HematologyException($"Label grouping file '{nameOrFile}' is not valid: {e.Message}");
        }
    }
}
