using System.Globalization;
using System.Runtime.InteropServices;

namespace Hematology.ML.Performance;

/// <summary>
/// What a measured speed depends on: the processor, its vector extensions and clock, the cores this
/// process may use, memory, OS and .NET. Read from <c>/proc</c> on Linux; elsewhere the fields that
/// need it are null.
/// </summary>
/// <param name="Os">Operating system.</param>
/// <param name="Cpu">Processor model name.</param>
/// <param name="Cores">Logical processors this process may use.</param>
/// <param name="MemoryGib">Installed memory in GiB.</param>
/// <param name="Runtime">.NET runtime.</param>
/// <param name="CpuMhz">Clock the kernel reports (in a virtual machine usually the nominal one, not the boost clock).</param>
/// <param name="VectorExtensions">The SIMD extensions that set the peak (avx, avx2, fma, avx512f) the processor has.</param>
internal sealed record MachineDescription(string Os, string Cpu, int Cores, double? MemoryGib, string Runtime, double? CpuMhz,
    IReadOnlyList<string> VectorExtensions)
{
    private static readonly string[] PeakExtensions = ["avx", "avx2", "fma", "avx512f"];

    /// <summary>
    /// Single-precision FLOPs one core can finish per cycle: two fused multiply-add units of 8 floats (AVX2
    /// + FMA: 32) or 16 floats (AVX-512: 64); without FMA, separate 8-wide multiply and add (AVX: 16) or
    /// 4-wide ones (SSE: 8). Two FMA ports is the common server core; a core with one halves it.
    /// </summary>
    public int FlopPerCyclePerCore => VectorExtensions.Contains("avx512f") ? 64
        : VectorExtensions.Contains("avx2") && VectorExtensions.Contains("fma") ? 32
        : VectorExtensions.Contains("avx") ? 16 : 8;

    /// <summary>cores x GHz x FLOP/cycle: the float32 arithmetic limit of the cores at the reported clock (null without a clock).</summary>
    public double? TheoreticalPeakGflops => CpuMhz is { } mhz ? Cores * mhz / 1000 * FlopPerCyclePerCore : null;

    /// <summary>This machine.</summary>
    public static MachineDescription Current()
    {
        var cpuInfo = ReadLines("/proc/cpuinfo");
        string? Field(string name) => cpuInfo.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains(':'))?.Split(':', 2)[1].Trim();
        var flags = (Field("flags") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var memoryKib = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return new MachineDescription(
            RuntimeInformation.OSDescription,
            Field("model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount,
            double.TryParse(memoryKib, CultureInfo.InvariantCulture, out var kib) ? Math.Round(kib / (1024 * 1024), 1) : null,
            RuntimeInformation.FrameworkDescription,
            double.TryParse(Field("cpu MHz"), CultureInfo.InvariantCulture, out var mhz) ? Math.Round(mhz) : null,
            PeakExtensions.Where(flags.Contains).ToArray());
    }

    private static IReadOnlyList<string> ReadLines(string path)
    {
        try { return File.Exists(path) ? File.ReadAllLines(path) : []; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }
}
