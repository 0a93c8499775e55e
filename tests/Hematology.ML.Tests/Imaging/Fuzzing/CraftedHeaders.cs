using System.Buffers.Binary;

namespace Hematology.ML.Tests.Imaging.Fuzzing;

/// <summary>
/// Small files whose headers declare absurd sizes, for every format the decoder recognises: made by patching the size
/// fields of a real cell's file, so that everything but the size is valid and the codec gets as far as it can.
/// The three PNGs of 46341x46341, 60000x60000 and 65536x32768 are the files that once overflowed the pixel buffer.
/// </summary>
internal static class CraftedHeaders
{
    public static IEnumerable<(string Name, byte[] Bytes)> All(IReadOnlyDictionary<string, byte[]> real)
    {
        foreach (var (w, h) in new (uint, uint)[] { (46341, 46341), (60000, 60000), (65536, 32768), (int.MaxValue, 1), (1, int.MaxValue), (0, 0), (0x80000000, 0x80000000) })
            yield return ($"png-{w}x{h}.png", Png(real["png"], w, h));
        foreach (var (w, h) in new (int, int)[] { (30000, 30000), (30000, -30000), (65535, 65535), (1, int.MinValue), (int.MaxValue, int.MaxValue), (-5, 5) })
            yield return ($"bmp-{w}x{h}.bmp", Bmp(real["bmp"], w, h));
        foreach (var (w, h) in new (ushort, ushort)[] { (65535, 65535), (40000, 40000) })
            yield return ($"gif-{w}x{h}.gif", Gif(real["gif"], w, h, screenToo: true));
        yield return ("gif-frame-only-65535x65535.gif", Gif(real["gif"], 65535, 65535, screenToo: false));
        foreach (var (w, h) in new (ushort, ushort)[] { (65535, 65535), (65500, 40000), (0, 0) })
            yield return ($"jpeg-{w}x{h}.jpg", Jpeg(real["jpg"], w, h));
        yield return ("webp-16383x16383.webp", Webp(real["webp"], 16383, 16383));
        yield return ("tiff-100000x100000.tif", Tiff(real["tif"], 100000, 100000));
    }

    private static byte[] Png(byte[] png, uint width, uint height)
    {
        var bytes = (byte[])png.Clone();
        // Signature (8), IHDR length (4), "IHDR" (4), then width and height big-endian; the CRC covers type and data.
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(29), Crc32(bytes.AsSpan(12, 17)));
        return bytes[..Math.Min(bytes.Length, 1100)];
    }

    private static byte[] Bmp(byte[] bmp, int width, int height)
    {
        var bytes = bmp[..Math.Min(bmp.Length, 1100)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        return bytes;
    }

    private static byte[] Gif(byte[] gif, ushort width, ushort height, bool screenToo)
    {
        var bytes = gif[..Math.Min(gif.Length, 1100)];
        if (screenToo)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), width);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), height);
        }
        var descriptor = 13 + 128 * 3; // header, screen descriptor, global table
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(descriptor + 5), width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(descriptor + 7), height);
        return bytes;
    }

    private static byte[] Jpeg(byte[] jpeg, ushort width, ushort height)
    {
        var bytes = (byte[])jpeg.Clone();
        // The start-of-frame segment (FFC0 baseline or FFC2 progressive): length (2), precision (1), height (2), width (2).
        for (var i = 2; i + 9 < bytes.Length; i++)
            if (bytes[i] == 0xFF && bytes[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(i + 7), width);
                return bytes[..Math.Min(bytes.Length, 4000)];
            }
        throw new InvalidOperationException("no start-of-frame marker");
    }

    private static byte[] Webp(byte[] webp, ushort width, ushort height)
    {
        var bytes = (byte[])webp.Clone();
        // Lossy VP8: the key frame's start code 9D 01 2A is followed by 14-bit width and height (2 scale bits above).
        var at = bytes.AsSpan().IndexOf([(byte)0x9D, (byte)0x01, (byte)0x2A]);
        if (at < 0) throw new InvalidOperationException("not a lossy WebP");
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 3), (ushort)(width & 0x3FFF));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at + 5), (ushort)(height & 0x3FFF));
        return bytes[..Math.Min(bytes.Length, 1100)];
    }

    private static byte[] Tiff(byte[] tiff, int width, int height)
    {
        var bytes = tiff[..Math.Min(tiff.Length, 1100)];
        // The first two IFD entries (after the 8-byte header and the entry count) are ImageWidth and ImageLength.
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10 + 8), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22 + 8), height);
        return bytes;
    }

    // PNG's CRC-32 (ISO 3309, reflected, polynomial EDB88320), bit by bit: a few bytes per file.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
