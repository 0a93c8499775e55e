using Hematology.ML.Cells;
using Hematology.ML.Imaging;

namespace Hematology.ML.Datasets;

/// <summary>
/// Images in the PBC layout <c>&lt;root&gt;/&lt;class&gt;/&lt;image&gt;</c>, at any resolution, optionally
/// restricted to one subset of a split manifest. Files that are not images are skipped and reported.
/// </summary>
public sealed class CellImageFolder
{
    private CellImageFolder(string root, IReadOnlyList<CellSample> samples, IReadOnlyList<SkippedFile> skipped, int notInSubset)
    {
        Root = root;
        Samples = samples;
        Skipped = skipped;
        NotInSubset = notInSubset;
    }

    /// <summary>The folder that was loaded.</summary>
    public string Root { get; }

    /// <summary>The usable images, sorted by class then file name (so runs are reproducible).</summary>
    public IReadOnlyList<CellSample> Samples { get; }

    /// <summary>Files that were skipped, with the reason.</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; }

    /// <summary>Readable images left out because they belong to another subset of the split.</summary>
    public int NotInSubset { get; }

    /// <summary>Class names present, in the order of <see cref="PbcCellClass.All"/> first, then others.</summary>
    public IReadOnlyList<string> Classes =>
        Samples.Select(s => s.CellClass).Distinct().OrderBy(c => PbcCellClass.IndexOf(c) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(c => c, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Loads a folder. With a <paramref name="manifest"/>, only listed files are used and
    /// <paramref name="subset"/> (train/val/test) restricts them further.
    /// </summary>
    public static CellImageFolder Load(string root, PbcSplitManifest? manifest = null, string? subset = null)
    {
        if (!Directory.Exists(root)) throw new HematologyException($"Image folder '{root}' does not exist.");
        if (subset is not null && manifest is null) throw new HematologyException("A subset needs a split manifest (--split).");
        var samples = new List<CellSample>();
        var skipped = new List<SkippedFile>();
        var notInSubset = 0;
        foreach (var classDir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var cellClass = Path.GetFileName(classDir);
            if (cellClass.StartsWith('.')) continue;
            foreach (var file in Directory.EnumerateFiles(classDir).Order(StringComparer.Ordinal))
            {
                var reason = RejectionReason(file);
                if (reason is not null) { skipped.Add(new SkippedFile(file, reason)); continue; }
                var name = Path.GetFileName(file);
                string? split = null;
                if (manifest is not null)
                {
                    var entry = manifest.Find(name);
                    if (entry is null) { skipped.Add(new SkippedFile(file, "not listed in the split manifest")); continue; }
                    split = entry.Split;
                    if (subset is not null && !string.Equals(split, subset, StringComparison.OrdinalIgnoreCase)) { notInSubset++; continue; }
                }
                samples.Add(new CellSample(file, PbcCellClass.FromFolderName(cellClass),
                    CellSubtype.CodeFromFileName(name) ?? CellSubtype.CodeFromFolderName(cellClass), split));
            }
        }
        if (samples.Count == 0 && skipped.Count == 0 && notInSubset == 0)
            throw new HematologyException($"Image folder '{root}' holds no images in <class>/<image> sub-folders.");
        return new CellImageFolder(root, samples, skipped, notInSubset);
    }

    /// <summary>
    /// Loose images or folders given on a command line: each file is taken as it is, each folder
    /// searched recursively. Labels are unknown (the class is the parent folder's name).
    /// </summary>
    public static CellImageFolder FromPaths(IEnumerable<string> paths)
    {
        var samples = new List<CellSample>();
        var skipped = new List<SkippedFile>();
        foreach (var path in paths)
        {
            IEnumerable<string> files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                : File.Exists(path) ? [path] : throw new HematologyException($"'{path}' is neither a file nor a folder.");
            foreach (var file in files)
            {
                var reason = RejectionReason(file);
                if (reason is not null) { skipped.Add(new SkippedFile(file, reason)); continue; }
                var parent = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(file))) ?? "";
                samples.Add(new CellSample(file, parent.ToLowerInvariant(), CellSubtype.CodeFromFileName(file), null));
            }
        }
        return new CellImageFolder(string.Join(", ", paths), samples, skipped, 0);
    }

    private static string? RejectionReason(string file)
    {
        var name = Path.GetFileName(file);
        try
        {
            if (new FileInfo(file).Length == 0) return "empty file";
            if (!CellImageDecoder.LooksLikeImageFile(file))
                return name.StartsWith("._", StringComparison.Ordinal) || name.StartsWith(".DS_", StringComparison.Ordinal)
                    ? "macOS metadata file, not an image" : "not an image file (unrecognised content)";
        }
        catch (IOException e) { return $"cannot be read ({e.Message})"; }
        catch (UnauthorizedAccessException) { return "cannot be read (permission denied)"; }
        return null;
    }
}
