using Hematology.ML.Runtime;
using static TorchSharp.torch;

namespace Hematology.ML.Performance;

/// <summary>
/// The speed this machine really reaches on the densest work there is, a large float32 matrix product
/// in libtorch: the practical ceiling a network's achieved GFLOP/s is compared with. It sits below
/// <see cref="MachineDescription.TheoreticalPeakGflops"/> by what memory traffic, clock and the BLAS
/// kernel cost.
/// </summary>
internal static class MatmulPeak
{
    /// <summary>
    /// GFLOP/s of <paramref name="size"/> x <paramref name="size"/> products (2 n^3 FLOPs each) on
    /// <paramref name="device"/> with libtorch's current thread count: the best of <paramref name="runs"/>
    /// runs of <paramref name="products"/> products, after one untimed run. The best, not the median,
    /// because a peak is what the hardware can do, and other load only ever slows it.
    /// </summary>
    public static double MeasureGflops(int size, Device device, int products = 4, int runs = 3, CancellationToken cancellationToken = default)
    {
        TorchRuntime.EnsureInitialized();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var a = randn(size, size, device: device);
        var b = randn(size, size, device: device);
        void Products()
        {
            for (var i = 0; i < products; i++)
            {
                using var c = a.matmul(b);
                using var corner = c[0, 0];
                corner.item<float>(); // item() waits for an asynchronous device
            }
        }
        var timing = Timing.Measure(Products, runs, 1, cancellationToken);
        return 2.0 * size * size * size * products / timing.Min / 1e9;
    }
}
