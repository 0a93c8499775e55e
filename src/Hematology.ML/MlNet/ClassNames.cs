using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hematology.ML.MlNet;

/// <summary>Class names as ML.NET carries them: the key values of a label column, the slot names of a score column.</summary>
internal static class ClassNames
{
    private const string KeyValues = "KeyValues", SlotNames = "SlotNames";

    /// <summary>The key values of a key column, or "1".."k" when it has none.</summary>
    public static string[] Of(DataViewSchema.Column column, int count)
    {
        if (column.Annotations.Schema.GetColumnOrNull(KeyValues) is null) return Enumerable.Range(1, count).Select(i => i.ToString()).ToArray();
        VBuffer<ReadOnlyMemory<char>> values = default;
        column.Annotations.GetValue(KeyValues, ref values);
        return values.DenseValues().Select(v => v.ToString()).ToArray();
    }

    /// <summary>Marks a column with the class names: as key values for a key column, as slot names for a vector.</summary>
    public static void Annotate(SchemaDefinition.Column column, IReadOnlyList<string> names, bool asKeyValues)
    {
        var values = new VBuffer<ReadOnlyMemory<char>>(names.Count, names.Select(n => n.AsMemory()).ToArray());
        column.AddAnnotation(asKeyValues ? KeyValues : SlotNames, values, new VectorDataViewType(TextDataViewType.Instance, names.Count));
    }
}
