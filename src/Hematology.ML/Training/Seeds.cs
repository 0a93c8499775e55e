namespace Hematology.ML.Training;

/// <summary>
/// Derives seeds for epochs, batches and images from the run's seed. Not <see cref="HashCode"/>: it is
/// randomised per process, which would make "same seed, same run" false.
/// </summary>
internal static class Seeds
{
    /// <summary>A well-mixed, process-independent seed from the parts.</summary>
    public static int Combine(params ReadOnlySpan<int> parts)
    {
        ulong h = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            // splitmix64 finaliser per part: neighbouring inputs give unrelated outputs.
            h ^= (uint)part;
            h += 0x9E3779B97F4A7C15UL;
            h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
            h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
            h ^= h >> 31;
        }
        return (int)(h & 0x7FFFFFFF);
    }
}
