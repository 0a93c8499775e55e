using Hematology.ML.Datasets;

namespace Hematology.ML.Performance;

/// <summary>
/// A smear of a chosen size made from cells at hand: the smear-screening time is quoted for a
/// 200-cell smear (the thesis's differential count), larger than the shipped sample smear.
/// </summary>
internal static class BenchmarkSmear
{
    /// <summary>
    /// Copies the images of <paramref name="sources"/> (folders searched recursively, in order; repeated
    /// from the first when they hold fewer) into <paramref name="folder"/> until it holds
    /// <paramref name="cells"/> cells, named <c>cell_0001.jpg</c> onward; the same sources give the same smear.
    /// Returns the folder.
    /// </summary>
    /// <exception cref="HematologyException">The sources hold no image.</exception>
    public static string Build(IReadOnlyList<string> sources, int cells, string folder)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 1);
        var images = CellImageFolder.FromPaths(sources).Samples.Select(s => s.Path).ToArray();
        if (images.Length == 0) throw new HematologyException($"No cell images in {string.Join(", ", sources)} to build a smear from.");
        Directory.CreateDirectory(folder);
        for (var i = 0; i < cells; i++)
        {
            var source = images[i % images.Length];
            File.Copy(source, Path.Combine(folder, $"cell_{i + 1:0000}{Path.GetExtension(source).ToLowerInvariant()}"), overwrite: true);
        }
        return folder;
    }
}
