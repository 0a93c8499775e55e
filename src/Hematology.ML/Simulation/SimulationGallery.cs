using Hematology.ML.Imaging;
using SkiaSharp;

namespace Hematology.ML.Simulation;

/// <summary>A PNG grid: one row per real neutrophil, the original beside simulated hypogranulation severities.</summary>
internal static class SimulationGallery
{
    /// <summary>The severities the documentation shows (thesis criterion: dysplastic from 2/3).</summary>
    public static readonly IReadOnlyList<double> DefaultSeverities = [0.33, 0.67, 1.0];

    /// <summary>Renders the grid; each tile is a centre crop of <paramref name="tile"/> pixels.</summary>
    public static byte[] RenderPng(IReadOnlyList<RgbImage> originals, IReadOnlyList<double> severities, HypogranulationSimulator simulator, int tile = 200)
    {
        if (originals.Count == 0) throw new HematologyException("No readable neutrophils for the gallery.");
        const int header = 34, gap = 4;
        var columns = severities.Count + 1;
        var width = columns * (tile + gap) + gap;
        var height = header + originals.Count * (tile + gap) + gap + 22;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var titles = new[] { "original (real)" }.Concat(severities.Select(s =>
            $"simulated s={s:0.00}{(HypogranulationSimulator.IsDysplastic(s) ? " dysplastic" : "")}")).ToArray();
        for (var c = 0; c < columns; c++) canvas.DrawText(titles[c], gap + c * (tile + gap) + 4, header - 12, font, paint);
        for (var r = 0; r < originals.Count; r++)
        {
            var regions = CellRegions.Segment(originals[r]);
            for (var c = 0; c < columns; c++)
            {
                var image = c == 0 ? originals[r] : simulator.Apply(originals[r], regions, severities[c - 1]);
                using var bitmap = ToBitmap(image);
                var sx = Math.Max(0, (image.Width - tile) / 2);
                var sy = Math.Max(0, (image.Height - tile) / 2);
                var src = new SKRect(sx, sy, sx + Math.Min(tile, image.Width), sy + Math.Min(tile, image.Height));
                var x = gap + c * (tile + gap);
                var y = header + r * (tile + gap);
                canvas.DrawBitmap(bitmap, src, new SKRect(x, y, x + tile, y + tile));
            }
        }
        using var small = new SKFont(SKTypeface.Default, 12);
        canvas.DrawText("SIMULATION of hypogranulation from real normal PBC neutrophils (Hematology.ML); not clinical images.",
            gap + 4, height - 8, small, paint);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
                bitmap.SetPixel(x, y, new SKColor(image[x, y, 0], image[x, y, 1], image[x, y, 2]));
        return bitmap;
    }
}
