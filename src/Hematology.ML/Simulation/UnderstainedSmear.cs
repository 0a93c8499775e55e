using Hematology.ML.Imaging;

namespace Hematology.ML.Simulation;

/// <summary>
/// SIMULATION of an understained smear (thesis ch. 5.5: poor staining makes granules fade, so normal
/// neutrophils could pass for hypogranulated): every granulocyte of the smear (neutrophil, eosinophil,
/// basophil, ig) is made paler, the light it absorbs scaled down by a strength in [0, 1].
/// </summary>
internal static class UnderstainedSmear
{
    /// <summary>Cell classes that are granulocytes and so are paled.</summary>
    public static readonly IReadOnlySet<string> Granulocytes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "neutrophil", "eosinophil", "basophil", "ig" };

    /// <summary>Largest fraction of absorbed light removed (at strength 1).</summary>
    public const double MaxPaling = 0.5;

    /// <summary>Pales an image: strength 0 leaves it unchanged, 1 removes half the absorbed light.</summary>
    public static RgbImage Pale(RgbImage image, double strength)
    {
        if (strength is < 0 or > 1 || double.IsNaN(strength))
            throw new ArgumentOutOfRangeException(nameof(strength), "Strength must be in [0, 1].");
        var keep = 1 - MaxPaling * strength;
        return new RgbImage(image.Width, image.Height, image.Pixels.Select(v => MaskOps.ToByte(255 - (255 - v) * keep)).ToArray());
    }

    /// <summary>Pales the image if its class is a granulocyte, otherwise returns it as it is.</summary>
    public static RgbImage Apply(RgbImage image, string cellClass, double strength) =>
        Granulocytes.Contains(cellClass) ? Pale(image, strength) : image;
}
