using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hematology.ML.MlNet;

/// <summary>
/// A view of a schema with no rows. Fitting a stateless ML.NET estimator only looks at the schema, and a
/// transformer asked for its output schema or a row mapper is given a schema, not data.
/// </summary>
internal sealed class EmptyDataView(DataViewSchema schema) : IDataView
{
    public DataViewSchema Schema { get; } = schema;

    public bool CanShuffle => true;

    public long? GetRowCount() => 0;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new NoRows(Schema);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new NoRows(Schema)];

    private sealed class NoRows(DataViewSchema schema) : DataViewRowCursor
    {
        public override DataViewSchema Schema { get; } = schema;

        public override long Position => -1;

        public override long Batch => 0;

        public override bool MoveNext() => false;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) =>
            (ref TValue _) => throw new InvalidOperationException("An empty view has no rows to read.");

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId _) => throw new InvalidOperationException("An empty view has no rows to read.");
    }
}
