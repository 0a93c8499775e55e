namespace Hematology.ML.Database;

/// <summary>
/// The user's data folder for the cell-image database, its managed image store and the lab secret:
/// <c>HEMATOLOGY_ML_DATA</c>, else <c>$XDG_DATA_HOME/hematology-ml</c> (<c>~/.local/share/hematology-ml</c>).
/// </summary>
public static class DataFolder
{
    /// <summary>The folder (not created until something is written).</summary>
    public static string Path =>
        Environment.GetEnvironmentVariable("HEMATOLOGY_ML_DATA") is { Length: > 0 } fromEnv
            ? fromEnv
            : System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "hematology-ml");

    /// <summary>The default managed image store.</summary>
    public static string DefaultStore => System.IO.Path.Combine(Path, "store");
}
