using System.IO.Compression;
using System.Text.Json;

namespace Hematology.ML;

/// <summary>
/// The format tag that every Hematology.ML model file declares (<c>"format"</c> in its JSON header: the zip entry
/// <c>model.json</c> or <c>network.json</c>, or the file itself for an ensemble), so a loader is chosen by what the file says
/// it is instead of by trying each kind in turn.
/// </summary>
internal static class ModelFileFormat
{
    // A header is a few kilobytes; anything larger is not one, and is not read into memory to find out.
    private const long MaxHeaderBytes = 1 << 20;

    private static readonly string[] HeaderEntries = ["model.json", "network.json"];

    /// <summary>The declared format, or null when the file is missing, unreadable or not a model file.</summary>
    public static string? Of(string path)
    {
        try
        {
            using var file = File.OpenRead(path);
            if (file.Length >= 4 && file.ReadByte() == 'P' && file.ReadByte() == 'K')
            {
                file.Position = 0;
                using var zip = new ZipArchive(file, ZipArchiveMode.Read);
                var header = HeaderEntries.Select(zip.GetEntry).FirstOrDefault(e => e is not null);
                if (header is null || header.Length > MaxHeaderBytes) return null;
                using var entry = header.Open();
                return FormatIn(entry);
            }
            file.Position = 0;
            return file.Length <= MaxHeaderBytes ? FormatIn(file) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
        {
            return null;
        }
    }

    private static string? FormatIn(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("format", out var format)
            && format.ValueKind == JsonValueKind.String ? format.GetString() : null;
    }
}
