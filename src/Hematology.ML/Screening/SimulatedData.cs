namespace Hematology.ML.Screening;

/// <summary>
/// Whether a data folder is a simulation (<c>hemato simulate</c> writes a <c>simulated</c> column of
/// <c>true</c> into its <c>manifest.csv</c> or <c>smears.csv</c>), so that every model and figure made
/// from it carries <c>simulated: true</c> without the user having to say so.
/// </summary>
internal static class SimulatedData
{
    /// <summary>True when the folder's manifest.csv or smears.csv marks any row simulated.</summary>
    public static bool IsSimulated(string folder)
    {
        foreach (var name in new[] { "manifest.csv", "smears.csv" })
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path)) continue;
            using var reader = new StreamReader(path);
            var header = reader.ReadLine()?.Split(',');
            var column = header is null ? -1 : Array.FindIndex(header, h => h.Trim().Equals("simulated", StringComparison.OrdinalIgnoreCase));
            if (column < 0) continue;
            while (reader.ReadLine() is { } line)
            {
                var cells = line.Split(',');
                if (cells.Length > column && cells[column].Trim().Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        return false;
    }
}
