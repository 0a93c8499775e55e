namespace Hematology.ML.Database;

/// <summary>
/// Finds a smear's folder (<c>&lt;smears&gt;/&lt;request number&gt;</c>) without letting the sheet reach
/// anywhere else: a request number is a single folder name, and neither it nor a link inside the
/// smear may lead outside the smears folder.
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
}
