namespace Hematology.ML.Detection;

/// <summary>What a detection in a field is: a nucleated cell (white cell or erythroblast) or a platelet.</summary>
public enum FieldCellKind
{
    /// <summary>A white cell or an erythroblast: a nucleus with its cytoplasm.</summary>
    Nucleated,
    /// <summary>A platelet (or a clump of them): small, stained like a nucleus, no cytoplasm of its own.</summary>
    Platelet,
}

/// <summary>One cell found in a field: its box (whole cell, cytoplasm included), its kind, and whether the field's
/// border cuts it (a cut cell is reported but not counted in a differential).</summary>
public sealed record DetectedCell(CellBox Box, FieldCellKind Kind, bool Cut);

/// <summary>The cells of one field image and the red-cell diameter that gave the scale (null when no red cell was
/// measured and the field's size gave it).</summary>
public sealed record FieldDetection(int Width, int Height, double RedCellDiameter, bool RedCellsMeasured, IReadOnlyList<DetectedCell> Cells)
{
    /// <summary>The nucleated cells, cut or not.</summary>
    public IEnumerable<DetectedCell> NucleatedCells => Cells.Where(c => c.Kind == FieldCellKind.Nucleated);
}
