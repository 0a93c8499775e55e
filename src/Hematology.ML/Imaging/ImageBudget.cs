namespace Hematology.ML.Imaging;

/// <summary>
/// How large an image the product agrees to decode. A file's header says how many pixels it holds, and a hostile or
/// broken file can say anything: the budget is checked from the header, in 64-bit arithmetic, before any pixel buffer is
/// allocated. The default, 40 megapixels, holds a 4K microscope-camera field (8.3 MP) and a 6000x6000 scan tile with room
/// to spare, while one decode stays below 160 MB. Set <c>HEMATO_MAX_IMAGE_MEGAPIXELS</c> (or <see cref="MaxPixels"/>) to
/// change it; it cannot be raised above <see cref="HardMaxPixels"/>, where 4 bytes a pixel would no longer fit an array.
/// </summary>
internal static class ImageBudget
{
    /// <summary>The default budget in pixels.</summary>
    public const long DefaultMaxPixels = 40_000_000;

    /// <summary>The largest budget that may be set.</summary>
    public const long HardMaxPixels = 250_000_000;

    /// <summary>The environment variable that sets the budget, in megapixels.</summary>
    public const string EnvironmentVariable = "HEMATO_MAX_IMAGE_MEGAPIXELS";

    /// <summary>Largest image file read, in bytes (256 MiB): compressed data far beyond the pixel budget is not a cell.</summary>
    public const long MaxFileBytes = 256L << 20;

    private static long _maxPixels = FromEnvironment(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The budget in pixels (width x height) of one decoded image.</summary>
    public static long MaxPixels
    {
        get => Volatile.Read(ref _maxPixels);
        set => Volatile.Write(ref _maxPixels, value is > 0 and <= HardMaxPixels
            ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"the pixel budget must be between 1 and {HardMaxPixels}"));
    }

    /// <summary>The budget an environment value in megapixels gives: the default when it is missing or not a usable number.</summary>
    internal static long FromEnvironment(string? megapixels) =>
        double.TryParse(megapixels, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var mp)
        && mp > 0 && mp * 1e6 <= HardMaxPixels ? (long)(mp * 1e6) : DefaultMaxPixels;

    /// <summary>Throws <see cref="UnreadableImageException"/> when an image of this size is over the budget.</summary>
    public static void Check(long width, long height, string sourceName)
    {
        if (width <= 0 || height <= 0)
            throw new UnreadableImageException(sourceName, $"the header gives an impossible size ({width}x{height})");
        var pixels = width * height; // both below 2^32 from any header, so the product cannot overflow 64 bits
        if (pixels > MaxPixels)
            throw new UnreadableImageException(sourceName,
                $"the header says {width}x{height} pixels ({pixels / 1e6:F0} MP), above the budget of {MaxPixels / 1e6:0.#} MP per image (set {EnvironmentVariable} to change it)");
    }
}
