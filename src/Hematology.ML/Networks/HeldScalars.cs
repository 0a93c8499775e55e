using TorchSharp;

namespace Hematology.ML.Networks;

/// <summary>
/// Scalars that live as long as the process. TorchSharp turns a number passed where a <see cref="Scalar"/> is expected into
/// a new Scalar object that nothing references during the native call (and <c>add_(tensor)</c> makes a hidden
/// <c>alpha = 1</c>); a garbage collection in that window let its finalizer free the native value while libtorch read
/// it, and long training runs died with "Unknown scalar type". Modules that run every step use these instead.
/// </summary>
internal static class HeldScalars
{
    /// <summary>1 as an integer Scalar: the step counter's increment and the alpha of a plain addition.</summary>
    public static readonly Scalar One = 1L.ToScalar();
}
