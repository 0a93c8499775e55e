namespace Hematology.ML.Imaging;

/// <summary>
/// Per-image pixel standardisation (thesis ch. 4.3): subtract the image's own mean and divide by its
/// own standard deviation, so differences of staining intensity between smears matter less.
/// </summary>
internal static class PixelStandardizer
{
    /// <summary>Standardises in place; a constant image becomes all zeros rather than NaN.</summary>
    public static void StandardizeInPlace(Span<float> values)
    {
        if (values.IsEmpty) return;
        double sum = 0, sumSquares = 0;
        foreach (var v in values) { sum += v; sumSquares += (double)v * v; }
        var mean = sum / values.Length;
        var variance = Math.Max(0, sumSquares / values.Length - mean * mean);
        // The floor mirrors TensorFlow's per_image_standardization: never divide by less than 1/sqrt(N).
        var std = Math.Max(Math.Sqrt(variance), 1.0 / Math.Sqrt(values.Length));
        for (var i = 0; i < values.Length; i++) values[i] = (float)((values[i] - mean) / std);
    }
}
