using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Detection;

/// <summary>Fields drawn from discs of known size: plasma, red cells, white cells (nucleus and cytoplasm).</summary>
internal static class DrawnFields
{
    public static readonly byte[] Plasma = [238, 226, 214];
    public static readonly byte[] RedCell = [214, 150, 160];
    public static readonly byte[] Cytoplasm = [200, 180, 210];
    public static readonly byte[] Nucleus = [112, 70, 150];

    public sealed record WhiteCell(double X, double Y, double CellRadius, double NucleusRadius)
    {
        public Hematology.ML.Detection.CellBox Box(int w, int h) => new(
            Math.Max(0, (int)Math.Floor(X - CellRadius)), Math.Max(0, (int)Math.Floor(Y - CellRadius)),
            Math.Min(w, (int)Math.Ceiling(X + CellRadius)), Math.Min(h, (int)Math.Ceiling(Y + CellRadius)));
    }

    /// <summary>A field with red cells of <paramref name="redCellDiameter"/> on a grid (none under the white cells).</summary>
    public static RgbImage Field(int w, int h, int redCellDiameter, IReadOnlyList<WhiteCell> whiteCells, bool redCells = true)
    {
        var pixels = new byte[w * h * 3];
        var r = redCellDiameter / 2.0;
        var spacing = redCellDiameter * 1.35;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var colour = Plasma;
                var white = whiteCells.FirstOrDefault(c => Math.Pow(x - c.X, 2) + Math.Pow(y - c.Y, 2) < c.CellRadius * c.CellRadius);
                if (white is not null)
                    colour = Math.Pow(x - white.X, 2) + Math.Pow(y - white.Y, 2) < white.NucleusRadius * white.NucleusRadius ? Nucleus : Cytoplasm;
                else if (redCells)
                {
                    double gx = Math.Round(x / spacing) * spacing, gy = Math.Round(y / spacing) * spacing;
                    var clear = whiteCells.All(c => Math.Pow(gx - c.X, 2) + Math.Pow(gy - c.Y, 2) > Math.Pow(c.CellRadius + r + 2, 2));
                    if (clear && Math.Pow(x - gx, 2) + Math.Pow(y - gy, 2) < r * r) colour = RedCell;
                }
                colour.CopyTo(pixels, (y * w + x) * 3);
            }
        return new RgbImage(w, h, pixels);
    }
}
