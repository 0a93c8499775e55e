using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hematology.ML.MlNet;

/// <summary>
/// ML.NET custom mappings with column names, vector sizes and key counts chosen at run time: the way a library
/// outside ML.NET adds typed columns (ML.NET keeps the constructors of schema shapes to itself).
/// </summary>
internal static class MlNetMapping
{
    private static readonly MLContext Context = new(seed: 0);

    /// <summary>
    /// An ML.NET custom mapping from <typeparamref name="TIn"/> rows to <typeparamref name="TOut"/> rows, with the
    /// column names and types given at run time.
    /// </summary>
    public static ITransformer Mapping<TIn, TOut>(DataViewSchema inputSchema, Action<TIn, TOut> map, SchemaDefinition input, SchemaDefinition output)
        where TIn : class, new() where TOut : class, new() =>
        Context.Transforms.CustomMapping(map, contractName: null, input, output).Fit(EmptyOf(inputSchema));

    /// <summary>The estimator form of <see cref="Mapping{TIn, TOut}"/>, for an estimator's <c>GetOutputSchema</c>.</summary>
    public static SchemaShape MappedShape<TIn, TOut>(SchemaShape inputSchema, SchemaDefinition input, SchemaDefinition output)
        where TIn : class, new() where TOut : class, new() =>
        Context.Transforms.CustomMapping<TIn, TOut>((_, _) => { }, contractName: null, input, output).GetOutputSchema(inputSchema);

    /// <summary>A schema definition of <typeparamref name="T"/> whose members are renamed and typed as given.</summary>
    public static SchemaDefinition Definition<T>(params (string Member, string Column, DataViewType? Type)[] columns)
    {
        var definition = SchemaDefinition.Create(typeof(T));
        foreach (var (member, column, type) in columns)
        {
            definition[member].ColumnName = column;
            if (type is not null) definition[member].ColumnType = type;
        }
        return definition;
    }

    /// <summary>A view with the input's schema and no rows: a custom mapping is stateless, so fitting it reads nothing.</summary>
    private static EmptyDataView EmptyOf(DataViewSchema schema) => new(schema);

    /// <summary>Distinct values of a text column, in first-seen order.</summary>
    public static string[] DistinctText(IDataView input, string column) =>
        input.GetColumn<string>(RequireColumn(input.Schema, column, TextDataViewType.Instance)).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The named column, or a clear error naming what is missing or mistyped.</summary>
    public static DataViewSchema.Column RequireColumn(DataViewSchema schema, string name, DataViewType? expected = null)
    {
        var column = schema.GetColumnOrNull(name) ?? throw new HematologyException(
            $"The data has no column '{name}' (it has: {string.Join(", ", schema.Select(c => c.Name))}).");
        if (expected is not null && !column.Type.Equals(expected))
            throw new HematologyException($"Column '{name}' is {column.Type}; {expected} is expected.");
        return column;
    }
}
