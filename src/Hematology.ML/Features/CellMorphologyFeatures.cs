using Hematology.ML.Imaging;

namespace Hematology.ML.Features;

/// <summary>
/// Quantitative features of the cell in the centre of the image, after the thesis group's
/// "geometric, colour and texture" descriptors: a nucleus mask from the dark (low-green) pixels,
/// its size, lobulation and shape; the colour of nucleus and surroundings; grey-level co-occurrence
/// texture; gradient energy (granularity); and a hue histogram of the stained pixels.
/// </summary>
/// <remarks>
/// The nucleus is taken as the pixels darker in the green channel than Otsu's threshold, inside the
/// central window: May Grünwald-Giemsa stains chromatin deep purple, which absorbs green most, while
/// background and red cells stay bright in green. The number of separate dark parts approximates the
/// lobes of a segmented neutrophil's nucleus; granule-rich cytoplasm raises the gradient energy.
/// </remarks>
internal static class CellMorphologyFeatures
{
    /// <summary>Number of features.</summary>
    public const int FeatureCount = 40;

    private const int HueBins = 12;
    private const int GreyLevels = 16;

    /// <summary>Extracts the features from an image at the model's source resolution.</summary>
    public static float[] Extract(RgbImage image)
    {
        var side = (int)Math.Round(Math.Min(image.Width, image.Height) * ColourHistogramFeatures.CentralFraction);
        var window = new Window(image, (image.Width - side) / 2, (image.Height - side) / 2, side);
        var threshold = OtsuThreshold(window.Green);
        var nucleus = new bool[side * side];
        for (var i = 0; i < nucleus.Length; i++) nucleus[i] = window.Green[i] < threshold;

        var features = new List<float>(FeatureCount);
        features.Add(threshold / 255f);
        AddNucleusShape(features, nucleus, side);
        AddRegionColour(features, window, nucleus, inside: true);
        AddRegionColour(features, window, nucleus, inside: false);
        AddCooccurrenceTexture(features, window.Grey, side);
        AddGradientEnergy(features, window.Grey, nucleus, side);
        AddHueHistogram(features, window);
        if (features.Count != FeatureCount) throw new InvalidOperationException($"Expected {FeatureCount} morphology features, built {features.Count}.");
        return features.ToArray();
    }

    private sealed class Window
    {
        public Window(RgbImage image, int left, int top, int side)
        {
            Side = side;
            var n = side * side;
            Red = new float[n]; Green = new float[n]; Blue = new float[n]; Grey = new float[n];
            for (var y = 0; y < side; y++)
                for (var x = 0; x < side; x++)
                {
                    var i = y * side + x;
                    Red[i] = image[left + x, top + y, 0];
                    Green[i] = image[left + x, top + y, 1];
                    Blue[i] = image[left + x, top + y, 2];
                    Grey[i] = 0.299f * Red[i] + 0.587f * Green[i] + 0.114f * Blue[i];
                }
        }

        public int Side { get; }
        public float[] Red { get; }
        public float[] Green { get; }
        public float[] Blue { get; }
        public float[] Grey { get; }
    }

