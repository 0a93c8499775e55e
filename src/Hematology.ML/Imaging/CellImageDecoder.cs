using System.Buffers;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Hematology.ML.Imaging;

/// <summary>
/// Decodes microscope images with SkiaSharp. Files are recognised by their content, not their name:
/// the PBC download itself holds a macOS metadata file named <c>.DS_169665.jpg</c>.
/// </summary>
public static class CellImageDecoder
{
    /// <summary>True when the first bytes are those of a JPEG, PNG, BMP, GIF, WebP or TIFF file.</summary>
    public static bool LooksLikeImage(ReadOnlySpan<byte> head) => MediaTypeOf(head) is not null;

    /// <summary>
    /// The media type (<c>image/jpeg</c>, <c>image/png</c>, <c>image/bmp</c>, <c>image/gif</c>, <c>image/webp</c>,
    /// <c>image/tiff</c>) that the first bytes of a file show, or null when they are not those of an image.
    /// </summary>
    public static string? MediaTypeOf(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return "image/jpeg";
        if (head.Length >= 8 && head[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (head.Length >= 2 && head[0] == 'B' && head[1] == 'M') return "image/bmp";
        if (head.Length >= 4 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') return "image/gif";
        if (head.Length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
            && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') return "image/webp";
        if (head.Length >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0)
            || (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) return "image/tiff";
        return null;
    }

    /// <summary>True when the file starts like an image (reads at most 16 bytes).</summary>
    public static bool LooksLikeImageFile(string path)
    {
        Span<byte> head = stackalloc byte[16];
        using var stream = File.OpenRead(path);
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return LooksLikeImage(head[..read]);
    }

    /// <summary>Decodes a file into RGB; throws <see cref="UnreadableImageException"/> when it is not a readable image.</summary>
    public static RgbImage Decode(string path) => Decode(ReadFile(path), path);

    /// <summary>
    /// The bytes of an image file, refused before reading when the file is larger than <see cref="ImageBudget.MaxFileBytes"/>:
    /// every image file the product reads comes through here, so no file can make it allocate without bound.
    /// </summary>
    /// <exception cref="UnreadableImageException">The file cannot be read or is too large.</exception>
    public static byte[] ReadFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var length = stream.Length;
            if (length > ImageBudget.MaxFileBytes)
                throw new UnreadableImageException(path, $"the file is {length / (1 << 20)} MiB, above the limit of {ImageBudget.MaxFileBytes / (1 << 20)} MiB per image");
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new UnreadableImageException(path, e.Message); }
    }

    /// <summary>Decodes a file, or gives the reason it cannot be read instead of throwing.</summary>
    public static RgbImage? TryDecode(string path, out string? reason)
    {
        try
        {
            reason = null;
            return Decode(path);
        }
        catch (UnreadableImageException e)
        {
            reason = e.Reason;
            return null;
        }
    }

    /// <summary>
    /// Decodes files in parallel, each passed through <paramref name="prepare"/> when one is given: the images in input
    /// order, null where a file is unreadable; those files are added to <paramref name="skipped"/>, in input order.
    /// </summary>
    public static RgbImage?[] TryDecodeAll(IReadOnlyList<string> paths, List<SkippedFile> skipped, Func<RgbImage, RgbImage>? prepare = null,
        CancellationToken cancellationToken = default)
    {
        var images = new RgbImage?[paths.Count];
        var reasons = new string?[paths.Count];
        Parallel.For(0, paths.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var image = TryDecode(paths[i], out reasons[i]);
            images[i] = image is not null && prepare is not null ? prepare(image) : image;
        });
        for (var i = 0; i < paths.Count; i++)
            if (images[i] is null) skipped.Add(new SkippedFile(paths[i], reasons[i] ?? "unreadable image"));
        return images;
    }

    /// <summary>Decodes encoded image bytes into RGB; throws <see cref="UnreadableImageException"/> when they are not a readable image.</summary>
    public static RgbImage Decode(byte[] encoded, string sourceName = "image")
    {
        try { return DecodeChecked(encoded, sourceName); }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OutOfMemoryException or OverflowException)
        {
            // Whatever else the codec throws on hostile bytes is about this one file: it is skipped like any unreadable one.
            throw new UnreadableImageException(sourceName, $"the image codec failed ({e.GetType().Name})");
        }
    }

