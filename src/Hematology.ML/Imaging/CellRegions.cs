
namespace Hematology.ML.Imaging;

/// <summary>The region a pixel of a stained cell image belongs to.</summary>
internal enum CellRegion : byte
{
    /// <summary>Plasma and red cells around the centred leukocyte.</summary>
    Background = 0,
    /// <summary>Cytoplasm of the centred cell: inside the cell, not nucleus.</summary>
    Cytoplasm = 1,
    /// <summary>Nucleus of the centred cell (dark purple/blue, lowest green).</summary>
    Nucleus = 2,
}

/// <summary>
/// Colour-based segmentation of a May-Grünwald-Giemsa stained single-cell image (cell centred, as
/// CellaVision crops are) into background, nucleus and cytoplasm.
/// <para>Method, all from the image itself: (1) nucleus = pixels whose green channel is below the lower threshold of
/// three-class Otsu on the green histogram (nucleus | cytoplasm and red cells | plasma; the nucleus
/// absorbs green most), closed by 2 px to join lobes, keeping the connected components whose pixels lie near the
/// image centre (a red cell's dark rim or a neighbouring cell's nucleus is dropped); (2) blue-stained =
/// pixels whose blueness B - R is above the lower three-class Otsu threshold of the blueness histogram: the peach plasma
/// and the pink red cells are red-dominant, the lilac cytoplasm and the purple nucleus blue-dominant; (3) cell = the connected component of
/// (nucleus ∪ stained-within-reach-of-the-nucleus) that holds the nucleus, closed and hole-filled; the
/// reach is bounded (<see cref="Defaults.CytoplasmReachFraction"/> of the image side) so that a
/// neighbouring leukocyte touching the cell is not taken in; (4) cytoplasm = cell minus nucleus.</para>
/// </summary>
internal sealed class CellRegions
{
    /// <summary>Default segmentation parameters.</summary>
    public static class Defaults
    {
        /// <summary>Farthest the cytoplasm reaches from the nucleus, as a fraction of the shorter image side
        /// (a segmented neutrophil of PBC spans ~ 1/3 of the 360 px crop, its cytoplasm reaches up to ~ 70 px from the nucleus in elongated cells).</summary>
        public const double CytoplasmReachFraction = 0.2;

        /// <summary>Nucleus components must come this close to the centre (fraction of the shorter side).</summary>
        public const double CentreFraction = 0.22;
    }

    private CellRegions(int width, int height, CellRegion[] labels)
    {
        Width = width;
        Height = height;
        Labels = labels;
    }

    /// <summary>Image width.</summary>
    public int Width { get; }

    /// <summary>Image height.</summary>
    public int Height { get; }

    /// <summary>Region of every pixel, row-major.</summary>
    public IReadOnlyList<CellRegion> Labels { get; }

    /// <summary>Number of nucleus pixels.</summary>
    public int NucleusArea => Labels.Count(l => l == CellRegion.Nucleus);

    /// <summary>Number of cytoplasm pixels.</summary>
    public int CytoplasmArea => Labels.Count(l => l == CellRegion.Cytoplasm);

    /// <summary>A mask of one region.</summary>
    public bool[] Mask(CellRegion region) => Labels.Select(l => l == region).ToArray();

    /// <summary>Segments a centred cell image.</summary>
    public static CellRegions Segment(RgbImage image)
    {
        int w = image.Width, h = image.Height, n = w * h;
        var px = image.Pixels;
        var green = MaskOps.Channel(px, 1);
        // Blueness (B - R) mapped to 0-255: plasma (peach) and red cells (pink) are red-dominant,
        // the lilac cytoplasm and the purple nucleus are blue-dominant.
        var blueness = new float[n];
        for (var i = 0; i < n; i++) blueness[i] = (px[i * 3 + 2] - px[i * 3] + 255) / 2f;
        var side = Math.Min(w, h);

        var greenCut = OtsuThresholds3(green).Lower;
        var dark = MaskOps.Close(green.Select(v => v < greenCut).ToArray(), w, h, 2);
        var nucleus = CentralComponents(dark, w, h, Defaults.CentreFraction * side);

        var blueCut = OtsuThresholds3(blueness).Lower;
        var reach = Math.Max(3, (int)(Defaults.CytoplasmReachFraction * side));
        var nearNucleus = MaskOps.DistanceTo(nucleus, w, h);
        var candidate = new bool[n];
        for (var i = 0; i < n; i++) candidate[i] = nucleus[i] || (blueness[i] > blueCut && nearNucleus[i] <= reach);
        candidate = MaskOps.Close(candidate, w, h, 3);
        var cell = MaskOps.FillHoles(ComponentsTouching(candidate, nucleus, w, h), w, h);

        var labels = new CellRegion[n];
        for (var i = 0; i < n; i++)
            labels[i] = nucleus[i] ? CellRegion.Nucleus : cell[i] ? CellRegion.Cytoplasm : CellRegion.Background;
        return new CellRegions(w, h, labels);
    }

    /// <summary>
    /// The two thresholds of three-class Otsu (the pair that maximises between-class variance). On green:
    /// nucleus | cytoplasm and red cells | plasma (a two-class Otsu puts red cells and cytoplasm with the
    /// nucleus, all three being darker in green than plasma). On blueness: plasma and red cells | cytoplasm | nucleus.
    /// </summary>
    internal static (int Lower, int Upper) OtsuThresholds3(float[] values)
    {
        var hist = new double[256];
        foreach (var v in values) hist[Math.Clamp((int)v, 0, 255)]++;
        var p = new double[257];
        var m = new double[257];
        for (var i = 0; i < 256; i++) { p[i + 1] = p[i] + hist[i]; m[i + 1] = m[i] + i * hist[i]; }
        double best = -1;
        (int, int) cut = (85, 170);
        for (var a = 1; a < 255; a++)
            for (var b = a + 1; b < 256; b++)
            {
                double w0 = p[a], w1 = p[b] - p[a], w2 = p[256] - p[b];
                if (w0 <= 0 || w1 <= 0 || w2 <= 0) continue;
                double m0 = m[a], m1 = m[b] - m[a], m2 = m[256] - m[b];
                var score = m0 * m0 / w0 + m1 * m1 / w1 + m2 * m2 / w2;
                if (score > best) { best = score; cut = (a, b); }
            }
        return cut;
    }

    private static bool[] CentralComponents(bool[] mask, int w, int h, double radius)
    {
        var (labels, sizes) = MaskOps.Components(mask, w, h);
        var keep = new bool[sizes.Count];
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] == 0 || keep[labels[i]]) continue;
            double dx = i % w - cx, dy = i / w - cy;
            if (dx * dx + dy * dy <= radius * radius && sizes[labels[i]] >= 20) keep[labels[i]] = true;
        }
        var result = labels.Select(l => keep[l]).ToArray();
        return result.Any(v => v) ? result : labels.Select(l => l != 0 && l == Largest(sizes)).ToArray();
    }

    private static int Largest(List<int> sizes) =>
        sizes.Count <= 1 ? -1 : Enumerable.Range(1, sizes.Count - 1).MaxBy(i => sizes[i]);

    private static bool[] ComponentsTouching(bool[] mask, bool[] seed, int w, int h)
    {
        var (labels, sizes) = MaskOps.Components(mask, w, h);
        var keep = new bool[sizes.Count];
        for (var i = 0; i < labels.Length; i++) if (seed[i]) keep[labels[i]] = true;
        keep[0] = false;
        return labels.Select(l => keep[l]).ToArray();
    }
}
