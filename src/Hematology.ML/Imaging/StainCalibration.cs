namespace Hematology.ML.Imaging;

/// <summary>
/// A lab's colours brought to PBC's, without labels: in optical density (Beer-Lambert: a stain's absorbance scales
/// with its amount), each channel's mean and spread over the lab's cells are mapped to PBC's. Per channel, not the full
/// covariance: on the shifted validation set the full covariance match undid more of a restain (0.81 against 0.79
/// balanced accuracy) but damaged white-balance shifts (0.82 against 0.88) and a made-up lab (0.55 against 0.65),
/// for the same mean over the families (docs/generalisation.md).
/// </summary>
internal sealed class StainCalibration
{
    /// <summary>
    /// PBC's optical-density mean and covariance (R, G, B): every 4th pixel of 800 random training cells of pbc-128
    /// (seed 0), measured with <see cref="Measure"/>.
    /// </summary>
    internal static readonly double[] PbcMean = [0.16065, 0.34567, 0.33386];

    /// <inheritdoc cref="PbcMean"/>
    /// <remarks>Only the diagonal is used; the rest documents how PBC's channels co-vary.</remarks>
    internal static readonly double[,] PbcCovariance = { { 0.06188, 0.09861, 0.02767 }, { 0.09861, 0.16136, 0.04435 }, { 0.02767, 0.04435, 0.01691 } };

    /// <summary>Fewest cells whose colours are a lab's rather than a few cells'.</summary>
    public const int MinimumCells = 16;

    private StainCalibration(double[] gain, double[] offset) { Gain = gain; Offset = offset; }

    /// <summary>Optical-density gain per channel (R, G, B).</summary>
    public IReadOnlyList<double> Gain { get; }

    /// <summary>Optical-density offset per channel, added after the gain.</summary>
    public IReadOnlyList<double> Offset { get; }

    /// <summary>A calibration from its stored gains and offsets (an adapted model's header).</summary>
    public static StainCalibration FromValues(IReadOnlyList<double> gain, IReadOnlyList<double> offset) =>
        gain.Count == 3 && offset.Count == 3 ? new StainCalibration([.. gain], [.. offset])
            : throw new HematologyException("A stain calibration has three gains and three offsets.");

    /// <summary>The calibration of a folder's cells, or null when they are too few.</summary>
    public static StainCalibration? Fit(IReadOnlyList<RgbImage> cells)
    {
        if (cells.Count < MinimumCells) return null;
        var (mean, covariance) = Measure(cells, 4);
        // A floor on the lab's spread: a flat channel must not be stretched without bound.
        var gain = Enumerable.Range(0, 3).Select(i => Math.Sqrt(PbcCovariance[i, i] / Math.Max(covariance[i, i], 1e-6))).ToArray();
        return new StainCalibration(gain, Enumerable.Range(0, 3).Select(i => PbcMean[i] - gain[i] * mean[i]).ToArray());
    }

    /// <summary>The cell in PBC's colours.</summary>
    public RgbImage Apply(RgbImage cell)
    {
        var source = cell.Pixels;
        var output = new byte[source.Length];
        // 256 values per channel: a table, not a logarithm and an exponential per pixel.
        var table = new byte[3, 256];
        for (var c = 0; c < 3; c++)
            for (var v = 0; v < 256; v++)
                table[c, v] = MaskOps.ToByte(256 * Math.Exp(-Math.Max(0, Gain[c] * OpticalDensity((byte)v) + Offset[c])) - 1);
        for (var i = 0; i < source.Length; i++) output[i] = table[i % 3, source[i]];
        return new RgbImage(cell.Width, cell.Height, output);
    }

    /// <summary>Optical-density mean and covariance of every <paramref name="stride"/>-th pixel of the cells.</summary>
    internal static (double[] Mean, double[,] Covariance) Measure(IEnumerable<RgbImage> cells, int stride)
    {
        var sum = new double[3];
        var products = new double[3, 3];
        long n = 0;
        var density = new double[256];
        for (var v = 0; v < 256; v++) density[v] = OpticalDensity((byte)v);
        Span<double> od = stackalloc double[3];
        foreach (var cell in cells)
            for (var i = 0; i < cell.Pixels.Length; i += 3 * stride)
            {
                n++;
                for (var a = 0; a < 3; a++) od[a] = density[cell.Pixels[i + a]];
                for (var a = 0; a < 3; a++)
                {
                    sum[a] += od[a];
                    for (var b = 0; b < 3; b++) products[a, b] += od[a] * od[b];
                }
            }
        var mean = sum.Select(s => s / n).ToArray();
        var covariance = new double[3, 3];
        for (var a = 0; a < 3; a++)
            for (var b = 0; b < 3; b++) covariance[a, b] = products[a, b] / n - mean[a] * mean[b];
        return (mean, covariance);
    }

    private static double OpticalDensity(byte value) => -Math.Log((value + 1) / 256.0);
}
