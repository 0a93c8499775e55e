using Hematology.ML.Imaging;

namespace Hematology.ML.Detection;

/// <summary>
/// A field's stain measured against itself, in optical density (Beer-Lambert absorbance against the field's white,
/// following its illumination: <see cref="FieldIllumination"/>). Red cells outnumber every other stained thing in a
/// field, so the commonest colour of the stained pixels is theirs; a nucleus is dark stain of another colour: its
/// absorbance departs from the red cells' direction, the way the field's own dark pixels depart. The nuclear score is
/// that departure, so two overlapping red cells (twice the absorbance, the same colour) score nothing, and a restain
/// or a white balance, which turn both colours, leave them apart.
/// </summary>
internal sealed class FieldStain
{
    private FieldStain(float[] nuclear, float[] absorbance, double plasmaCut, bool[] redCells, double redCellDensity)
    {
        Absorbance = absorbance;
        PlasmaCut = plasmaCut;
        Nuclear = nuclear;
        RedCells = redCells;
        RedCellDensity = redCellDensity;
    }

    /// <summary>Per pixel, the absorbance that departs from the red cells' colour the way nuclei do (0 or more; 0 where not dark).</summary>
    public float[] Nuclear { get; }

    /// <summary>Total optical density per pixel (the three channels' absorbance summed).</summary>
    public float[] Absorbance { get; }

    /// <summary>The total absorbance between plasma and cells (the lower cut of three-class Otsu on the total absorbance:
    /// plasma | red cells and cytoplasm | nuclei).</summary>
    public double PlasmaCut { get; }

    /// <summary>Stained pixels of the red cells' colour (no nuclear stain): the field's ruler.</summary>
    public bool[] RedCells { get; }

    /// <summary>The median length of the red cells' absorbance vector: how strongly this field is stained.</summary>
    public double RedCellDensity { get; }

    /// <summary>Measures a field.</summary>
    public static FieldStain Measure(RgbImage image, double nuclearCutToRedCell)
    {
        var px = image.Pixels;
        var n = image.Width * image.Height;
        var white = White(px, n);
        var od = FieldIllumination.Absorbance(image, white);
        var total = new float[n];
        var totalHistogram = new int[256];
        for (var i = 0; i < n; i++)
        {
            total[i] = od[0][i] + od[1][i] + od[2][i];
            totalHistogram[Bin(total[i])]++;
        }
        // Plasma | cells: the lower cut of three-class Otsu (plasma | pale cytoplasm and red cells | the rest), with the
        // darkest 5 % clipped first so that a few very dark pixels do not pull the cuts.
        var top = Quantile(totalHistogram, 0.95);
        var clipped = new float[n];
        for (var i = 0; i < n; i++) clipped[i] = Math.Min(top, Bin(total[i]));
        // With fewer than three levels (plasma and red cells only) there is no three-class cut: halfway then.
        var lower = CellRegions.OtsuThresholds3(clipped).Lower;
        var stainedCut = (lower < top ? lower : top / 2.0) / BinsPerUnit;
        var stained = new bool[n];
        for (var i = 0; i < n; i++) stained[i] = total[i] > stainedCut;
        // The red cells' colour u is the commonest colour of the stained pixels (the mode of their absorbance's direction):
        // red cells outnumber every other stained thing in a field, even where white cells are large or many.
        var (u, redCellTotal) = CommonestColour(od, total, stained);
        var density = Math.Sqrt(u.Sum(v => v * v));
        for (var c = 0; c < 3; c++) u[c] /= density;
        var dark = DarkCut * redCellTotal;
        var w = NuclearDirection(od, total, u, dark);
        var nuclear = new float[n];
        var redCells = new bool[n];
        var redCellCut = 0.5 * nuclearCutToRedCell * density;
        for (var i = 0; i < n; i++)
        {
            var score = w[0] * od[0][i] + w[1] * od[1][i] + w[2] * od[2][i];
            nuclear[i] = total[i] > dark ? (float)Math.Max(0, score) : 0;
            redCells[i] = stained[i] && score < redCellCut;
        }
        return new FieldStain(nuclear, total, stainedCut, redCells, density);
    }

    /// <summary>A nucleus absorbs at least this multiple of the red cells' total absorbance (PBC: nuclei 4, eosinophil
    /// nuclei 2.5, platelets 2.4, two overlapping red cells 2, cytoplasm 1).</summary>
    public const double DarkCut = 1.5;

    private const float BinsPerUnit = 50;

