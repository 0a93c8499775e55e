namespace Hematology.ML.Imaging;

/// <summary>
/// An 8-bit RGB image held as interleaved bytes (R, G, B per pixel, row-major). Kept deliberately
/// plain so that preprocessing is ordinary, testable C# and identical on every platform.
/// </summary>
public sealed class RgbImage
{
    /// <summary>Creates an image over existing pixel bytes (length must be width*height*3).</summary>
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "Image size must be positive.");
        if (pixels.Length != width * height * 3)
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Interleaved RGB bytes, row-major.</summary>
    public byte[] Pixels { get; }

    /// <summary>The value of channel <paramref name="c"/> (0=R, 1=G, 2=B) at (x, y).</summary>
    public byte this[int x, int y, int c] => Pixels[(y * Width + x) * 3 + c];

    /// <summary>
    /// Planar float pixels (all R, then all G, then all B) in the 0-255 range: the layout the ONNX
    /// ResNet-18 featuriser and the TorchSharp networks take.
    /// </summary>
    public float[] ToPlanarFloats()
    {
        var plane = Width * Height;
        var result = new float[plane * 3];
        for (var i = 0; i < plane; i++)
        {
            result[i] = Pixels[i * 3];
            result[plane + i] = Pixels[i * 3 + 1];
            result[2 * plane + i] = Pixels[i * 3 + 2];
        }
        return result;
    }
}
