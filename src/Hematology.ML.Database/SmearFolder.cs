namespace Hematology.ML.Database;

/// <summary>
/// Finds a smear's folder (<c>&lt;smears&gt;/&lt;request number&gt;</c>) without letting the sheet reach
/// anywhere else: a request number is a single folder name, and neither it nor a link inside the
/// smear may lead outside the smears folder. Also lists a smear's cell-type folders.
/// </summary>
internal static class SmearFolder
{
    /// <summary>The smear's folder (links resolved), or a reason why the request number cannot name one.</summary>
    public static (string? Folder, string? Problem) Locate(string smearsRoot, string requestNumber)
    {
        var invalid = Path.GetInvalidFileNameChars();
        if (requestNumber is "." or ".." || requestNumber.IndexOfAny(['/', '\\']) >= 0 || requestNumber.Any(c => invalid.Contains(c) || char.IsControl(c)))
            return (null, "the request number is not a plain folder name (path separators or '..' are refused)");
        var folder = Path.GetFullPath(Path.Combine(smearsRoot, requestNumber));
        if (!IsInside(smearsRoot, folder)) return (null, "the request number leads outside the smears folder");
        if (!Directory.Exists(folder)) return (null, "no smear folder for this request number");
        // Compared with links resolved on both sides, so a smears folder that is itself reached through a link still works.
        var real = RealPath(folder);
        if (!IsInside(RealPath(smearsRoot), real)) return (null, "the smear folder is a link to a place outside the smears folder");
        return (real, null);
    }

    /// <summary>True when <paramref name="path"/> is strictly inside <paramref name="root"/>.</summary>
    public static bool IsInside(string root, string path)
    {
        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)) + Path.DirectorySeparatorChar;
        return Path.GetFullPath(path).StartsWith(fullRoot, StringComparison.Ordinal);
    }

    /// <summary>The path with every link along it resolved.</summary>
    public static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        var resolvedParent = parent is null ? null : RealPath(parent);
        var here = resolvedParent is null ? full : Path.Combine(resolvedParent, Path.GetFileName(full));
        FileSystemInfo info = Directory.Exists(here) ? new DirectoryInfo(here) : new FileInfo(here);
        return info.LinkTarget is null ? here : info.ResolveLinkTarget(true) is { } target ? RealPath(target.FullName) : here;
    }

    /// <summary>
    /// The smear's cell-type folders and the cell type each names (through <paramref name="cellTypeOf"/>,
    /// the synonym table), or the problem that rejects the smear; loose files and hidden folders are notes.
    /// </summary>
    public static (IReadOnlyList<(string Path, string CellType)> Folders, string? Problem, List<string> Notes) CellTypeFolders(string smearFolder, Func<string, string?> cellTypeOf)
    {
        var notes = new List<string>();
        var folders = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(smearFolder).Order(StringComparer.Ordinal))
            notes.Add($"'{Path.GetFileName(file)}' is not inside a cell-type folder: ignored");
        foreach (var dir in Directory.EnumerateDirectories(smearFolder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(dir);
            if (name.StartsWith('.')) { notes.Add($"hidden folder '{name}' ignored"); continue; }
            if (!IsInside(smearFolder, RealPath(dir)))
                return ([], $"cell-type folder '{name}' is a link outside the smear folder", notes);
            var cellType = cellTypeOf(name);
            if (cellType is null)
                return ([], $"unknown cell-type folder '{name}' (add a synonym with 'hemato db synonym add' or rename the folder)", notes);
            folders.Add((dir, cellType));
        }
        if (folders.Count == 0) return ([], "the smear folder holds no cell-type folders", notes);
        return (folders, null, notes);
    }
}