    // The unit direction, orthogonal to the red cells' u, of the mean departure from u of the pixels darker than `dark`
    // (nuclei, platelets, overlapping red cells; the last depart little). Few such pixels (a field of red cells only):
    // the departure of PBC's nuclei, which absorb green far more than blue (PBC: nuclei G 1.62 and B 0.43, red cells
    // 0.31 and 0.21).
    private static double[] NuclearDirection(float[][] od, float[] total, double[] u, double dark)
    {
        var sum = new double[3];
        var count = 0;
        var pixel = new double[3];
        for (var i = 0; i < total.Length; i++)
        {
            if (total[i] <= dark) continue;
            for (var c = 0; c < 3; c++) pixel[c] = od[c][i];
            var along = pixel[0] * u[0] + pixel[1] * u[1] + pixel[2] * u[2];
            for (var c = 0; c < 3; c++) sum[c] += pixel[c] - along * u[c];
            count++;
        }
        double[] w = count >= MinimumDarkPixels ? sum : [0, 1, -1.5];
        var along0 = w[0] * u[0] + w[1] * u[1] + w[2] * u[2];
        for (var c = 0; c < 3; c++) w[c] -= along0 * u[c];
        var norm = Math.Sqrt(w.Sum(v => v * v));
        return norm < 1e-9 ? [0, 0, 0] : w.Select(v => v / norm).ToArray();
    }

    private const int MinimumDarkPixels = 50;

    /// <summary>Bins per axis of the chromaticity histogram (the red and green shares of a pixel's absorbance).</summary>
    private const int ColourBins = 32;

    // The mean absorbance of the stained pixels in the commonest chromaticity bin (with its neighbours), and the median
    // total absorbance of those pixels. Without stained pixels, a pale red cell's.
    private static (double[] Colour, double Total) CommonestColour(float[][] od, float[] total, bool[] stained)
    {
        var bins = new int[ColourBins * ColourBins];
        var bin = new int[total.Length];
        for (var i = 0; i < total.Length; i++)
        {
            bin[i] = -1;
            if (!stained[i] || total[i] <= 0) continue;
            var red = od[0][i] / total[i];
            var green = od[1][i] / total[i];
            bins[bin[i] = Math.Min(ColourBins - 1, (int)(red * ColourBins)) * ColourBins + Math.Min(ColourBins - 1, (int)(green * ColourBins))]++;
        }
        var mode = Enumerable.Range(0, bins.Length).MaxBy(k => Neighbourhood(bins, k));
        if (Neighbourhood(bins, mode) == 0) return ([0.2, 0.3, 0.2], 0.7);
        var sum = new double[3];
        var totals = new int[256];
        for (var i = 0; i < total.Length; i++)
        {
            if (bin[i] < 0 || !Near(bin[i], mode)) continue;
            for (var c = 0; c < 3; c++) sum[c] += od[c][i];
            totals[Bin(total[i])]++;
        }
        var count = totals.Sum();
        var median = (Quantile(totals, 0.5) + 0.5) / BinsPerUnit;
        var mean = sum.Select(v => v / count).ToArray();
        var scale = median / mean.Sum();
        return (mean.Select(v => v * scale).ToArray(), median);
    }

    private static int Neighbourhood(int[] bins, int k)
    {
        int r = k / ColourBins, g = k % ColourBins, sum = 0;
        for (var dr = -1; dr <= 1; dr++)
            for (var dg = -1; dg <= 1; dg++)
                if (r + dr is >= 0 and < ColourBins && g + dg is >= 0 and < ColourBins) sum += bins[(r + dr) * ColourBins + g + dg];
        return sum;
    }

    private static bool Near(int a, int b) => Math.Abs(a / ColourBins - b / ColourBins) <= 1 && Math.Abs(a % ColourBins - b % ColourBins) <= 1;

    private static int Bin(float od) => Math.Min(255, (int)(od * BinsPerUnit));

    /// <summary>The field's white: the median R, G, B of the brightest tenth of the pixels (plasma).</summary>
    internal static double[] White(byte[] px, int n)
    {
        var brightness = new int[766];
        for (var i = 0; i < n; i++) brightness[px[i * 3] + px[i * 3 + 1] + px[i * 3 + 2]]++;
        var cut = BrightestCut(brightness, n / 10);
        var channels = new int[3][];
        for (var c = 0; c < 3; c++) channels[c] = new int[256];
        for (var i = 0; i < n; i++)
        {
            if (px[i * 3] + px[i * 3 + 1] + px[i * 3 + 2] < cut) continue;
            for (var c = 0; c < 3; c++) channels[c][px[i * 3 + c]]++;
        }
        return channels.Select(hist => (double)Math.Max(1, Quantile(hist, 0.5))).ToArray();
    }

    /// <summary>The brightness (R + G + B) from which the brightest <paramref name="wanted"/> pixels of a histogram of
    /// 766 brightness levels start.</summary>
    internal static int BrightestCut(int[] brightness, int wanted)
    {
        var cut = brightness.Length - 1;
        for (var seen = 0; cut > 0 && (seen += brightness[cut]) < wanted; cut--) { }
        return cut;
    }

    private static int Quantile(int[] histogram, double q)
    {
        long total = 0;
        foreach (var count in histogram) total += count;
        if (total == 0) return 0;
        long seen = 0;
        for (var i = 0; i < histogram.Length; i++)
            if ((seen += histogram[i]) >= q * total) return i;
        return histogram.Length - 1;
    }
}
