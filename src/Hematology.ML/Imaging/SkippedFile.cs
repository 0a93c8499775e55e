namespace Hematology.ML.Imaging;

/// <summary>
/// An image file that was not used, and why: the decoder could not read it, or a loader or trainer left it
/// out (not in the split manifest, a class the model does not know). Reported to the user, never silently
/// dropped.
/// </summary>
public sealed record SkippedFile(string Path, string Reason);
