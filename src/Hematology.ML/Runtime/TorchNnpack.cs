using System.Runtime.InteropServices;

namespace Hematology.ML.Runtime;

/// <summary>
/// Turns libtorch's NNPACK convolution path off. On CPUs NNPACK does not support, libtorch tries it anyway on the first
/// convolution and prints "Could not initialize NNPACK! Reason: Unsupported hardware" to stderr, from native code, before
/// the product's own output; which machines do so cannot be known in advance. oneDNN, which libtorch uses for CPU
/// convolutions anyway, is unaffected. TorchSharp has no binding for the switch, so this calls
/// <c>at::globalContext().setUserEnabledNNPACK(false)</c> by its exported C++ name.
/// </summary>
internal static class TorchNnpack
{
    /// <summary>Disables NNPACK; where this libtorch does not export the switch, nothing changes.</summary>
    public static void Disable()
    {
        try { SetUserEnabledNnpack(GlobalContext(), false); }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException) { }
    }

    // Itanium C++ ABI: a member function takes the object as its first argument; bool is one byte.
    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern nint GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(nint context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}
