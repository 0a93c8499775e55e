namespace Hematology.ML.Cells;

/// <summary>
/// The left shift of a differential from a fine model (<see cref="PbcFineClass"/>): band neutrophils and immature
/// granulocytes (metamyelocytes, myelocytes, promyelocytes) as percentages of the white cells counted. Erythroblasts,
/// platelets and rejected cells are not white cells and are left out of the base, as in a manual differential.
/// </summary>
/// <param name="WhiteCells">White cells counted (the base of both percentages).</param>
/// <param name="BandPercent">Band neutrophils, % of white cells.</param>
/// <param name="ImmaturePercent">Immature granulocytes, % of white cells.</param>
internal sealed record LeftShift(int WhiteCells, double BandPercent, double ImmaturePercent)
{
    private static readonly HashSet<string> NotWhiteCells = [PbcCellClass.Erythroblast, PbcCellClass.Platelet, OtherRejection.Label];

    /// <summary>The left shift of a differential by class, or null when the model has no fine classes or no white cell was counted.</summary>
    public static LeftShift? From(IReadOnlyDictionary<string, int> differential)
    {
        if (!differential.ContainsKey(PbcFineClass.BandNeutrophil)) return null;
        var white = differential.Where(d => !NotWhiteCells.Contains(d.Key)).Sum(d => d.Value);
        if (white == 0) return null;
        var immature = PbcFineClass.Immature.Sum(c => differential.GetValueOrDefault(c));
        return new LeftShift(white, 100.0 * differential[PbcFineClass.BandNeutrophil] / white, 100.0 * immature / white);
    }

    /// <summary>One line for a person: the two percentages and their base.</summary>
    public override string ToString() =>
        $"Left shift: band neutrophils {BandPercent:F1} %, immature granulocytes {ImmaturePercent:F1} % of {WhiteCells} white cells";
}
