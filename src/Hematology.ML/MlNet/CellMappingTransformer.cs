using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hematology.ML.MlNet;

/// <summary>
/// What the library's ML.NET transformers share: each adds its columns row by row through an ML.NET custom
/// mapping built for the input's exact schema (vector sizes and key counts are only known there), so that
/// <c>Transform</c>, prediction engines, <c>Evaluate</c> and <c>CrossValidate</c> see ordinary ML.NET columns.
/// </summary>
/// <remarks>
/// <c>ml.Model.Save</c> cannot store them: ML.NET keeps the model-saving context and the loader registry to its own
/// assemblies (<c>ModelSaveContext</c> has no public constructor or writer). Saving throws a
/// <see cref="HematologyException"/> that names the alternative: each transformer's own <c>Save</c>/<c>Load</c>
/// where it has learnt state, or refitting the stateless ones.
/// </remarks>
public abstract class CellMappingTransformer : ITransformer
{
    private protected CellMappingTransformer()
    {
    }

    /// <summary>The ML.NET mapping that adds this transformer's columns to rows of <paramref name="inputSchema"/>.</summary>
    private protected abstract ITransformer MappingFor(DataViewSchema inputSchema);

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => MappingFor(inputSchema).GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => MappingFor(inputSchema).GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public virtual IDataView Transform(IDataView input) => MappingFor(input.Schema).Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) => throw new HematologyException(
        $"{GetType().Name} cannot be saved with ml.Model.Save: ML.NET saves only transformers of its own assemblies. " +
        "Save a trained kernel SVM with KernelSvmCellTransformer.Save(path) and load it with KernelSvmCellTransformer.Load(path); " +
        "feature extraction and shipped-model prediction have nothing learnt to save: build them again with the same arguments.");
}
