using Hematology.ML.Imaging;

namespace Hematology.ML.Detection;

/// <summary>
/// A detected cell cut out of its field as the training lab frames a cell: centred, in a square that holds as many red
/// cells across as a PBC crop does (5.1, PBC's red cell being 25 px of its 128 px working set), so that the classifier
/// meets the cell at the size it learned whatever the camera's magnification. Beyond the field's border the square is
/// plasma (the field's white), never mirrored: a mirrored cut cell would look like two.
/// </summary>
internal static class CellCrop
{
    /// <summary>Red-cell diameters across a PBC crop.</summary>
    public const double RedCellsAcross = 128 / 25.0;

    /// <summary>The cell of <paramref name="box"/> at the training lab's framing, resampled to <paramref name="size"/> pixels square.</summary>
    public static RgbImage Crop(RgbImage field, CellBox box, double redCellDiameter, int size) => Crops(field, [box], redCellDiameter, size)[0];

    /// <summary>The cells of one field at the training lab's framing (the field's white measured once for all of them).</summary>
    public static RgbImage[] Crops(RgbImage field, IReadOnlyList<CellBox> boxes, double redCellDiameter, int size)
    {
        var white = FieldStain.White(field.Pixels, field.Width * field.Height);
        return boxes.Select(box => Crop(field, box, redCellDiameter, size, white)).ToArray();
    }

    private static RgbImage Crop(RgbImage field, CellBox box, double redCellDiameter, int size, double[] white)
    {
        var side = Math.Max(8, (int)Math.Round(RedCellsAcross * redCellDiameter));
        int left = (int)Math.Round(box.CentreX - side / 2.0), top = (int)Math.Round(box.CentreY - side / 2.0);
        var pixels = new byte[side * side * 3];
        var plasma = white.Select(MaskOps.ToByte).ToArray();
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                int fx = left + x, fy = top + y, d = (y * side + x) * 3;
                var inside = fx >= 0 && fy >= 0 && fx < field.Width && fy < field.Height;
                for (var c = 0; c < 3; c++) pixels[d + c] = inside ? field.Pixels[(fy * field.Width + fx) * 3 + c] : plasma[c];
            }
        var square = new RgbImage(side, side, pixels);
        return side == size ? square : LanczosResampler.Resize(square, size, size);
    }
}
