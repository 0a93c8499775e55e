namespace Hematology.ML.Simulation;

/// <summary>
/// The cell counts of one simulated smear: a realistic leukocyte differential (reference ranges of
/// a healthy adult's peripheral blood, as issue 5 states them) plus occasional other cells.
/// </summary>
internal static class SmearComposition
{
    /// <summary>Ranges of the leukocyte differential, as fractions of the five mature leukocyte classes.</summary>
    public static readonly IReadOnlyDictionary<string, (double Min, double Max)> Differential = new Dictionary<string, (double, double)>
    {
        ["neutrophil"] = (0.54, 0.62),
        ["lymphocyte"] = (0.25, 0.33),
        ["monocyte"] = (0.03, 0.10),
        ["eosinophil"] = (0.01, 0.03),
        ["basophil"] = (0.00, 0.01),
    };

    /// <summary>Occasional cells outside the differential: 0 to this many of each per smear.</summary>
    public static readonly IReadOnlyDictionary<string, int> Occasional = new Dictionary<string, int>
    {
        ["ig"] = 2, ["erythroblast"] = 2, ["platelet"] = 3,
    };

    /// <summary>Smallest and largest number of cells in a smear.</summary>
    public const int MinCells = 100, MaxCells = 200;

    /// <summary>
    /// Draws the count of every class for one smear. Fractions of lymphocytes, monocytes, eosinophils
    /// and basophils are drawn uniformly in their ranges and neutrophils take the rest; draws whose
    /// neutrophil share falls outside 54-62 % are redrawn. Counts are rounded so every class stays
    /// within its range to the nearest cell.
    /// </summary>
    public static IReadOnlyDictionary<string, int> Draw(Random random)
    {
        var total = random.Next(MinCells, MaxCells + 1);
        var counts = Occasional.ToDictionary(o => o.Key, o => random.Next(0, o.Value + 1));
        var leukocytes = total - counts.Values.Sum();
        var (nMin, nMax) = Differential["neutrophil"];
        while (true)
        {
            var fractions = Differential.Keys.Where(k => k != "neutrophil")
                .ToDictionary(k => k, k => Differential[k].Min + random.NextDouble() * (Differential[k].Max - Differential[k].Min));
            var neutrophils = 1 - fractions.Values.Sum();
            if (neutrophils < nMin || neutrophils > nMax) continue;
            var others = 0;
            foreach (var (k, f) in fractions)
            {
                counts[k] = (int)Math.Round(f * leukocytes);
                others += counts[k];
            }
            counts["neutrophil"] = leukocytes - others;
            return counts;
        }
    }
}
