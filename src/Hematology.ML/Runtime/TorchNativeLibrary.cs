namespace Hematology.ML.Runtime;

/// <summary>
/// The start-up fallback of the build-time fix (build/Hematology.ML.targets): where an application was
/// deployed without it (copied by hand, built by another tool), the GLIBCXX_3.4.32 requirement of
/// libLibTorchSharp.so is marked weak before TorchSharp loads it, if the file is writable.
/// </summary>
internal static class TorchNativeLibrary
{
    /// <summary>Where TorchSharp looks for its native library beside the application.</summary>
    public static IEnumerable<string> CandidatePaths(string applicationDirectory) =>
    [
        Path.Combine(applicationDirectory, "libLibTorchSharp.so"),
        Path.Combine(applicationDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
    ];

    /// <summary>
    /// Marks the unused requirement weak in every copy beside the application. Returns the files that
    /// still need it (unwritable ones); a file that cannot be read as ELF is left for the loader to judge.
    /// </summary>
    public static IReadOnlyList<string> EnsureLoadable(string? applicationDirectory = null)
    {
        var unpatched = new List<string>();
        if (!OperatingSystem.IsLinux()) return unpatched;
        foreach (var path in CandidatePaths(applicationDirectory ?? AppContext.BaseDirectory).Where(File.Exists))
        {
            try
            {
                ElfVersionNeeds.MarkWeak(path, ElfVersionNeeds.UnusedLibStdCxxVersion);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                unpatched.Add(path);
            }
            catch (InvalidDataException)
            {
            }
        }
        return unpatched;
    }
}
