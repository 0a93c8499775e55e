using Hematology.ML.Imaging;

namespace Hematology.ML.Simulation;

/// <summary>
/// Nuisance changes applied alike to simulated dysplastic and normal cells, so that no artefact of the
/// simulation gives the class away: stain intensity and hue jitter, a mild Gaussian blur, and JPEG
/// re-compression at a random quality. Seeded: the same seed gives the same image.
/// </summary>
internal sealed class NuisanceAugmentation
{
    /// <summary>Default ranges.</summary>
    public static class Defaults
    {
        /// <summary>Stain intensity factor range half-width (absorbance scaled by 1 ± this).</summary>
        public const double StainIntensity = 0.10;
        /// <summary>Per-channel gain range half-width (hue jitter).</summary>
        public const double HueJitter = 0.03;
        /// <summary>Largest blur sigma in pixels.</summary>
        public const double MaxBlurSigma = 0.8;
        /// <summary>JPEG quality range.</summary>
        public const int MinJpegQuality = 75, MaxJpegQuality = 95;
    }

    /// <summary>Applies seeded nuisance changes; returns the re-compressed, decoded image.</summary>
    public RgbImage Apply(RgbImage image, int seed)
    {
        var random = new Random(seed);
        var intensity = 1 + (2 * random.NextDouble() - 1) * Defaults.StainIntensity;
        var gains = Enumerable.Range(0, 3).Select(_ => 1 + (2 * random.NextDouble() - 1) * Defaults.HueJitter).ToArray();
        var sigma = random.NextDouble() * Defaults.MaxBlurSigma;
        var quality = random.Next(Defaults.MinJpegQuality, Defaults.MaxJpegQuality + 1);
        int w = image.Width, h = image.Height;
        var output = new byte[image.Pixels.Length];
        for (var c = 0; c < 3; c++)
        {
            var plane = MaskOps.GaussianBlur(MaskOps.Channel(image.Pixels, c), w, h, sigma);
            for (var i = 0; i < plane.Length; i++)
                // Stain intensity acts on the light absorbed (255 - value), hue jitter as a channel gain.
                output[i * 3 + c] = MaskOps.ToByte((255 - (255 - plane[i]) * intensity) * gains[c]);
        }
        return CellImageDecoder.Decode(CellImageDecoder.EncodeJpeg(new RgbImage(w, h, output), quality), "nuisance");
    }
}
