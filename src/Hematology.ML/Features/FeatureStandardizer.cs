namespace Hematology.ML.Features;

/// <summary>
/// Z-scores each feature with the training set's mean and standard deviation, so that blocks of very
/// different scales (histogram frequencies, ResNet activations, shape ratios) weigh alike in kernels
/// and regularised linear models. Constant features get a unit scale instead of a division by zero.
/// </summary>
internal sealed class FeatureStandardizer
{
    private FeatureStandardizer(float[] mean, float[] scale)
    {
        Mean = mean;
        Scale = scale;
    }

    /// <summary>Per-feature training mean.</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Per-feature training standard deviation (1 where it was 0).</summary>
    public IReadOnlyList<float> Scale { get; }

    /// <summary>Learns mean and scale from training rows.</summary>
    public static FeatureStandardizer Fit(IReadOnlyList<float[]> rows)
    {
        if (rows.Count == 0) throw new HematologyException("Cannot standardise an empty training set.");
        var width = rows[0].Length;
        var sum = new double[width];
        var squares = new double[width];
        foreach (var row in rows)
        {
            if (row.Length != width) throw new ArgumentException("Feature rows differ in length.");
            for (var i = 0; i < width; i++) { sum[i] += row[i]; squares[i] += (double)row[i] * row[i]; }
        }
        var mean = new float[width];
        var scale = new float[width];
        for (var i = 0; i < width; i++)
        {
            var m = sum[i] / rows.Count;
            var sd = Math.Sqrt(Math.Max(0, squares[i] / rows.Count - m * m));
            mean[i] = (float)m;
            scale[i] = sd > 1e-8 ? (float)sd : 1f;
        }
        return new FeatureStandardizer(mean, scale);
    }

    /// <summary>A standardised copy of a row.</summary>
    public float[] Transform(float[] row)
    {
        if (row.Length != Mean.Count) throw new HematologyException($"Expected {Mean.Count} features, got {row.Length}: the model and the features do not match.");
        var result = new float[row.Length];
        for (var i = 0; i < row.Length; i++) result[i] = (row[i] - Mean[i]) / Scale[i];
        return result;
    }

    /// <summary>Writes mean and scale.</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(Mean.Count);
        foreach (var m in Mean) writer.Write(m);
        foreach (var s in Scale) writer.Write(s);
    }

    /// <summary>Reads what <see cref="Save"/> wrote.</summary>
    public static FeatureStandardizer Load(BinaryReader reader)
    {
        var width = reader.ReadInt32();
        if (width is <= 0 or > 1_000_000) throw new InvalidDataException("Corrupt standardiser in model file.");
        var mean = new float[width];
        var scale = new float[width];
        for (var i = 0; i < width; i++) mean[i] = reader.ReadSingle();
        for (var i = 0; i < width; i++) scale[i] = reader.ReadSingle();
        return new FeatureStandardizer(mean, scale);
    }
}
