using Hematology.ML.Features;
using Hematology.ML.Imaging;

namespace Hematology.ML.Simulation;

/// <summary>The region a pixel of a stained cell image belongs to.</summary>
public enum CellRegion : byte
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
/// <para>Method, all from the image itself: (1) nucleus = pixels whose green channel is below Otsu's
/// threshold on the green histogram (the nucleus absorbs green most; the same rule as the morphology
/// features), closed by 2 px to join lobes, keeping the connected components whose pixels lie near the
/// image centre (a red cell's dark rim or a neighbouring cell's nucleus is dropped); (2) stained =
/// pixels with saturation (max-min)/max above Otsu's threshold on the saturation histogram, which
/// separates the pale plasma from stained matter; (3) cell = the connected component of
/// (nucleus ∪ stained-within-reach-of-the-nucleus) that holds the nucleus, closed and hole-filled; the
/// reach is bounded (<see cref="Defaults.CytoplasmReachFraction"/> of the image side) because red cells
/// touching a neutrophil are as saturated as its cytoplasm; (4) cytoplasm = cell minus nucleus.</para>
/// </summary>
public sealed class CellRegions
{
    /// <summary>Default segmentation parameters.</summary>
    public static class Defaults
    {
        /// <summary>Farthest the cytoplasm reaches from the nucleus, as a fraction of the shorter image side
        /// (a segmented neutrophil of PBC spans ~ 1/3 of the 360 px crop, its cytoplasm rim ~ 10-40 px).</summary>
        public const double CytoplasmReachFraction = 0.11;

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
        var saturation = new float[n];
        for (var i = 0; i < n; i++)
        {
            int r = px[i * 3], g = px[i * 3 + 1], b = px[i * 3 + 2];
            var max = Math.Max(r, Math.Max(g, b));
            var min = Math.Min(r, Math.Min(g, b));
            saturation[i] = max == 0 ? 0 : 255f * (max - min) / max;
        }
        var side = Math.Min(w, h);

        var greenCut = CellMorphologyFeatures.OtsuThreshold(green);
        var dark = MaskOps.Close(green.Select(v => v < greenCut).ToArray(), w, h, 2);
        var nucleus = CentralComponents(dark, w, h, Defaults.CentreFraction * side);

        var satCut = CellMorphologyFeatures.OtsuThreshold(saturation);
        var reach = Math.Max(3, (int)(Defaults.CytoplasmReachFraction * side));
        var nearNucleus = MaskOps.DistanceTo(nucleus, w, h);
        var candidate = new bool[n];
        for (var i = 0; i < n; i++) candidate[i] = nucleus[i] || (saturation[i] > satCut && nearNucleus[i] <= reach);
        candidate = MaskOps.Close(candidate, w, h, 3);
        var cell = MaskOps.FillHoles(ComponentsTouching(candidate, nucleus, w, h), w, h);

        var labels = new CellRegion[n];
        for (var i = 0; i < n; i++)
            labels[i] = nucleus[i] ? CellRegion.Nucleus : cell[i] ? CellRegion.Cytoplasm : CellRegion.Background;
        return new CellRegions(w, h, labels);
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
