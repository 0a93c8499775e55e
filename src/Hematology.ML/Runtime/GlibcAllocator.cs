using System.Runtime.InteropServices;

namespace Hematology.ML.Runtime;

/// <summary>
/// Keeps glibc from handing libtorch's large tensor buffers back to the operating system after every
/// use. With glibc's defaults each training step re-maps and page-faults its buffers (measured ~45 %
/// system time and a 5-10x slow-down on Debian 12); raising the mmap, trim and top-pad thresholds once
/// at start keeps the memory in the process for reuse.
/// </summary>
internal static class GlibcAllocator
{
    /// <summary>The thresholds set, chosen as measured in STACK.md.</summary>
    public static class Defaults
    {
        /// <summary>Blocks below 32 MB come from the heap, not from their own mmap.</summary>
        public const int MmapThreshold = 32 * 1024 * 1024;

        /// <summary>Free memory at the top of the heap is never trimmed.</summary>
        public const int TrimThreshold = int.MaxValue;

        /// <summary>The heap grows by at least 512 MB at a time.</summary>
        public const int TopPad = 512 * 1024 * 1024;
    }

    private const int MTrimThreshold = -1, MTopPad = -2, MMmapThreshold = -3;

    /// <summary>What <see cref="Tune"/> did.</summary>
    public enum Outcome
    {
        /// <summary>The thresholds were raised.</summary>
        Tuned,

        /// <summary>Not Linux, or not glibc.</summary>
        NotGlibc,

        /// <summary>The user chose an allocator or thresholds (LD_PRELOAD or MALLOC_* variables); left alone.</summary>
        UserConfigured,

        /// <summary>Switched off with <c>HEMATOLOGY_ML_GLIBC_TUNING=off</c> (to measure what it is worth).</summary>
        Disabled,
    }

    /// <summary>The variable that switches the tuning off when set to <c>off</c>.</summary>
    public const string SwitchVariable = "HEMATOLOGY_ML_GLIBC_TUNING";

    /// <summary>
    /// Raises glibc's thresholds for this process, unless the user set <c>LD_PRELOAD</c> or any
    /// <c>MALLOC_*</c> variable (their choice wins). Must run before the first tensor exists.
    /// </summary>
    public static Outcome Tune()
    {
        if (!OperatingSystem.IsLinux()) return Outcome.NotGlibc;
        if (string.Equals(Environment.GetEnvironmentVariable(SwitchVariable), "off", StringComparison.OrdinalIgnoreCase)) return Outcome.Disabled;
        if (UserConfigured(Environment.GetEnvironmentVariables().Keys.Cast<string>())) return Outcome.UserConfigured;
        try
        {
            // mallopt returns 1 on success; a failure here (musl has no mallopt) only costs speed.
            var ok = mallopt(MMmapThreshold, Defaults.MmapThreshold) == 1
                & mallopt(MTrimThreshold, Defaults.TrimThreshold) == 1
                & mallopt(MTopPad, Defaults.TopPad) == 1;
            return ok ? Outcome.Tuned : Outcome.NotGlibc;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return Outcome.NotGlibc;
        }
    }

    /// <summary>True when the environment names an allocator or glibc malloc tunables.</summary>
    internal static bool UserConfigured(IEnumerable<string> variableNames) =>
        variableNames.Any(n => n == "LD_PRELOAD" || n.StartsWith("MALLOC_", StringComparison.Ordinal)
            || n == "GLIBC_TUNABLES");

    // DllImport rather than LibraryImport: the arguments are blittable and the latter needs unsafe code.
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
