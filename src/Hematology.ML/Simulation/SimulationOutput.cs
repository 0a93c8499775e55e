using System.Globalization;
using Hematology.ML.Imaging;

namespace Hematology.ML.Simulation;

/// <summary>What a simulation wrote: the images, and the source files skipped with their reason.</summary>
/// <param name="Folder">Output folder.</param>
/// <param name="Written">Number of simulated images written.</param>
/// <param name="Skipped">Unreadable source files, skipped.</param>
internal sealed record SimulationResult(string Folder, int Written, IReadOnlyList<SkippedFile> Skipped);

/// <summary>CSV and README writing shared by the simulated sets.</summary>
internal static class SimulationOutput
{
    public static string Csv(params object[] cells) => string.Join(',', cells.Select(Cell));

    private static string Cell(object value)
    {
        var text = value switch
        {
            double d => d.ToString("0.####", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
        };
        return text.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    public static void WriteReadme(string folder, string what) => File.WriteAllText(Path.Combine(folder, "README.md"),
        $"# SIMULATED data (Hematology.ML)\n\n{what}\n\nEvery image here is a simulation derived from real normal PBC cells " +
        "(Acevedo et al., Data in Brief 30 (2020) 105474, CC BY 4.0). It is not clinical data; figures measured on it " +
        "must be reported as simulated. A lab's own labelled images (dysplastic/ and normal/ folders) are the real path.\n");

    /// <summary>Decodes a source, recording it as skipped when unreadable.</summary>
    public static RgbImage? TryDecode(string path, List<SkippedFile> skipped)
    {
        var image = CellImageDecoder.TryDecode(path, out var reason);
        if (image is null) skipped.Add(new SkippedFile(path, reason ?? "unreadable image"));
        return image;
    }

    /// <summary>A stable per-item seed from a base seed and an index.</summary>
    public static int Derive(int seed, int index, int salt = 0) =>
        (int)(((uint)seed * 2654435761u) ^ ((uint)index * 40503u + 97u) ^ ((uint)salt * 2246822519u)) & int.MaxValue;
}
