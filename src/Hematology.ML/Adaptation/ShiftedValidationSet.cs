using Hematology.ML.Datasets;
using Hematology.ML.Imaging;

namespace Hematology.ML.Adaptation;

/// <summary>
/// A fixed validation set of other-lab-like images made from PBC cells (the val split, never test):
/// <c>root/&lt;family&gt;/&lt;class&gt;/&lt;file&gt;.png</c> for each <see cref="LabShift"/> family, and
/// <c>root/in-domain</c> with the same cells unchanged, so that each family's figure has its own baseline.
/// </summary>
internal static class ShiftedValidationSet
{
    /// <summary>The folder of the unchanged cells.</summary>
    public const string InDomain = "in-domain";

    /// <summary>
    /// Writes the set from the first <paramref name="perClass"/> cells of each class (file order); each shifted image is
    /// seeded by its file name and family, so the same cells always give the same set. Returns the images written.
    /// </summary>
    public static int Write(IReadOnlyList<CellSample> samples, string root, int perClass, IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        if (perClass < 1) throw new HematologyException("The shifted set needs at least one cell per class.");
        var chosen = samples.GroupBy(s => s.CellClass).SelectMany(g => g.OrderBy(s => s.FileName, StringComparer.Ordinal).Take(perClass)).ToArray();
        if (chosen.Length == 0) throw new HematologyException("No cells to build the shifted set from.");
        string[] folders = [InDomain, .. LabShift.Families];
        var done = 0;
        Parallel.ForEach(chosen, new ParallelOptions { CancellationToken = cancellationToken }, sample =>
        {
            var cell = CellImageDecoder.Decode(sample.Path);
            foreach (var (family, index) in folders.Select((f, i) => (f, i)))
            {
                var shifted = family == InDomain ? cell : LabShift.Apply(cell, family, StableSeed(sample.FileName) + index);
                var folder = Path.Combine(root, family, sample.CellClass);
                Directory.CreateDirectory(folder);
                File.WriteAllBytes(Path.Combine(folder, Path.ChangeExtension(sample.FileName, ".png")), CellImageDecoder.EncodePng(shifted));
            }
            progress?.Report(Interlocked.Increment(ref done));
        });
        return chosen.Length * folders.Length;
    }

    // FNV-1a of the name: string.GetHashCode differs between processes, and the set must not.
    private static int StableSeed(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF) / 8;
    }
}
