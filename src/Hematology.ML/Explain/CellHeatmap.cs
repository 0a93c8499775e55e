namespace Hematology.ML.Explain;

/// <summary>
/// A Grad-CAM map of one cell image: <see cref="Values"/> (row-major, <see cref="Side"/> x <see cref="Side"/>)
/// in [0, 1], 1 where the explained class's evidence is strongest, over the centre square the network saw.
/// </summary>
/// <param name="Side">Side of the map: the network's input size.</param>
/// <param name="Values">Normalised relevance per pixel (divided by the cell's own maximum; all zero when nothing speaks for the class).</param>
/// <param name="ExplainedClass">The class whose evidence is shown.</param>
/// <param name="Probability">The network's probability of that class for this image (one view, upright).</param>
/// <param name="Layer">The layer the map was taken from.</param>
public sealed record CellHeatmap(int Side, float[] Values, string ExplainedClass, double Probability, string Layer)
{
    /// <summary>Share of the map's total mass inside <paramref name="mask"/> (same layout); 0 for an all-zero map.</summary>
    public double MassInside(IReadOnlyList<bool> mask)
    {
        if (mask.Count != Values.Length) throw new ArgumentException($"The mask has {mask.Count} pixels, the map {Values.Length}.", nameof(mask));
        double inside = 0, total = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            total += Values[i];
            if (mask[i]) inside += Values[i];
        }
        return total > 0 ? inside / total : 0;
    }
}
