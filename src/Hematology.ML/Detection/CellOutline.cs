namespace Hematology.ML.Detection;

/// <summary>
/// The whole-cell box of each nucleus of a field, from rays cast from the nucleus's centre: each ray walks out until it
/// meets plasma (two pixels fainter than half the plasma cut: a pale cytoplasm is still darker than plasma), another
/// cell's nucleus, or the farthest a white cell reaches. White cells are round, so a ray much longer than the others
/// ran on into a red cell or a neighbour that touches the cell, and is brought back to the typical length.
/// </summary>
internal static class CellOutline
{
    /// <summary>Rays per nucleus.</summary>
    public const int Rays = 32;

    /// <summary>Farthest a ray walks from the nucleus's centre, in red-cell diameters (a large monocyte's radius is about 1.3).</summary>
    public const double MaximumRadius = 1.4;

    /// <summary>A ray longer than this multiple of the reference length (the 40th percentile of the rays) is brought back to it.</summary>
    public const double Outlier = 1.18;

    /// <summary>One box per nucleus, in the order given, never smaller than the nucleus grown by <paramref name="margin"/>.</summary>
    public static IReadOnlyList<CellBox> Boxes(IReadOnlyList<NuclearGroup> nuclei, int[] labels, FieldStain stain, int w, int h, double diameter, int margin)
    {
        var centres = Centres(nuclei, labels, w, h);
        var faint = stain.PlasmaCut / 2;
        var boxes = new CellBox[nuclei.Count];
        var lengths = new double[Rays];
        var ends = new (double X, double Y, bool Border)[Rays];
        for (var k = 0; k < nuclei.Count; k++)
        {
            var (cx, cy) = centres[k];
            for (var r = 0; r < Rays; r++)
            {
                double dx = Math.Cos(2 * Math.PI * r / Rays), dy = Math.Sin(2 * Math.PI * r / Rays);
                var (length, border) = Walk(cx, cy, dx, dy, nuclei[k].Label);
                lengths[r] = length;
                ends[r] = (dx, dy, border);
            }
            var reference = lengths.Order().ElementAt((int)(0.4 * Rays));
            var box = nuclei[k].Box.Grow(margin, w, h);
            for (var r = 0; r < Rays; r++)
            {
                var length = ends[r].Border ? lengths[r] : Math.Min(lengths[r], Outlier * reference);
                int x = (int)Math.Round(cx + ends[r].X * length), y = (int)Math.Round(cy + ends[r].Y * length);
                box = box.Union(new CellBox(Math.Clamp(x, 0, w - 1), Math.Clamp(y, 0, h - 1), Math.Clamp(x + 1, 1, w), Math.Clamp(y + 1, 1, h)));
            }
            boxes[k] = box;
        }
        return boxes;

        (double Length, bool Border) Walk(double cx, double cy, double dx, double dy, int own)
        {
            var limit = MaximumRadius * diameter;
            var faintRun = 0;
            for (var t = 1.0; t <= limit; t += 1)
            {
                int x = (int)Math.Round(cx + dx * t), y = (int)Math.Round(cy + dy * t);
                if (x < 0 || y < 0 || x >= w || y >= h) return (t - 1, true);
                var i = y * w + x;
                if (labels[i] != 0 && labels[i] != own) return (Math.Max(0, t - 2), false);
                faintRun = labels[i] == own || stain.Absorbance[i] > faint ? 0 : faintRun + 1;
                if (faintRun == 2) return (t - 2, false);
            }
            return (limit, false);
        }
    }

    // The centroid of each nucleus's pixels.
    private static (double X, double Y)[] Centres(IReadOnlyList<NuclearGroup> nuclei, int[] labels, int w, int h)
    {
        var index = new Dictionary<int, int>();
        for (var k = 0; k < nuclei.Count; k++) index[nuclei[k].Label] = k;
        var sums = new (double X, double Y, int N)[nuclei.Count];
        for (int y = 0, i = 0; y < h; y++)
            for (var x = 0; x < w; x++, i++)
                if (labels[i] != 0 && index.TryGetValue(labels[i], out var k))
                    sums[k] = (sums[k].X + x, sums[k].Y + y, sums[k].N + 1);
        return sums.Select(s => (s.X / Math.Max(1, s.N), s.Y / Math.Max(1, s.N))).ToArray();
    }
}
