namespace Hematology.ML.MlNet;

// The row shapes of the library's custom mappings; the column names and vector sizes are set at run time.

/// <summary>A cell image given by its path.</summary>
internal sealed class ImagePathRow
{
    public string ImagePath = "";
}

/// <summary>A cell's feature vector.</summary>
internal sealed class FeatureRow
{
    public float[] Features = [];
}

/// <summary>A multiclass trainer's output: ML.NET's score and predicted-label columns.</summary>
internal sealed class ScoredRow
{
    public float[] Score = [];
    public uint PredictedLabel;
}

/// <summary>A cell network's output: the class name and the probability of every class.</summary>
internal sealed class ClassifiedRow
{
    public string PredictedClass = "";
    public float[] Probabilities = [];
}
