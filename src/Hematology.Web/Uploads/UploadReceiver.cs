using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Hematology.Web.Uploads;

/// <summary>
/// Reads a smear's multipart upload as it streams in: image files and zips (any field name) into a
/// <see cref="SmearUpload"/>, and the optional <c>reference</c> field. Nothing is buffered whole in memory, and the
/// request's size limit is raised only as far as the smear's total limit.
/// </summary>
internal static class UploadReceiver
{
    /// <summary>The form field of the smear reference.</summary>
    public const string ReferenceField = "reference";

    /// <summary>Longest smear reference accepted.</summary>
    public const int MaxReferenceLength = 200;

    /// <summary>Reads the request into <paramref name="upload"/>; returns the smear reference, if one was given.</summary>
    /// <exception cref="UploadRefusedException">Not multipart, a bad reference, or anything <see cref="SmearUpload"/> refuses.</exception>
    public static async Task<string?> ReadAsync(HttpRequest request, SmearUpload upload, UploadLimits limits, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
            throw new UploadRefusedException(StatusCodes.Status415UnsupportedMediaType, "Send the cell images as multipart/form-data (files, or one zip).");
        // Multipart framing adds a little to the images themselves.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = limits.MaxTotalBytes + (1 << 20) + limits.MaxFiles * 1024L;
        var reader = new MultipartReader(boundary, request.Body);
        string? reference = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                if (disposition.IsFileDisposition())
                    await ReadFileAsync(disposition.FileNameStar.Value ?? disposition.FileName.Value ?? "cell", section.Body, upload, limits, cancellationToken);
                else if (string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, ReferenceField, StringComparison.OrdinalIgnoreCase))
                    reference = await ReadReferenceAsync(section.Body, cancellationToken);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new UploadRefusedException(StatusCodes.Status413PayloadTooLarge, $"The upload is larger than the limit of {limits.MaxTotalBytes / (1 << 20)} MiB per smear.");
        }
        catch (InvalidDataException e)
        {
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, $"The multipart upload is malformed: {e.Message}");
        }
        if (upload.Files.Count == 0)
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, "The upload holds no cell image.");
        return string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
    }

    // A zip is copied to the staging folder first (unpacking needs to seek); the zip itself, and then what it unpacks to, are each held to the smear's total.
    private static async Task ReadFileAsync(string name, Stream body, SmearUpload upload, UploadLimits limits, CancellationToken cancellationToken)
    {
        var head = await SmearUpload.ReadHeadAsync(body, cancellationToken);
        if (!SafeZipExtractor.LooksLikeZip(head))
        {
            await upload.AddAsync(name, head, body, refuseNonImage: true, cancellationToken);
            return;
        }
        var zipPath = Path.Combine(upload.Folder, $".upload-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var zip = new FileStream(zipPath, FileMode.CreateNew, FileAccess.Write))
            {
                await zip.WriteAsync(head, cancellationToken);
                var buffer = new byte[81920];
                long size = head.Length;
                int n;
                while ((n = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    size += n;
                    if (size > limits.MaxTotalBytes) throw SmearUpload.TooLarge(limits);
                    await zip.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                }
            }
            await using var stream = new FileStream(zipPath, FileMode.Open, FileAccess.Read);
            await SafeZipExtractor.ExtractAsync(stream, upload, limits, cancellationToken);
        }
        finally
        {
            File.Delete(zipPath);
        }
    }

    private static async Task<string> ReadReferenceAsync(Stream body, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxReferenceLength + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxReferenceLength)
            throw new UploadRefusedException(StatusCodes.Status400BadRequest, $"The smear reference is longer than {MaxReferenceLength} characters.");
        return new string(buffer, 0, read);
    }
}
