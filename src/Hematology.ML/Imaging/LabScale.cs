namespace Hematology.ML.Imaging;

/// <summary>
/// One lab's magnification against PBC's, from the red cells of a folder of its cells (<see cref="RedCellRuler"/>):
/// the zoom that gives its red cells PBC's size. A per-folder median, not a per-cell one, so that a lymphocyte stays
/// smaller than a monocyte: size tells the classes apart, and normalising each cell to one size would erase it.
/// </summary>
internal static class LabScale
{
    /// <summary>
    /// PBC's red-cell diameter as a fraction of the working-set side: 25 px of 128, the median over the 443 of 800
    /// random training cells (seed 0) in which a whole red cell was measured (q25 23, q75 25).
    /// </summary>
    public const double PbcRedCellFraction = 25.0 / 128;

    /// <summary>Fewest cells with a measured red cell for the folder's scale to count.</summary>
    public const int MinimumMeasured = 16;

    /// <summary>
    /// Ratios within this factor of 1 are left alone. The ruler's spread within PBC itself is about 1.1; defocus, noise
    /// and JPEG shrink what it measures by up to 0.76 at an unchanged magnification (the <c>optics</c> family of the
    /// shifted set); zooming such a folder costs accuracy, while magnification changes between labs are larger.
    /// </summary>
    public const double Tolerance = 1.4;

    /// <summary>Largest zoom either way (beyond it the ruler has more likely failed than the lab's optics).</summary>
    public const double MaximumZoom = 2.0;

    /// <summary>The zoom to apply to every cell of the folder (1 when unmeasured or within tolerance).</summary>
    public static double Zoom(IReadOnlyList<RgbImage> cells)
    {
        var fractions = new double?[cells.Count];
        Parallel.For(0, cells.Count, i => fractions[i] = RedCellRuler.Diameter(cells[i]) / Math.Min(cells[i].Width, cells[i].Height));
        var measured = fractions.Where(f => f is > 0).Select(f => f!.Value).Order().ToArray();
        if (measured.Length < MinimumMeasured) return 1;
        var zoom = PbcRedCellFraction / measured[measured.Length / 2];
        return zoom is > 1 / Tolerance and < Tolerance ? 1 : Math.Clamp(zoom, 1 / MaximumZoom, MaximumZoom);
    }
}
