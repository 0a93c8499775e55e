namespace Hematology.ML.Database;

/// <summary>
/// The files one smear's import adds to the managed store, so that a rolled-back smear leaves no
/// file behind, and (when moving) the sources to delete once the database has committed.
/// </summary>
internal sealed class StoreChanges(string storeRoot)
{
    private readonly List<string> _created = [];
    private readonly List<string> _sourcesToRemove = [];

    /// <summary>
    /// Copies <paramref name="source"/> to <c>store/relativeFolder/fileName</c> through a temporary
    /// name, so a crash never leaves a half-written image under the final name. A file already there
    /// (same name = same content hash) is left as it is and not counted as ours.
    /// </summary>
    public void Place(string source, string relativeFolder, string fileName, bool move)
    {
        var folder = Path.Combine(storeRoot, relativeFolder);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, fileName);
        if (!File.Exists(target))
        {
            var temporary = target + $".{Guid.NewGuid():N}.partial";
            File.Copy(source, temporary);
            try
            {
                File.Move(temporary, target, overwrite: false);
                _created.Add(target);
            }
            catch (IOException) when (File.Exists(target))
            {
                File.Delete(temporary);
            }
        }
        if (move) _sourcesToRemove.Add(source);
    }

    /// <summary>After commit: removes moved sources.</summary>
    public void Commit()
    {
        foreach (var source in _sourcesToRemove) File.Delete(source);
    }

    /// <summary>After rollback: removes the files this smear created and the folders left empty.</summary>
    public void Rollback()
    {
        foreach (var file in _created)
        {
            File.Delete(file);
            for (var dir = Path.GetDirectoryName(file); dir is not null && SmearFolder.IsInside(storeRoot, dir) && !Directory.EnumerateFileSystemEntries(dir).Any(); dir = Path.GetDirectoryName(dir))
                Directory.Delete(dir);
        }
        _created.Clear();
        _sourcesToRemove.Clear();
    }
}
