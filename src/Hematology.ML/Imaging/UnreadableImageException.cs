namespace Hematology.ML.Imaging;

/// <summary>A file that cannot be decoded as an image: loaders skip it, count it and warn.</summary>
internal sealed class UnreadableImageException(string path, string reason)
    : HematologyException($"Cannot read image '{path}': {reason}.")
{
    /// <summary>The file that could not be read.</summary>
    public string ImagePath { get; } = path;

    /// <summary>Why it could not be read.</summary>
    public string Reason { get; } = reason;
}