    private static RgbImage DecodeChecked(byte[] encoded, string sourceName)
    {
        if (!LooksLikeImage(encoded)) throw new UnreadableImageException(sourceName, "not an image file (unrecognised content)");
        // Through SKCodec, not SKBitmap.Decode: a file cut off inside its pixel data decodes "successfully" there,
        // the missing rows grey, and a half-grey cell would be classified like any other. The codec says
        // IncompleteInput instead. (A truncated header gives no codec, or ArgumentNullException.)
        using var data = SKData.CreateCopy(encoded);
        SKCodec? codec;
        try { codec = SKCodec.Create(data); }
        catch (ArgumentException) { codec = null; }
        using (codec)
        {
            if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
                throw new UnreadableImageException(sourceName, MediaTypeOf(encoded) == "image/tiff"
                    ? "TIFF cannot be decoded here; save the cell as PNG or JPEG"
                    : "the image data is corrupt or truncated");
            // The header's size is untrusted: checked in 64 bits against the budget before a single pixel is allocated.
            // (A PNG header of 46341x46341 once made width x height x 4 overflow int and the codec write past its buffer.)
            ImageBudget.Check(codec.Info.Width, codec.Info.Height, sourceName);
            var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            // Straight into a pinned RGBA buffer and from there to RGB: one decode, one copy. The buffer is pooled: a
            // screen decodes hundreds of cells, and half a megabyte each of short-lived large objects would make the
            // garbage collector run far more often.
            var rgba = ArrayPool<byte>.Shared.Rent(info.BytesSize);
            try
            {
                var pin = GCHandle.Alloc(rgba, GCHandleType.Pinned);
                SKCodecResult result;
                try { result = codec.GetPixels(info, pin.AddrOfPinnedObject()); }
                finally { pin.Free(); }
                if (result != SKCodecResult.Success)
                    throw new UnreadableImageException(sourceName, result == SKCodecResult.IncompleteInput
                        ? "the image data is truncated (the file ends before the last row)"
                        : "the image data is corrupt or truncated");
                return FromRgba(rgba.AsSpan(0, info.BytesSize), info.Width, info.Height);
            }
            finally { ArrayPool<byte>.Shared.Return(rgba); }
        }
    }

    private static RgbImage FromRgba(ReadOnlySpan<byte> rgba, int width, int height)
    {
        var n = width * height;
        var rgb = new byte[n * 3];
        for (int i = 0, o = 0; i < n * 4; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
        }
        return new RgbImage(width, height, rgb);
    }

    /// <summary>Encodes an image as PNG (reports, galleries, tests).</summary>
    public static byte[] EncodePng(RgbImage image) => Encode(image, SKEncodedImageFormat.Png, 100);

    /// <summary>Encodes an image as JPEG at the given quality.</summary>
    public static byte[] EncodeJpeg(RgbImage image, int quality = 90) => Encode(image, SKEncodedImageFormat.Jpeg, quality);

    private static byte[] Encode(RgbImage image, SKEncodedImageFormat format, int quality)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var dst = bitmap.GetPixelSpan();
        var n = image.Width * image.Height;
        for (var i = 0; i < n; i++)
        {
            dst[i * 4] = image.Pixels[i * 3];
            dst[i * 4 + 1] = image.Pixels[i * 3 + 1];
            dst[i * 4 + 2] = image.Pixels[i * 3 + 2];
            dst[i * 4 + 3] = 255;
        }
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }
}
