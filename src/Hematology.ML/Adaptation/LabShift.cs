using Hematology.ML.Imaging;
using Hematology.ML.Simulation;

namespace Hematology.ML.Adaptation;

/// <summary>
/// What changes between a lab and the one that made PBC, as seeded transformations of a cell image: magnification,
/// stain, white balance and optics. They make a shifted validation set from PBC's val split (no other lab's images are
/// here), so a change meant to generalise can be measured before anyone else's cells see it.
/// </summary>
/// <remarks>
/// The families and their ranges are fixed and none is used in training: the set stays the same between runs, and a
/// model cannot have learnt the shift it is measured on. They are wider than <see cref="NuisanceAugmentation"/> (the
/// dysplasia simulator's jitter) on purpose: the published cross-lab drops come from shifts this large.
/// </remarks>
internal static class LabShift
{
    /// <summary>
    /// The families, in report order. The first five vary one thing per image; <c>lab-a</c> to <c>lab-d</c> are four
    /// made-up labs, each with one stain, white balance and optics for all its cells (drawn once
    /// from the lab's own seed) and one magnification range, as a real lab has.
    /// </summary>
    public static IReadOnlyList<string> Families { get; } = ["lower-magnification", "higher-magnification", "restain", "white-balance", "optics", "lab-a", "lab-b", "lab-c", "lab-d"];

    /// <summary>The image as the named family shifts it; the same seed gives the same image.</summary>
    /// <exception cref="HematologyException">Unknown family.</exception>
    public static RgbImage Apply(RgbImage image, string family, int seed)
    {
        var random = new Random(seed);
        return family switch
        {
            "lower-magnification" => Magnification.Zoom(image, Uniform(random, 0.55, 0.75)),
            "higher-magnification" => Magnification.Zoom(image, Uniform(random, 1.3, 1.6)),
            "restain" => Restain(image, random),
            "white-balance" => WhiteBalance(image, random),
            "optics" => Optics(image, random),
            // Another analyser and stain; a rapid stain at lower magnification; camera crops, enlarged and blurred.
            "lab-a" => WhiteBalance(Restain(Magnification.Zoom(image, Uniform(random, 0.9, 1.0)), Lab(1)), Lab(1)),
            "lab-b" => Optics(Restain(Magnification.Zoom(image, Uniform(random, 0.6, 0.7)), Lab(2)), Lab(2)),
            "lab-c" => Optics(WhiteBalance(Magnification.Zoom(image, Uniform(random, 1.3, 1.5)), Lab(3)), Lab(3)),
            // Small crops of a rapid stain: the cell fills most of the frame, and no red cell is whole.
            "lab-d" => SmallCrop(Restain(Magnification.Zoom(image, Uniform(random, 1.8, 2.1)), Lab(4))),
            _ => throw new HematologyException($"Unknown shift family '{family}'; known: {string.Join(", ", Families)}."),
        };
    }

    // A lab's fixed draw: the same parameters for every one of its cells.
    private static Random Lab(int lab) => new(1000 + lab);

    private static double Uniform(Random random, double low, double high) => low + random.NextDouble() * (high - low);

    /// <summary>
    /// Another stain or another staining time, in optical density (Beer-Lambert): each channel's absorbance becomes a
    /// mix of the three (a stain whose dyes absorb other wavelengths), scaled by an overall intensity.
    /// </summary>
    private static RgbImage Restain(RgbImage image, Random random)
    {
        var mix = new double[3, 3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                mix[i, j] = (i == j ? 1 : 0) + Uniform(random, -0.3, 0.3);
        var intensity = Uniform(random, 0.65, 1.4);
        var od = new double[3];
        return Map(image, rgb =>
        {
            for (var c = 0; c < 3; c++) od[c] = -Math.Log((rgb[c] + 1) / 256.0);
            for (var c = 0; c < 3; c++)
            {
                var mixed = intensity * (mix[c, 0] * od[0] + mix[c, 1] * od[1] + mix[c, 2] * od[2]);
                rgb[c] = 256 * Math.Exp(-Math.Max(0, mixed)) - 1;
            }
        });
    }

    /// <summary>A camera's white balance (yellow or blue cast), brightness, contrast and gamma.</summary>
    private static RgbImage WhiteBalance(RgbImage image, Random random)
    {
        var warm = random.Next(2) == 0;
        var cast = Uniform(random, 0.06, 0.18);
        double[] gains = warm ? [1 + cast, 1 + cast / 2, 1 - cast] : [1 - cast, 1, 1 + cast];
        var brightness = Uniform(random, -25, 25);
        var contrast = Uniform(random, 0.7, 1.3);
        var gamma = Uniform(random, 0.7, 1.4);
        return Map(image, rgb =>
        {
            for (var c = 0; c < 3; c++)
            {
                var v = Math.Clamp(rgb[c] * gains[c], 0, 255) / 255.0;
                rgb[c] = ((Math.Pow(v, gamma) - 0.5) * contrast + 0.5) * 255 + brightness;
            }
        });
    }

    /// <summary>Defocus, a camera's noise, a smaller sensor upsampled, and strong JPEG compression.</summary>
    private static RgbImage Optics(RgbImage image, Random random)
    {
        int w = image.Width, h = image.Height;
        var sigma = Uniform(random, 0.6, 1.6);
        var noise = Uniform(random, 2, 7);
        var pixels = new byte[w * h * 3];
        for (var c = 0; c < 3; c++)
        {
            var plane = MaskOps.GaussianBlur(MaskOps.Channel(image.Pixels, c), w, h, sigma);
            for (var i = 0; i < plane.Length; i++) pixels[i * 3 + c] = MaskOps.ToByte(plane[i] + noise * Gaussian(random));
        }
        var blurred = new RgbImage(w, h, pixels);
        var sensor = Uniform(random, 0.45, 0.8);
        var small = LanczosResampler.Resize(blurred, Math.Max(8, (int)(w * sensor)), Math.Max(8, (int)(h * sensor)));
        var upsampled = LanczosResampler.Resize(small, w, h);
        return CellImageDecoder.Decode(CellImageDecoder.EncodeJpeg(upsampled, random.Next(30, 61)), "optics shift");
    }

    // A 120-pixel crop, as small-crop sets store them, brought back to the input's size.
    private static RgbImage SmallCrop(RgbImage image) =>
        LanczosResampler.Resize(LanczosResampler.Resize(image, 120, 120 * image.Height / image.Width), image.Width, image.Height);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static RgbImage Map(RgbImage image, Action<double[]> pixel)
    {
        var source = image.Pixels;
        var output = new byte[source.Length];
        var rgb = new double[3];
        for (var i = 0; i < source.Length; i += 3)
        {
            for (var c = 0; c < 3; c++) rgb[c] = source[i + c];
            pixel(rgb);
            for (var c = 0; c < 3; c++) output[i + c] = MaskOps.ToByte(rgb[c]);
        }
        return new RgbImage(image.Width, image.Height, output);
    }
}
