namespace Hematology.ML.Imaging;

/// <summary>
/// The lobes of a neutrophil's nucleus, counted on the segmented nucleus (<see cref="CellRegions"/>): the nucleus is cut
/// where it is thinner than a fraction of its own thickness, so the thin chromatin filaments between the lobes of a
/// segmented neutrophil part them, while a band's nucleus, whose narrowest part is by definition more than a third of its
/// widest, stays whole. Lobes count when they are at least a fraction of the largest (a cut tip is not a lobe).
/// </summary>
internal static class NuclearLobes
{
    /// <summary>The parameters, chosen on the val split (`hemato benchmark lobes`).</summary>
    public static class Defaults
    {
        /// <summary>Depth below which the nucleus counts as a filament, as a fraction of its thickness (the 95th percentile of depth).</summary>
        public const double CoreFraction = 0.5;

        /// <summary>Core pixels are also among this darkest fraction of the nucleus (green channel): filaments are thin chromatin, paler.</summary>
        public const double DarkQuantile = 0.9;

        /// <summary>Smallest lobe, as a fraction of the largest one's core.</summary>
        public const double MinimumLobeFraction = 0.1;
    }

    /// <summary>The number of lobes of the centred cell's nucleus; 0 when no nucleus is found.</summary>
    public static int Count(RgbImage cell, double coreFraction = Defaults.CoreFraction, double minimumLobeFraction = Defaults.MinimumLobeFraction,
        double darkQuantile = Defaults.DarkQuantile)
    {
        int w = cell.Width, h = cell.Height;
        var nucleus = CellRegions.Segment(cell).Mask(CellRegion.Nucleus);
        // Depth: city-block distance from each nucleus pixel to the nearest pixel outside it.
        var depth = MaskOps.DistanceTo(MaskOps.Not(nucleus), w, h);
        var inside = Enumerable.Range(0, nucleus.Length).Where(i => nucleus[i]).Select(i => depth[i]).Order().ToArray();
        if (inside.Length == 0) return 0;
        var thickness = inside[(int)(0.95 * (inside.Length - 1))];
        var cutoff = Math.Max(1, coreFraction * thickness);
        var greens = Enumerable.Range(0, nucleus.Length).Where(i => nucleus[i]).Select(i => cell.Pixels[i * 3 + 1]).Order().ToArray();
        var darkCut = greens[(int)(Math.Clamp(darkQuantile, 0, 1) * (greens.Length - 1))];
        var cores = new bool[nucleus.Length];
        for (var i = 0; i < cores.Length; i++) cores[i] = nucleus[i] && depth[i] >= cutoff && cell.Pixels[i * 3 + 1] <= darkCut;
        var sizes = MaskOps.Components(cores, w, h).Sizes.Skip(1).ToArray();
        if (sizes.Length == 0) return 1;
        var largest = sizes.Max();
        return sizes.Count(s => s >= minimumLobeFraction * largest);
    }
}
