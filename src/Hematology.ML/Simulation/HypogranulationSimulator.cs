using Hematology.ML.Imaging;

namespace Hematology.ML.Simulation;

/// <summary>
/// SIMULATION of a hypogranulated (dysplastic) neutrophil from a real one: the granular texture and
/// the pink/lilac colour of the cytoplasm are reduced by a severity s in [0, 1]; nucleus and background
/// pixels are left exactly as they were. No public dysplastic neutrophils exist; images made here are
/// labelled "simulated" everywhere they go.
/// </summary>
/// <remarks>
/// Texture: each cytoplasm pixel is blended by s toward a Gaussian-smoothed cytoplasm computed by
/// normalised convolution, blur(I·M)/blur(M) with M the cytoplasm mask, so no nucleus or background
/// colour leaks in. Colour: the smoothed cytoplasm is then moved by s toward an agranular tone: its own
/// mean colour with the chroma (distance from grey) cut by <see cref="Defaults.ChromaLoss"/> and the
/// brightness lifted by <see cref="Defaults.Lightening"/>. Edges: the blend weight ramps from the
/// cytoplasm border inward (a blurred mask), so there is no seam.
/// </remarks>
internal sealed class HypogranulationSimulator
{
    /// <summary>Default settings, chosen by eye on PBC neutrophils at 360x363.</summary>
    public static class Defaults
    {
        /// <summary>Gaussian sigma of the smoothing, in pixels of a 360-pixel image (granules are 1-3 px there).</summary>
        public const double SmoothingSigma = 3.0;
        /// <summary>Fraction of the cytoplasm's chroma removed at s = 1.</summary>
        public const double ChromaLoss = 0.55;
        /// <summary>Grey levels added to the cytoplasm's mean at s = 1.</summary>
        public const double Lightening = 14;
        /// <summary>Sigma of the blurred mask edge, in pixels.</summary>
        public const double EdgeSigma = 1.5;
    }

    /// <summary>The criterion "at least 2/3 reduction of granules" (thesis): s at or above this is dysplastic.</summary>
    public const double DysplasticSeverity = 2.0 / 3.0;

    /// <summary>Upper end of the severities that normal (control) neutrophils get.</summary>
    public const double NormalMaxSeverity = 0.3;

    /// <summary>Smoothing sigma in pixels (scaled with the image side relative to 360 px).</summary>
    public double SmoothingSigma { get; init; } = Defaults.SmoothingSigma;

    /// <summary>Chroma removed at s = 1.</summary>
    public double ChromaLoss { get; init; } = Defaults.ChromaLoss;

    /// <summary>Lightening at s = 1, in grey levels.</summary>
    public double Lightening { get; init; } = Defaults.Lightening;

    /// <summary>Whether a severity counts as dysplastic.</summary>
    public static bool IsDysplastic(double severity) => severity >= DysplasticSeverity - 1e-9;

    /// <summary>Draws a severity for a dysplastic cell, uniform in [2/3, 1].</summary>
    public static double DrawDysplasticSeverity(Random random) => DysplasticSeverity + random.NextDouble() * (1 - DysplasticSeverity);

    /// <summary>Draws a severity for a normal cell, uniform in [0, 0.3].</summary>
    public static double DrawNormalSeverity(Random random) => random.NextDouble() * NormalMaxSeverity;

    /// <summary>Simulates hypogranulation of severity <paramref name="severity"/> (0 = unchanged, 1 = agranular).</summary>
    public RgbImage Apply(RgbImage image, double severity) => Apply(image, CellRegions.Segment(image), severity);

    /// <summary>As <see cref="Apply(RgbImage, double)"/> with a segmentation already made.</summary>
    public RgbImage Apply(RgbImage image, CellRegions regions, double severity)
    {
        if (severity is < 0 or > 1 || double.IsNaN(severity))
            throw new ArgumentOutOfRangeException(nameof(severity), "Severity must be in [0, 1].");
        var output = (byte[])image.Pixels.Clone();
        if (severity == 0) return new RgbImage(image.Width, image.Height, output);
        int w = image.Width, h = image.Height, n = w * h;
        var mask = regions.Mask(CellRegion.Cytoplasm);
        var count = mask.Count(m => m);
        if (count == 0) return new RgbImage(w, h, output);
        var maskPlane = mask.Select(m => m ? 1f : 0f).ToArray();
        var sigma = SmoothingSigma * Math.Min(w, h) / 360.0;
        var maskBlur = MaskOps.GaussianBlur(maskPlane, w, h, sigma);
        var edge = MaskOps.GaussianBlur(maskPlane, w, h, Defaults.EdgeSigma);

        var mean = new double[3];
        for (var i = 0; i < n; i++)
            if (mask[i]) for (var c = 0; c < 3; c++) mean[c] += image.Pixels[i * 3 + c];
        for (var c = 0; c < 3; c++) mean[c] /= count;
        var grey = (mean[0] + mean[1] + mean[2]) / 3;
        var shift = new double[3];
        for (var c = 0; c < 3; c++) shift[c] = -ChromaLoss * (mean[c] - grey) + Lightening;

        for (var c = 0; c < 3; c++)
        {
            var plane = MaskOps.Channel(image.Pixels, c);
            for (var i = 0; i < n; i++) plane[i] *= maskPlane[i];
            var smooth = MaskOps.GaussianBlur(plane, w, h, sigma);
            for (var i = 0; i < n; i++)
            {
                if (!mask[i]) continue;
                var weight = severity * Math.Min(1, 2 * edge[i]);
                var smoothed = maskBlur[i] > 1e-3 ? smooth[i] / maskBlur[i] : image.Pixels[i * 3 + c];
                var target = smoothed + shift[c];
                output[i * 3 + c] = MaskOps.ToByte(image.Pixels[i * 3 + c] + weight * (target - image.Pixels[i * 3 + c]));
            }
        }
        return new RgbImage(w, h, output);
    }
}
