using System.Diagnostics;
using Hematology.ML.Runtime;

namespace Hematology.ML.Tests.Runtime;

public class ElfVersionNeedsTests
{
    // The pristine file from the NuGet cache, never the (already patched) build output.
    private static string PristineLibrary()
    {
        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(nugetRoot, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    private static string CopyOfPristine()
    {
        var copy = Path.Combine(TestPaths.NewTempFolder(), "libLibTorchSharp.so");
        File.Copy(PristineLibrary(), copy);
        return copy;
    }

    [Fact]
    public void Pristine_library_needs_GLIBCXX_3_4_32_strongly()
    {
        var needs = ElfVersionNeeds.Read(PristineLibrary());
        var need = Assert.Single(needs, n => n.Version == ElfVersionNeeds.UnusedLibStdCxxVersion);
        Assert.Equal("libstdc++.so.6", need.Library);
        Assert.False(need.IsWeak);
        Assert.Contains(needs, n => n.Library == "libc.so.6" && n.Version.StartsWith("GLIBC_2.", StringComparison.Ordinal));
    }

    [Fact]
    public void Marking_weak_sets_only_that_flag_and_changes_two_bytes_at_most()
    {
        var copy = CopyOfPristine();
        var before = File.ReadAllBytes(copy);
        Assert.True(ElfVersionNeeds.MarkWeak(copy, ElfVersionNeeds.UnusedLibStdCxxVersion));

        var after = File.ReadAllBytes(copy);
        Assert.Equal(before.Length, after.Length);
        Assert.InRange(before.Zip(after).Count(p => p.First != p.Second), 1, 2);
        var needs = ElfVersionNeeds.Read(copy);
        Assert.True(needs.Single(n => n.Version == ElfVersionNeeds.UnusedLibStdCxxVersion).IsWeak);
        Assert.All(needs.Where(n => n.Version != ElfVersionNeeds.UnusedLibStdCxxVersion), n => Assert.False(n.IsWeak));
    }

    [Fact]
    public void Marking_weak_twice_leaves_the_file_untouched_the_second_time()
    {
        var copy = CopyOfPristine();
        Assert.True(ElfVersionNeeds.MarkWeak(copy, ElfVersionNeeds.UnusedLibStdCxxVersion));
        var written = File.GetLastWriteTimeUtc(copy);
        var bytes = File.ReadAllBytes(copy);
        Assert.False(ElfVersionNeeds.MarkWeak(copy, ElfVersionNeeds.UnusedLibStdCxxVersion));
        Assert.Equal(written, File.GetLastWriteTimeUtc(copy));
        Assert.Equal(bytes, File.ReadAllBytes(copy));
    }

    [Fact]
    public void Readelf_agrees_that_the_requirement_is_weak()
    {
        var readelf = new[] { "/usr/bin/readelf", "/bin/readelf" }.FirstOrDefault(File.Exists);
        if (readelf is null) return; // binutils absent: the parser test above still holds
        var copy = CopyOfPristine();
        ElfVersionNeeds.MarkWeak(copy, ElfVersionNeeds.UnusedLibStdCxxVersion);
        using var process = Process.Start(new ProcessStartInfo(readelf, ["-V", copy]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Contains("Name: GLIBCXX_3.4.32  Flags: WEAK", output);
    }

    [Fact]
    public void Non_elf_file_is_refused_with_a_clear_message()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "not-a-library.so");
        File.WriteAllText(path, "this is a text file, long enough to hold an ELF header of sixty-four bytes.");
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.MarkWeak(path, ElfVersionNeeds.UnusedLibStdCxxVersion));
        Assert.Contains("not an ELF file", error.Message);
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(TestPaths.SampleOf("basophil")));
    }

    [Fact]
    public void Build_output_copies_are_already_patched()
    {
        var copy = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(copy), copy);
        Assert.True(ElfVersionNeeds.Read(copy).Single(n => n.Version == ElfVersionNeeds.UnusedLibStdCxxVersion).IsWeak);
    }
}
