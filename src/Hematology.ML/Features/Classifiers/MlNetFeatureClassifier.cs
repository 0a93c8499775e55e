using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hematology.ML.Features.Classifiers;

/// <summary>
/// Any ML.NET multiclass trainer behind the <see cref="IFeatureClassifierTrainer"/> contract. Labels
/// travel as a key column, so the score vector is in class-index order.
/// </summary>
internal sealed class MlNetFeatureClassifierTrainer : IFeatureClassifierTrainer
{
    private readonly Func<MLContext, IEstimator<ITransformer>> _estimator;
    private readonly bool _scoresAreProbabilities;
    private readonly int _seed;

    /// <summary>Wraps an estimator that reads <c>Features</c> and the key column <c>Label</c> and writes <c>Score</c>.</summary>
    public MlNetFeatureClassifierTrainer(string name, Func<MLContext, IEstimator<ITransformer>> estimator, bool scoresAreProbabilities, int seed = 0)
    {
        Name = name;
        _estimator = estimator;
        _scoresAreProbabilities = scoresAreProbabilities;
        _seed = seed;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public IFeatureClassifier Fit(float[][] features, int[] labels, int classCount, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        // ML.NET trainers cannot be interrupted from outside; cancellation takes effect between fits.
        cancellationToken.ThrowIfCancellationRequested();
        var ml = new MLContext(_seed);
        var data = MlNetRows.ToDataView(ml, features, labels, classCount);
        var model = _estimator(ml).Fit(data);
        cancellationToken.ThrowIfCancellationRequested();
        progress?.Report(1.0);
        return new MlNetFeatureClassifier(Name, ml, model, data.Schema, features[0].Length, classCount, _scoresAreProbabilities);
    }
}

/// <summary>A trained ML.NET multiclass model.</summary>
internal sealed class MlNetFeatureClassifier : IFeatureClassifier
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly DataViewSchema _schema;
    private readonly int _featureCount;
    private readonly int _classCount;
    private readonly bool _scoresAreProbabilities;

    internal MlNetFeatureClassifier(string name, MLContext ml, ITransformer model, DataViewSchema schema, int featureCount, int classCount, bool scoresAreProbabilities)
    {
        Name = name;
        _ml = ml;
        _model = model;
        _schema = schema;
        _featureCount = featureCount;
        _classCount = classCount;
        _scoresAreProbabilities = scoresAreProbabilities;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public float[][] PredictProbabilities(float[][] features)
    {
        var data = MlNetRows.ToDataView(_ml, features, new int[features.Length], _classCount);
        var scored = _model.Transform(data);
        var scores = scored.GetColumn<VBuffer<float>>(scored.Schema["Score"]).Select(v => v.DenseValues().ToArray()).ToArray();
        // Margin-based trainers (linear SVM) give uncalibrated scores; a softmax keeps their ranking
        // (all ROC curves need) and makes them sum to one like every other classifier's output.
        return _scoresAreProbabilities ? scores.Select(Normalise).ToArray() : scores.Select(Softmax).ToArray();
    }

    /// <inheritdoc />
    public void Save(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(_featureCount);
        writer.Write(_classCount);
        writer.Write(_scoresAreProbabilities);
        using var buffer = new MemoryStream();
        _ml.Model.Save(_model, _schema, buffer);
        writer.Write(buffer.Length);
        writer.Write(buffer.ToArray());
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static MlNetFeatureClassifier Load(string name, Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        var featureCount = reader.ReadInt32();
        var classCount = reader.ReadInt32();
        var probabilities = reader.ReadBoolean();
        var length = reader.ReadInt64();
        var ml = new MLContext(0);
        using var buffer = new MemoryStream(reader.ReadBytes(checked((int)length)));
        var model = ml.Model.Load(buffer, out var schema);
        return new MlNetFeatureClassifier(name, ml, model, schema, featureCount, classCount, probabilities);
    }

    private static float[] Normalise(float[] p)
    {
        var sum = p.Sum();
        return sum > 0 ? p.Select(v => v / sum).ToArray() : p.Select(_ => 1f / p.Length).ToArray();
    }

    internal static float[] Softmax(float[] scores)
    {
        var max = scores.Max();
        var exp = scores.Select(s => Math.Exp(s - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => (float)(e / sum)).ToArray();
    }
}

/// <summary>Builds the two-column IDataView (Features vector, Label key) the ML.NET trainers read.</summary>
internal static class MlNetRows
{
    public static IDataView ToDataView(MLContext ml, float[][] features, int[] labels, int classCount)
    {
        if (features.Length == 0) throw new HematologyException("No feature rows to train or score on.");
        var width = features[0].Length;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        schema[nameof(Row.Label)].ColumnType = new KeyDataViewType(typeof(uint), classCount);
        // LoadFromEnumerable takes key values zero-based (0 = first class) and shifts them itself;
        // measured: writing index + 1 moved every score one slot to the right.
        return ml.Data.LoadFromEnumerable(features.Select((f, i) => new Row { Features = f, Label = (uint)labels[i] }), schema);
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public uint Label { get; set; }
    }
}
