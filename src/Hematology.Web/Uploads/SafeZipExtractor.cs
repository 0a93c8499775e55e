using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace Hematology.Web.Uploads;

/// <summary>
/// Unpacks a smear's zip (a CellaVision export) into a <see cref="SmearUpload"/>, flat, images only. Every entry is
/// checked before anything is written: an entry whose path leaves the zip's folder (absolute, a drive, <c>..</c>)
/// refuses the zip, and so does one whose declared sizes add up past the limits. While unpacking, the bytes that
/// really come out are counted too, since a zip may declare less than it holds.
/// </summary>
internal static class SafeZipExtractor
{
    /// <summary>True when the bytes start like a zip file (local header or empty archive).</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));

    /// <summary>Checks then unpacks the images of <paramref name="zip"/> (a seekable stream) into <paramref name="upload"/>.</summary>
    /// <exception cref="UploadRefusedException">Not a readable zip, an escaping entry, or over a limit.</exception>
    public static async Task ExtractAsync(Stream zip, SmearUpload upload, UploadLimits limits, CancellationToken cancellationToken)
    {
        ZipArchive archive;
        try { archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException) { throw new UploadRefusedException(StatusCodes.Status400BadRequest, "The zip file is corrupt or not a zip."); }
        using (archive)
        {
            Check(archive.Entries, limits);
            foreach (var entry in archive.Entries.Where(e => !IsFolder(e)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await using var content = entry.Open();
                    await upload.AddAsync(entry.FullName, content, refuseNonImage: false, cancellationToken);
                }
                catch (InvalidDataException)
                {
                    throw new UploadRefusedException(StatusCodes.Status400BadRequest, "The zip file is corrupt (an entry cannot be unpacked).");
                }
            }
        }
    }

    /// <summary>The checks made before anything is written.</summary>
    /// <exception cref="UploadRefusedException">An escaping entry, or declared sizes over a limit.</exception>
    public static void Check(IReadOnlyList<ZipArchiveEntry> all, UploadLimits limits)
    {
        if (all.Any(e => Escapes(e.FullName)))
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, "The zip holds an entry whose path leaves its folder; nothing was unpacked.");
        var entries = all.Where(e => !IsFolder(e)).ToArray();
        if (entries.Length > limits.MaxFiles * 2L)
            throw new UploadRefusedException(StatusCodes.Status413PayloadTooLarge, $"The zip holds {entries.Length} files; at most {limits.MaxFiles} cell images per smear.");
        if (entries.Sum(e => e.Length) > limits.MaxTotalBytes)
            throw new UploadRefusedException(StatusCodes.Status413PayloadTooLarge,
                $"The zip expands beyond the limit of {limits.MaxTotalBytes / (1 << 20)} MiB per smear; nothing was unpacked.");
        if (entries.Any(e => e.Length > limits.MaxFileBytes))
            throw new UploadRefusedException(StatusCodes.Status413PayloadTooLarge,
                $"The zip holds a file larger than the limit of {limits.MaxFileBytes / (1 << 20)} MiB per image; nothing was unpacked.");
    }

    /// <summary>True when an entry name is absolute, names a drive, or climbs out with <c>..</c>.</summary>
    public static bool Escapes(string entryName)
    {
        var name = entryName.Replace('\\', '/');
        if (name.StartsWith('/') || name.Contains(':')) return true;
        var root = Path.GetFullPath(Path.Combine(Path.GetTempPath(), "zip-root")) + Path.DirectorySeparatorChar;
        return name.Split('/').Contains("..") || !Path.GetFullPath(Path.Combine(root, name)).StartsWith(root, StringComparison.Ordinal);
    }

    private static bool IsFolder(ZipArchiveEntry entry) => entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\');
}
