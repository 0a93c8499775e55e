using Hematology.ML.Runtime;
using TorchSharp;

namespace Hematology.ML.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void Cpu_device_loads_libtorch_and_computes()
    {
        var device = TorchRuntime.EnsureInitialized("cpu");
        Assert.Equal(DeviceType.CPU, device.type);
        using var sum = torch.arange(1, 5, device: device).sum();
        Assert.Equal(10L, sum.item<long>());
    }

    [Fact]
    public void Allocator_is_tuned_on_linux_unless_the_user_configured_it()
    {
        TorchRuntime.EnsureInitialized();
        var expected = !OperatingSystem.IsLinux() ? GlibcAllocator.Outcome.NotGlibc
            : Environment.GetEnvironmentVariable(GlibcAllocator.SwitchVariable) == "off" ? GlibcAllocator.Outcome.Disabled
            : GlibcAllocator.UserConfigured(Environment.GetEnvironmentVariables().Keys.Cast<string>()) ? GlibcAllocator.Outcome.UserConfigured
            : GlibcAllocator.Outcome.Tuned;
        Assert.Equal(expected, TorchRuntime.AllocatorOutcome);
    }

    [Theory]
    [InlineData("MALLOC_ARENA_MAX", true)]
    [InlineData("LD_PRELOAD", true)]
    [InlineData("PATH", false)]
    public void User_allocator_settings_win(string variable, bool userConfigured) =>
        Assert.Equal(userConfigured, GlibcAllocator.UserConfigured(["HOME", variable]));

    [Theory]
    [InlineData("cpu", DeviceType.CPU, -1)]
    [InlineData("CUDA", DeviceType.CUDA, 0)]
    [InlineData("cuda:3", DeviceType.CUDA, 3)]
    public void Device_names_are_parsed(string name, DeviceType type, int index) =>
        Assert.Equal((type, index), TorchRuntime.ParseDevice(name));

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    public void Unknown_device_names_are_refused(string name) =>
        Assert.Throws<HematologyException>(() => TorchRuntime.ParseDevice(name));

    [Fact]
    public void Cuda_without_a_gpu_is_a_user_error()
    {
        TorchRuntime.EnsureInitialized();
        if (torch.cuda.is_available()) return;
        var error = Assert.Throws<HematologyException>(() => TorchRuntime.ResolveDevice("cuda"));
        Assert.Contains("CUDA is not available", error.Message);
    }

    [Fact]
    public void Start_up_fallback_patches_an_unpatched_copy_beside_the_application()
    {
        var folder = TestPaths.NewTempFolder();
        var nativeFolder = Path.Combine(folder, "runtimes", "linux-x64", "native");
        Directory.CreateDirectory(nativeFolder);
        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.Copy(Path.Combine(nugetRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
            Path.Combine(nativeFolder, "libLibTorchSharp.so"));
        Assert.Empty(TorchNativeLibrary.EnsureLoadable(folder));
        if (OperatingSystem.IsLinux())
            Assert.True(ElfVersionNeeds.Read(Path.Combine(nativeFolder, "libLibTorchSharp.so"))
                .Single(n => n.Version == ElfVersionNeeds.UnusedLibStdCxxVersion).IsWeak);
    }
}
