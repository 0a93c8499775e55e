using Hematology.ML.Imaging;
using SkiaSharp;

namespace Hematology.ML.Tests.Imaging.Fuzzing;

/// <summary>
/// A real cell in every format the decoder recognises. SkiaSharp encodes PNG, JPEG and WebP; BMP, GIF and TIFF are
/// written here in their plainest valid form (uncompressed), which is also the form whose header fields a mutation
/// reaches most easily.
/// </summary>
internal static class PlainEncoders
{
    public static IReadOnlyDictionary<string, byte[]> AllFormats(RgbImage cell) => new Dictionary<string, byte[]>
    {
        ["png"] = CellImageDecoder.EncodePng(cell),
        ["jpg"] = CellImageDecoder.EncodeJpeg(cell, 90),
        ["webp"] = Webp(cell),
        ["bmp"] = Bmp(cell),
        ["gif"] = Gif(cell),
        ["tif"] = Tiff(cell),
    };

    public static byte[] Webp(RgbImage cell)
    {
        using var image = SKImage.FromEncodedData(CellImageDecoder.EncodePng(cell));
        using var data = image.Encode(SKEncodedImageFormat.Webp, 90);
        return data.ToArray();
    }

    /// <summary>24-bit bottom-up BMP with a BITMAPINFOHEADER.</summary>
    public static byte[] Bmp(RgbImage cell)
    {
        var stride = (cell.Width * 3 + 3) & ~3;
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write((byte)'B'); w.Write((byte)'M');
        w.Write(54 + stride * cell.Height); w.Write(0); w.Write(54);
        w.Write(40); w.Write(cell.Width); w.Write(cell.Height); w.Write((short)1); w.Write((short)24);
        w.Write(0); w.Write(stride * cell.Height); w.Write(2835); w.Write(2835); w.Write(0); w.Write(0);
        var row = new byte[stride];
        for (var y = cell.Height - 1; y >= 0; y--)
        {
            for (var x = 0; x < cell.Width; x++)
            {
                var i = (y * cell.Width + x) * 3;
                row[x * 3] = cell.Pixels[i + 2]; row[x * 3 + 1] = cell.Pixels[i + 1]; row[x * 3 + 2] = cell.Pixels[i];
            }
            w.Write(row);
        }
        return stream.ToArray();
    }

    /// <summary>
    /// GIF with a 125-colour palette (5 levels a channel) and "uncompressed" LZW: 8-bit codes with a clear code every 120
    /// pixels, so the code width never grows and each code is one byte.
    /// </summary>
    public static byte[] Gif(RgbImage cell)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("GIF89a"u8);
        w.Write((ushort)cell.Width); w.Write((ushort)cell.Height);
        w.Write((byte)0xF6); w.Write((byte)0); w.Write((byte)0); // global table of 128 entries
        for (var c = 0; c < 128; c++)
        {
            var (r, g, b) = c < 125 ? (c / 25, c / 5 % 5, c % 5) : (0, 0, 0);
            w.Write((byte)(r * 63)); w.Write((byte)(g * 63)); w.Write((byte)(b * 63));
        }
        w.Write((byte)0x2C); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)cell.Width); w.Write((ushort)cell.Height); w.Write((byte)0);
        w.Write((byte)7); // LZW minimum code size: clear = 128, end = 129
        var codes = new List<byte>();
        for (var p = 0; p < cell.Width * cell.Height; p++)
        {
            if (p % 120 == 0) codes.Add(128);
            int Level(int v) => (cell.Pixels[p * 3 + v] + 32) / 64;
            codes.Add((byte)(Level(0) * 25 + Level(1) * 5 + Level(2)));
        }
        codes.Add(129);
        for (var i = 0; i < codes.Count; i += 255)
        {
            var n = Math.Min(255, codes.Count - i);
            w.Write((byte)n);
            w.Write(codes.GetRange(i, n).ToArray());
        }
        w.Write((byte)0); w.Write((byte)0x3B);
        return stream.ToArray();
    }

    /// <summary>Baseline little-endian RGB TIFF, one uncompressed strip.</summary>
    public static byte[] Tiff(RgbImage cell)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("II"u8); w.Write((short)42); w.Write(8);
        (short Tag, short Type, int Count, int Value)[] entries =
        [
            (256, 4, 1, cell.Width), (257, 4, 1, cell.Height), (258, 3, 3, 122), (259, 3, 1, 1), (262, 3, 1, 2),
            (273, 4, 1, 128), (277, 3, 1, 3), (278, 4, 1, cell.Height), (279, 4, 1, cell.Width * cell.Height * 3),
        ];
        w.Write((short)entries.Length);
        foreach (var (tag, type, count, value) in entries) { w.Write(tag); w.Write(type); w.Write(count); w.Write(value); }
        w.Write(0);
        w.Write((short)8); w.Write((short)8); w.Write((short)8);
        w.Write(cell.Pixels);
        return stream.ToArray();
    }
}
