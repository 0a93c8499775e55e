using System.Text;
using Hematology.ML.Imaging;
using Microsoft.AspNetCore.Http;

namespace Hematology.Web.Uploads;

/// <summary>
/// The cell images of one smear being written into a staging folder: each checked by its content (magic bytes),
/// given a safe unique file name, counted against the limits. On any refusal the caller discards the staging folder
/// (<see cref="Analyses.AnalysisFolders.Discard"/>), so a refused upload leaves nothing behind.
/// </summary>
internal sealed class SmearUpload(string folder, UploadLimits limits)
{
    private const int HeadBytes = 16;
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _files = [];
    private readonly List<SkippedFile> _skipped = [];

    /// <summary>The staging folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The images written.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Files of a zip that were not images (a CellaVision export's metadata), by name only.</summary>
    public IReadOnlyList<SkippedFile> Skipped => _skipped;

    /// <summary>Bytes of images written so far.</summary>
    public long TotalBytes { get; private set; }

    /// <summary>
    /// Writes one image. Returns false, writing nothing, when the content is not an image and
    /// <paramref name="refuseNonImage"/> is false (a zip's side files); refuses it otherwise.
    /// </summary>
    /// <exception cref="UploadRefusedException">Not an image, or over a limit.</exception>
    public async Task<bool> AddAsync(string originalName, Stream content, bool refuseNonImage, CancellationToken cancellationToken) =>
        await AddAsync(originalName, await ReadHeadAsync(content, cancellationToken), content, refuseNonImage, cancellationToken);

    /// <summary>The first bytes of a stream, enough to tell an image or a zip by its content.</summary>
    public static async Task<byte[]> ReadHeadAsync(Stream content, CancellationToken cancellationToken)
    {
        var head = new byte[HeadBytes];
        var read = await content.ReadAtLeastAsync(head, HeadBytes, throwOnEndOfStream: false, cancellationToken);
        return head[..read];
    }

    /// <summary>As <see cref="AddAsync(string, Stream, bool, CancellationToken)"/>, for a stream whose first bytes were already read into <paramref name="head"/>.</summary>
    /// <exception cref="UploadRefusedException">Not an image, or over a limit.</exception>
    public async Task<bool> AddAsync(string originalName, byte[] head, Stream content, bool refuseNonImage, CancellationToken cancellationToken)
    {
        var read = head.Length;
        if (!CellImageDecoder.LooksLikeImage(head))
        {
            if (refuseNonImage)
                throw new UploadRefusedException(StatusCodes.Status415UnsupportedMediaType,
                    $"'{SafeName(originalName)}' is not an image (its content is neither JPEG, PNG, BMP, GIF, WebP nor TIFF).");
            _skipped.Add(new SkippedFile(SafeName(originalName), "not an image (content)"));
            return false;
        }
        if (_files.Count >= limits.MaxFiles)
            throw new UploadRefusedException(StatusCodes.Status413PayloadTooLarge, $"Too many cell images: at most {limits.MaxFiles} per smear.");
        var path = Path.Combine(Folder, UniqueName(originalName));
        _files.Add(path);
        await using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        await output.WriteAsync(head, cancellationToken);
        var size = (long)read;
        Count(read);
        var buffer = new byte[81920];
        int n;
        while ((n = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            size += n;
            if (size > limits.MaxFileBytes)
                throw new UploadRefusedException(StatusCodes.Status413PayloadTooLarge,
                    $"'{SafeName(originalName)}' is larger than the limit of {limits.MaxFileBytes / (1 << 20)} MiB per image.");
            Count(n);
            await output.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
        }
        return true;
    }

    /// <summary>The refusal of a smear over its total.</summary>
    public static UploadRefusedException TooLarge(UploadLimits limits) => new(StatusCodes.Status413PayloadTooLarge,
        $"The smear is larger than the limit of {limits.MaxTotalBytes / (1 << 20)} MiB in all; nothing was kept.");

    private void Count(long bytes)
    {
        TotalBytes += bytes;
        if (TotalBytes > limits.MaxTotalBytes) throw TooLarge(limits);
    }

    /// <summary>
    /// The file name alone, with anything but letters, digits, '.', '-' and '_' replaced: names reach the report,
    /// the page and URLs, and a name from a zip may carry any characters.
    /// </summary>
    public static string SafeName(string originalName)
    {
        var name = Path.GetFileName(originalName.Replace('\\', '/'));
        var safe = new StringBuilder(name.Length);
        foreach (var c in name) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        var text = safe.ToString().TrimStart('.');
        if (text.Length > 100) text = text[..50] + text[^50..];
        return text.Length == 0 ? "cell" : text;
    }

    // Two cells of one smear may share a name (zip folders, repeated uploads): the second becomes name-2.ext.
    private string UniqueName(string originalName)
    {
        var name = SafeName(originalName);
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var i = 2; !_names.Add(name); i++) name = $"{stem}-{i}{extension}";
        return name;
    }
}
