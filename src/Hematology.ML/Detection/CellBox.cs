namespace Hematology.ML.Detection;

/// <summary>A box in a field image, in pixels: columns <see cref="X0"/> to <see cref="X1"/> and rows <see cref="Y0"/> to
/// <see cref="Y1"/>, the far edges exclusive (a 1-pixel box at (x, y) is (x, y, x + 1, y + 1)).</summary>
public readonly record struct CellBox(int X0, int Y0, int X1, int Y1)
{
    /// <summary>Width in pixels.</summary>
    public int Width => X1 - X0;

    /// <summary>Height in pixels.</summary>
    public int Height => Y1 - Y0;

    /// <summary>Area in pixels (0 for an empty box).</summary>
    public long Area => Width <= 0 || Height <= 0 ? 0 : (long)Width * Height;

    /// <summary>Centre column.</summary>
    public double CentreX => (X0 + X1) / 2.0;

    /// <summary>Centre row.</summary>
    public double CentreY => (Y0 + Y1) / 2.0;

    /// <summary>The overlap of two boxes (empty when they do not meet).</summary>
    public CellBox Intersect(CellBox other) =>
        new(Math.Max(X0, other.X0), Math.Max(Y0, other.Y0), Math.Min(X1, other.X1), Math.Min(Y1, other.Y1));

    /// <summary>The smallest box that holds both.</summary>
    public CellBox Union(CellBox other) =>
        new(Math.Min(X0, other.X0), Math.Min(Y0, other.Y0), Math.Max(X1, other.X1), Math.Max(Y1, other.Y1));

    /// <summary>Intersection over union, the overlap measure of detection benchmarks (0 to 1).</summary>
    public double IoU(CellBox other)
    {
        var inter = Intersect(other).Area;
        var union = Area + other.Area - inter;
        return union == 0 ? 0 : inter / (double)union;
    }

    /// <summary>The box grown by <paramref name="margin"/> pixels on every side and kept inside a width x height image.</summary>
    public CellBox Grow(int margin, int width, int height) =>
        new(Math.Max(0, X0 - margin), Math.Max(0, Y0 - margin), Math.Min(width, X1 + margin), Math.Min(height, Y1 + margin));

    /// <summary>Whether the box reaches the border of a width x height image (within <paramref name="tolerance"/> pixels).</summary>
    public bool TouchesBorder(int width, int height, int tolerance = 1) =>
        X0 <= tolerance || Y0 <= tolerance || X1 >= width - tolerance || Y1 >= height - tolerance;

    /// <summary>The box as [x0, y0, x1, y1], the order of the detection JSON.</summary>
    public int[] ToArray() => [X0, Y0, X1, Y1];
}
