namespace Hematology.Web.Uploads;

/// <summary>An upload the server will not take: the HTTP status to answer and a message that names no patient.</summary>
/// <param name="statusCode">400 (malformed, traversal), 413 (over a limit) or 415 (not an image).</param>
/// <param name="message">What was wrong, for the person uploading.</param>
public sealed class UploadRefusedException(int statusCode, string message) : Exception(message)
{
    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; } = statusCode;
}
