using TorchSharp;

namespace Hematology.ML.Runtime;

/// <summary>
/// The one entry point that prepares the process for TorchSharp: the libLibTorchSharp.so fix, glibc's
/// allocator thresholds, NNPACK off (no native warnings on stderr), and the device. The CLI and every library class that makes tensors call
/// <see cref="EnsureInitialized"/> first; it is cheap after the first call.
/// </summary>
internal static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <summary>What the allocator tuning did on the first call (null before it).</summary>
    public static GlibcAllocator.Outcome? AllocatorOutcome { get; private set; }

    /// <summary>
    /// Prepares the process once and resolves <paramref name="device"/> (<c>cpu</c>, <c>cuda</c> or
    /// <c>cuda:N</c>, case-insensitive).
    /// </summary>
    /// <exception cref="HematologyException">The device name is unknown, CUDA is not available, or libtorch cannot be loaded.</exception>
    public static torch.Device EnsureInitialized(string device = "cpu")
    {
        lock (Gate)
        {
            if (!_initialized)
            {
                // Both must happen before TorchSharp's static constructor loads libtorch and makes buffers.
                AllocatorOutcome = GlibcAllocator.Tune();
                var unpatched = TorchNativeLibrary.EnsureLoadable();
                LoadTorch(unpatched);
                _initialized = true;
            }
        }
        return ResolveDevice(device);
    }

    /// <summary>Parses a device name and checks that it exists on this machine.</summary>
    public static torch.Device ResolveDevice(string device)
    {
        var (type, index) = ParseDevice(device);
        if (type == DeviceType.CPU) return torch.CPU;
        if (!torch.cuda.is_available())
            throw new HematologyException($"Device '{device}' was asked for, but CUDA is not available here (use 'cpu', or install TorchSharp's CUDA backend).");
        var count = torch.cuda.device_count();
        if (index >= count)
            throw new HematologyException($"Device '{device}' does not exist: this machine has {count} CUDA device(s).");
        return new torch.Device(DeviceType.CUDA, index);
    }

    /// <summary>Splits <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> into type and index (no hardware check).</summary>
    public static (DeviceType Type, int Index) ParseDevice(string device)
    {
        var name = device.Trim().ToLowerInvariant();
        if (name == "cpu") return (DeviceType.CPU, -1);
        if (name == "cuda") return (DeviceType.CUDA, 0);
        if (name.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(name.AsSpan(5), out var index) && index >= 0)
            return (DeviceType.CUDA, index);
        throw new HematologyException($"Unknown device '{device}'; use cpu, cuda or cuda:N.");
    }

    private static void LoadTorch(IReadOnlyList<string> unpatched)
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            TorchNnpack.Disable();
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            var hint = unpatched.Count > 0
                ? $" libLibTorchSharp.so needs GLIBCXX_3.4.32 and could not be patched (not writable): {string.Join(", ", unpatched)}. Rebuild the application, or make the file writable once."
                : " Is the libtorch backend package (libtorch-cpu-linux-x64) referenced by the application?";
            throw new HematologyException("TorchSharp could not load libtorch." + hint, e);
        }
    }
}
