using Hematology.ML.Evaluation;
using Hematology.ML.Imaging;

namespace Hematology.ML.Screening;

/// <summary>Outcome of the stain control of one smear.</summary>
public enum StainStatus
{
    /// <summary>Control granulocytes stained at least as well as the calibrated minimum.</summary>
    Adequate,

    /// <summary>Control granulocytes at or below the minimum: the smear is understained.</summary>
    Insufficient,

    /// <summary>No control granulocyte in the smear, or no calibrated minimum: the stain was not checked.</summary>
    NotChecked,
}

/// <summary>The stain control of one smear: status, index (median over the control cells) and how many cells it rests on.</summary>
public sealed record StainCheck(StainStatus Status, double? StainIndex, int ControlCells);

/// <summary>
/// An internal stain control (thesis ch. 5.5: a poorly stained smear makes granules fade, and normal
/// neutrophils could pass for hypogranulated). The granulocytes that are not neutrophils (eosinophils,
/// basophils, immature granulocytes) go through the same stain, and their granules do not depend on MDS
/// the way neutrophil granulation does, so their staining tells whether the smear can be read. The index
/// of a cell is its mean absorbance, 255 minus the mean of R, G and B, over the cell (nucleus and cytoplasm,
/// <see cref="CellRegions"/>); a smear's index is the median over its control cells. The minimum is calibrated
/// on tuning smears (normal vs understained). A smear without any control cell is <see cref="StainStatus.NotChecked"/>:
/// the decision then rests on the neutrophils alone and the report says so.
/// </summary>
internal static class StainQualityControl
{
    /// <summary>Cell classes (of the eight-class model) used as the control.</summary>
    public static IReadOnlySet<string> ControlClasses { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "eosinophil", "basophil", "ig" };

    /// <summary>Mean absorbance of the cell's pixels (whole image when segmentation finds no cell).</summary>
    public static double CellStainIndex(RgbImage image)
    {
        var regions = CellRegions.Segment(image);
        double sum = 0;
        long count = 0;
        for (var i = 0; i < regions.Labels.Count; i++)
        {
            if (regions.Labels[i] == CellRegion.Background) continue;
            sum += 255 - (image.Pixels[3 * i] + image.Pixels[3 * i + 1] + image.Pixels[3 * i + 2]) / 3.0;
            count++;
        }
        if (count == 0) return 255 - image.Pixels.Average(b => (double)b);
        return sum / count;
    }

    /// <summary>The control of one smear from the stain indices of its control cells.</summary>
    public static StainCheck Check(IReadOnlyList<double> controlIndices, double? minimum)
    {
        if (controlIndices.Count == 0) return new StainCheck(StainStatus.NotChecked, null, 0);
        var median = Median(controlIndices);
        if (minimum is null) return new StainCheck(StainStatus.NotChecked, median, controlIndices.Count);
        return new StainCheck(median <= minimum ? StainStatus.Insufficient : StainStatus.Adequate, median, controlIndices.Count);
    }

    /// <summary>
    /// The minimum stain index from tuning smears: the Youden-optimal separation of well-stained from
    /// understained smears (lower index = understained). Smears without control cells are left out.
    /// </summary>
    /// <exception cref="HematologyException">No understained or no well-stained smear with control cells, or no separation.</exception>
    public static double Calibrate(IReadOnlyList<double?> smearIndices, IReadOnlyList<bool> understained)
    {
        var keep = Enumerable.Range(0, smearIndices.Count).Where(i => smearIndices[i] is not null).ToArray();
        // Negated so that "positive (understained) when value >= threshold" means "index <= minimum".
        RocCutoff cutoff = YoudenSelection.Choose(keep.Select(i => -smearIndices[i]!.Value).ToArray(), keep.Select(i => understained[i]).ToArray(),
            "stain index", "understained smears", "well-stained smears");
        return -cutoff.Threshold;
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
