namespace Hematology.Web.Uploads;

/// <summary>What one smear's upload may hold.</summary>
/// <param name="MaxFiles">Most cell images.</param>
/// <param name="MaxFileBytes">Largest single image.</param>
/// <param name="MaxTotalBytes">Most bytes of images in all, uploaded or unpacked; a zip as uploaded is held to it too.</param>
public sealed record UploadLimits(int MaxFiles, long MaxFileBytes, long MaxTotalBytes)
{
    /// <summary>The limits of the options.</summary>
    public static UploadLimits From(HematologyWebOptions options) => new(options.MaxFiles, options.MaxFileBytes, options.MaxTotalBytes);
}
