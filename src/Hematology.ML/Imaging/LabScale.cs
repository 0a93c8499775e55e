namespace Hematology.ML.Imaging;

/// <summary>
/// One lab's magnification against PBC's, from the red cells of a folder of its cells (<see cref="RedCellRuler"/>):
/// the zoom that gives its red cells PBC's size. A per-folder median, not a per-cell one, so that a lymphocyte stays
/// smaller than a monocyte: size tells the classes apart, and normalising each cell to one size would erase it.
/// The centred cells' nuclei are a second ruler. Each fails where the other holds: red cells are the same in every
/// class but, in crops that the white cell fills, the few in view are cut or hidden and what is left measures small
/// (on the shifted set's small crops, enlarged twice, the red cells said "half size"); the nuclei are always in view,
/// but a folder's class mix moves their median (from 0.14 of the side for platelets to 0.36 for eosinophils). So the
/// zoom is the geometric mean of the two where they agree within <see cref="Agreement"/>; where they do not, the red
/// cells' if enough cells show one (<see cref="RedCellsInView"/>), the nuclei's otherwise.
/// </summary>
internal static class LabScale
{
    /// <summary>
    /// PBC's red-cell diameter as a fraction of the working-set side: 25 px of 128, the median over the 443 of 800
    /// random training cells (seed 0) in which a whole red cell was measured (q25 23, q75 25).
    /// </summary>
    public const double PbcRedCellFraction = 25.0 / 128;

    /// <summary>
    /// PBC's median nucleus diameter (of the disc of the same area, <see cref="CellRegions"/>) as a fraction of the
    /// working-set side: 0.2945 over 800 random training cells of pbc-128 (seed 0; q25 0.234, q75 0.357).
    /// </summary>
    public const double PbcNucleusFraction = 0.2945;

    /// <summary>The two rulers agree when their zooms are within this factor of each other.</summary>
    public const double Agreement = 1.5;

    /// <summary>Fewest cells with a measured red cell (or nucleus) for the folder's scale to count.</summary>
    public const int MinimumMeasured = 16;

    /// <summary>
    /// Zooms within this factor of 1 are left alone: PBC's own folders and a class mix unlike PBC's (an all-neutrophil
    /// folder's nuclei say 1.19, its red cells 1, their mean 1.09) stay as they are, while magnification changes between
    /// labs are larger. At 1.2 the shifted set's higher-magnification family (cells at 1.3-1.6 of PBC's size, zoom
    /// measured 0.83) was left alone, at 0.86 balanced accuracy against 0.95 zoomed (docs/generalisation.md).
    /// </summary>
    public const double Tolerance = 1.15;

    /// <summary>
    /// When the rulers disagree, the red cells still win if at least this fraction of the cells showed one: then they
    /// are in view as in PBC (where 57 % of cells show one), and the nuclei more likely speak of the class mix (a
    /// folder of platelets) than of the magnification.
    /// </summary>
    public const double RedCellsInView = 0.4;

    /// <summary>Largest zoom either way (beyond it the ruler has more likely failed than the lab's optics).</summary>
    public const double MaximumZoom = 2.0;

    /// <summary>The zoom to apply to every cell of the folder (1 when unmeasured or within tolerance).</summary>
    public static double Zoom(IReadOnlyList<RgbImage> cells)
    {
        var (redCellMedian, inView) = Median(cells, RedCellRuler.Diameter);
        var redCells = PbcRedCellFraction / redCellMedian;
        var nuclei = PbcNucleusFraction / Median(cells, NucleusDiameter).Median;
        return Limited((redCells, nuclei) switch
        {
            ({ } r, { } n) when Math.Max(r / n, n / r) <= Agreement => Math.Sqrt(r * n),
            ({ } r, _) when inView >= RedCellsInView * cells.Count => r,
            (_, { } n) => n,
            ({ } r, null) => r,
            _ => 1,
        });
    }

    /// <summary>The nucleus of the centred cell as the diameter of the disc of its area, in pixels (null: none found).</summary>
    internal static double? NucleusDiameter(RgbImage cell) =>
        CellRegions.Segment(cell).NucleusArea is var area and > 0 ? 2 * Math.Sqrt(area / Math.PI) : null;

    // The median of a ruler's measure as a fraction of each cell's shorter side (null when too few cells gave one), and
    // how many cells gave one.
    private static (double? Median, int Measured) Median(IReadOnlyList<RgbImage> cells, Func<RgbImage, double?> ruler)
    {
        var fractions = new double?[cells.Count];
        Parallel.For(0, cells.Count, i => fractions[i] = ruler(cells[i]) / Math.Min(cells[i].Width, cells[i].Height));
        var measured = fractions.Where(f => f is > 0).Select(f => f!.Value).Order().ToArray();
        return (measured.Length < MinimumMeasured ? null : measured[measured.Length / 2], measured.Length);
    }

    private static double Limited(double zoom) =>
        zoom is > 1 / Tolerance and < Tolerance ? 1 : Math.Clamp(zoom, 1 / MaximumZoom, MaximumZoom);
}