    /// <summary>Otsu's threshold on 0-255 values: the split that maximises between-class variance.</summary>
    internal static float OtsuThreshold(float[] values)
    {
        var histogram = new double[256];
        foreach (var v in values) histogram[Math.Clamp((int)v, 0, 255)]++;
        double total = values.Length, sumAll = 0;
        for (var i = 0; i < 256; i++) sumAll += i * histogram[i];
        double weightBelow = 0, sumBelow = 0, best = -1;
        var threshold = 128;
        for (var t = 0; t < 256; t++)
        {
            weightBelow += histogram[t];
            if (weightBelow == 0) continue;
            var weightAbove = total - weightBelow;
            if (weightAbove == 0) break;
            sumBelow += t * histogram[t];
            var meanBelow = sumBelow / weightBelow;
            var meanAbove = (sumAll - sumBelow) / weightAbove;
            var between = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove);
            if (between > best) { best = between; threshold = t + 1; }
        }
        return threshold;
    }

    // Area fraction, number of sizeable parts (lobes), share of the largest part, boundary/size ratio,
    // circularity and elongation of the largest part.
    private static void AddNucleusShape(List<float> features, bool[] mask, int side)
    {
        var labels = new int[mask.Length];
        var sizes = new List<int>();
        var minimumPart = Math.Max(4, mask.Length / 400);
        var stack = new Stack<int>();
        for (var start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || labels[start] != 0) continue;
            var label = sizes.Count + 1;
            var size = 0;
            stack.Push(start);
            labels[start] = label;
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                size++;
                int px = p % side, py = p / side;
                for (var dy = -1; dy <= 1; dy++)
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        int nx = px + dx, ny = py + dy;
                        if (nx < 0 || ny < 0 || nx >= side || ny >= side) continue;
                        var q = ny * side + nx;
                        if (mask[q] && labels[q] == 0) { labels[q] = label; stack.Push(q); }
                    }
            }
            sizes.Add(size);
        }
        var area = sizes.Sum();
        var parts = sizes.Count(s => s >= minimumPart);
        var largestIndex = sizes.Count == 0 ? -1 : sizes.IndexOf(sizes.Max());
        var largest = largestIndex < 0 ? 0 : sizes[largestIndex];

        int perimeter = 0;
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (var p = 0; p < mask.Length; p++)
        {
            if (labels[p] != largestIndex + 1 || largestIndex < 0) continue;
            int x = p % side, y = p / side;
            if (x == 0 || y == 0 || x == side - 1 || y == side - 1 || !mask[p - 1] || !mask[p + 1] || !mask[p - side] || !mask[p + side])
                perimeter++;
            sx += x; sy += y; sxx += (double)x * x; syy += (double)y * y; sxy += (double)x * y;
        }
        double elongation = 0, circularity = 0;
        if (largest > 0)
        {
            double mx = sx / largest, my = sy / largest;
            double cxx = sxx / largest - mx * mx, cyy = syy / largest - my * my, cxy = sxy / largest - mx * my;
            var root = Math.Sqrt(Math.Max(0, (cxx - cyy) * (cxx - cyy) / 4 + cxy * cxy));
            double major = (cxx + cyy) / 2 + root, minor = (cxx + cyy) / 2 - root;
            elongation = major > 0 ? 1 - Math.Sqrt(Math.Max(0, minor) / major) : 0;
            circularity = perimeter > 0 ? Math.Min(1, 4 * Math.PI * largest / ((double)perimeter * perimeter)) : 0;
        }
        features.Add((float)area / mask.Length);
        features.Add(Math.Min(parts, 8) / 8f);
        features.Add(area > 0 ? (float)largest / area : 0);
        features.Add(largest > 0 ? (float)(perimeter / Math.Sqrt(largest)) / 10f : 0);
        features.Add((float)circularity);
        features.Add((float)elongation);
    }

    // Mean and standard deviation of R, G, B inside (nucleus) or outside it (cytoplasm and background).
    private static void AddRegionColour(List<float> features, Window window, bool[] mask, bool inside)
    {
        Span<double> sum = stackalloc double[3];
        Span<double> squares = stackalloc double[3];
        var count = 0;
        for (var i = 0; i < mask.Length; i++)
        {
            if (mask[i] != inside) continue;
            count++;
            sum[0] += window.Red[i]; sum[1] += window.Green[i]; sum[2] += window.Blue[i];
            squares[0] += window.Red[i] * window.Red[i]; squares[1] += window.Green[i] * window.Green[i]; squares[2] += window.Blue[i] * window.Blue[i];
        }
        for (var c = 0; c < 3; c++)
        {
            var mean = count > 0 ? sum[c] / count : 0;
            var std = count > 0 ? Math.Sqrt(Math.Max(0, squares[c] / count - mean * mean)) : 0;
            features.Add((float)(mean / 255));
            features.Add((float)(std / 255));
        }
    }

    // Haralick's contrast, homogeneity, energy, correlation and entropy, averaged over four directions.
    private static void AddCooccurrenceTexture(List<float> features, float[] grey, int side)
    {
        var levels = new int[grey.Length];
        for (var i = 0; i < grey.Length; i++) levels[i] = Math.Clamp((int)(grey[i] * GreyLevels / 256f), 0, GreyLevels - 1);
        (int Dx, int Dy)[] offsets = [(1, 0), (0, 1), (1, 1), (1, -1)];
        double contrast = 0, homogeneity = 0, energy = 0, correlation = 0, entropy = 0;
        foreach (var (dx, dy) in offsets)
        {
            var matrix = new double[GreyLevels, GreyLevels];
            double pairs = 0;
            for (var y = Math.Max(0, -dy); y < side - Math.Max(0, dy); y++)
                for (var x = 0; x < side - dx; x++)
                {
                    matrix[levels[y * side + x], levels[(y + dy) * side + x + dx]]++;
                    pairs++;
                }
            double mi = 0, mj = 0;
            for (var i = 0; i < GreyLevels; i++)
                for (var j = 0; j < GreyLevels; j++)
                {
                    matrix[i, j] /= pairs;
                    mi += i * matrix[i, j]; mj += j * matrix[i, j];
                }
            double vi = 0, vj = 0, cov = 0;
            for (var i = 0; i < GreyLevels; i++)
                for (var j = 0; j < GreyLevels; j++)
                {
                    var p = matrix[i, j];
                    contrast += p * (i - j) * (i - j);
                    homogeneity += p / (1 + Math.Abs(i - j));
                    energy += p * p;
                    if (p > 0) entropy -= p * Math.Log(p);
                    vi += p * (i - mi) * (i - mi); vj += p * (j - mj) * (j - mj); cov += p * (i - mi) * (j - mj);
                }
            correlation += vi > 0 && vj > 0 ? cov / Math.Sqrt(vi * vj) : 0;
        }
        features.Add((float)(contrast / offsets.Length / 10));
        features.Add((float)(homogeneity / offsets.Length));
        features.Add((float)(energy / offsets.Length));
        features.Add((float)(correlation / offsets.Length));
        features.Add((float)(entropy / offsets.Length / 5));
    }

    // Sobel gradient magnitude over the window and outside the nucleus: granules make cytoplasm rough.
    private static void AddGradientEnergy(List<float> features, float[] grey, bool[] nucleus, int side)
    {
        double all = 0, allSquares = 0, outside = 0, outsideSquares = 0;
        int n = 0, nOutside = 0;
        for (var y = 1; y < side - 1; y++)
            for (var x = 1; x < side - 1; x++)
            {
                float G(int ox, int oy) => grey[(y + oy) * side + x + ox];
                var gx = G(1, -1) + 2 * G(1, 0) + G(1, 1) - G(-1, -1) - 2 * G(-1, 0) - G(-1, 1);
                var gy = G(-1, 1) + 2 * G(0, 1) + G(1, 1) - G(-1, -1) - 2 * G(0, -1) - G(1, -1);
                var magnitude = Math.Sqrt(gx * gx + gy * gy) / 1020.0;
                all += magnitude; allSquares += magnitude * magnitude; n++;
                if (!nucleus[y * side + x]) { outside += magnitude; outsideSquares += magnitude * magnitude; nOutside++; }
            }
        static float Mean(double s, int count) => count > 0 ? (float)(s / count) : 0;
        static float Std(double s, double s2, int count) => count > 0 ? (float)Math.Sqrt(Math.Max(0, s2 / count - (s / count) * (s / count))) : 0;
        features.Add(Mean(all, n));
        features.Add(Std(all, allSquares, n));
        features.Add(Mean(outside, nOutside));
        features.Add(Std(outside, outsideSquares, nOutside));
    }

    // Hue of the stained (saturated) pixels: eosinophil orange, basophil and lymphocyte blue-violet.
    private static void AddHueHistogram(List<float> features, Window window)
    {
        var bins = new double[HueBins];
        var saturatedCount = 0;
        for (var i = 0; i < window.Red.Length; i++)
        {
            float r = window.Red[i] / 255f, g = window.Green[i] / 255f, b = window.Blue[i] / 255f;
            float max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
            var delta = max - min;
            if (max <= 0 || delta / max < 0.15f) continue;
            float hue;
            if (max == r) hue = (g - b) / delta % 6;
            else if (max == g) hue = (b - r) / delta + 2;
            else hue = (r - g) / delta + 4;
            if (hue < 0) hue += 6;
            bins[Math.Min(HueBins - 1, (int)(hue / 6 * HueBins))]++;
            saturatedCount++;
        }
        features.Add((float)saturatedCount / window.Red.Length);
        for (var i = 0; i < HueBins - 1; i++) features.Add(saturatedCount > 0 ? (float)(bins[i] / saturatedCount) : 0);
    }
}
