namespace Hematology.ML.Imaging;

/// <summary>
/// The red cells around a white cell as a ruler already in the image: a normal red cell is about 7.5 µm across in
/// every lab, so their diameter in pixels says the magnification, whatever the scanner or camera.
/// </summary>
/// <remarks>
/// Method: red cells are the pixels that are red-dominant (R - G above a two-class Otsu threshold of R - G: the pink red
/// cells against the pale plasma), not bluer than red (platelets, nuclei) and not dark; holes are filled (the
/// central pallor); components that reach near the centre (the centred white cell and what touches it) or are cut by
/// the border are dropped. A component's diameter is twice its largest inscribed radius, so two overlapping red cells
/// still measure one; a component much larger than its inscribed disc (a crescent, a strand) is not a red cell. The image's diameter is the median over components.
/// </remarks>
internal static class RedCellRuler
{
    /// <summary>Smallest red-cell component, as a fraction of the image area (smaller ones are platelets or debris).</summary>
    private const double MinimumAreaFraction = 0.006;

    /// <summary>
    /// Components reaching this close to the centre (fraction of the shorter side) belong to, or touch, the centred white
    /// cell, whose pink cytoplasm would otherwise count as red cells.
    /// </summary>
    private const double CentralFraction = 0.2;

    /// <summary>
    /// Smallest red-cell component in a field, in pixels: a field's red cells are many and whole, so the bound only
    /// keeps noise and platelets out (a 12 px disc; red cells of camera fields are 30-100 px across).
    /// </summary>
    private const int MinimumFieldArea = 110;

    /// <summary>The median red-cell diameter in pixels, or null when no whole red cell is visible.</summary>
    public static double? Diameter(RgbImage image)
    {
        int w = image.Width, h = image.Height, n = w * h;
        var px = image.Pixels;
        var redness = new float[n];
        var brightness = new float[n];
        for (var i = 0; i < n; i++)
        {
            redness[i] = Math.Clamp(px[i * 3] - px[i * 3 + 1] + 128, 0, 255);
            brightness[i] = (px[i * 3] + px[i * 3 + 1] + px[i * 3 + 2]) / 3f;
        }
        // Smoothed first: a camera's noise and JPEG blocks would otherwise break a red cell into fragments.
        redness = MaskOps.GaussianBlur(redness, w, h, 1.0);
        var redCut = Otsu(redness);
        var darkCut = Otsu(brightness) * 0.6;
        var red = new bool[n];
        // Pink, not purple: a platelet or a nucleus is as red as a red cell against green, but bluer than red.
        for (var i = 0; i < n; i++) red[i] = redness[i] > redCut && brightness[i] > darkCut && px[i * 3] + 8 >= px[i * 3 + 2];
        return MaskDiameter(red, w, h, centredCell: true);
    }

    /// <summary>
    /// The median diameter of the red cells of a mask of red-cell pixels (null when none is whole). A centred cell's
    /// image (<paramref name="centredCell"/>) drops what reaches the centre and needs red cells of a size relative to
    /// the image; a field has no centred cell and is measured all over.
    /// </summary>
    internal static double? MaskDiameter(bool[] red, int w, int h, bool centredCell)
    {
        var n = w * h;
        red = MaskOps.FillHoles(MaskOps.Close(red, w, h, 1), w, h);
        var (labels, sizes) = MaskOps.Components(red, w, h);
        var inside = MaskOps.DistanceTo(MaskOps.Not(red), w, h);
        var radius = new int[sizes.Count];
        var dropped = new bool[sizes.Count];
        var central = CentralFraction * Math.Min(w, h);
        for (int y = 0, i = 0; y < h; y++)
            for (var x = 0; x < w; x++, i++)
            {
                var label = labels[i];
                if (label == 0) continue;
                radius[label] = Math.Max(radius[label], inside[i]);
                double dx = x - w / 2.0, dy = y - h / 2.0;
                if (x == 0 || y == 0 || x == w - 1 || y == h - 1 || (centredCell && dx * dx + dy * dy < central * central)) dropped[label] = true;
            }
        var minimum = centredCell ? MinimumAreaFraction * n : MinimumFieldArea;
        var diameters = Enumerable.Range(1, sizes.Count - 1)
            .Where(l => !dropped[l] && sizes[l] >= minimum && Round(sizes[l], radius[l]))
            .Select(l => 2.0 * radius[l] - 1).Order().ToArray();
        return diameters.Length == 0 ? null : diameters[diameters.Length / 2];
    }

    // A disc of inscribed radius r has area pi r^2, two or three overlapping red cells up to about three times that; a
    // crescent, a fragment or a strand of stain is far larger than its inscribed disc.
    private static bool Round(int area, int radius) => radius >= 2 && area <= 3.2 * Math.PI * radius * radius;

    // Two-class Otsu threshold of values in 0-255.
    private static double Otsu(float[] values)
    {
        var hist = new double[256];
        foreach (var v in values) hist[Math.Clamp((int)v, 0, 255)]++;
        double total = values.Length, sum = 0;
        for (var i = 0; i < 256; i++) sum += i * hist[i];
        double weight = 0, partial = 0, best = -1, cut = 128;
        for (var t = 0; t < 255; t++)
        {
            weight += hist[t];
            partial += t * hist[t];
            if (weight == 0 || weight == total) continue;
            double m0 = partial / weight, m1 = (sum - partial) / (total - weight);
            var between = weight * (total - weight) * (m0 - m1) * (m0 - m1);
            if (between > best) { best = between; cut = t + 0.5; }
        }
        return cut;
    }
}
