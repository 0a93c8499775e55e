using System.Security.Cryptography;
using System.Text;

namespace Hematology.ML.Database;

/// <summary>
/// The lab's secret key for pseudonymising patients and requests (HMAC-SHA256). It is never defaulted
/// silently: it comes from <c>HEMATOLOGY_ML_LAB_SECRET</c> (the value), <c>HEMATOLOGY_ML_LAB_SECRET_FILE</c>
/// (a file holding it), an explicit file, or the per-installation file that <c>hemato db secret init</c>
/// generates on request (<see cref="DefaultFile"/>). Without one of these, importing stops with a clear error.
/// </summary>
public sealed class LabSecret
{
    private const int MinimumBytes = 16;
    private readonly byte[] _key;

    private LabSecret(byte[] key) => _key = key;

    /// <summary>The generated per-installation secret file, in the user's data folder.</summary>
    public static string DefaultFile => Path.Combine(DataFolder.Path, "lab-secret");

    /// <summary>A secret from its text (at least 16 bytes; surrounding white space is ignored).</summary>
    public static LabSecret FromText(string text, string source)
    {
        var key = Encoding.UTF8.GetBytes(text.Trim());
        if (key.Length < MinimumBytes)
            throw new HematologyException($"The lab secret from {source} is too short: use at least {MinimumBytes} characters (hemato db secret init makes one).");
        return new LabSecret(key);
    }

    /// <summary>
    /// Finds the secret: <paramref name="file"/> when given, else the environment variables, else the
    /// generated default file when it exists; otherwise an error saying how to provide one.
    /// </summary>
    public static LabSecret Resolve(string? file = null)
    {
        if (file is not null) return FromFile(file);
        if (Environment.GetEnvironmentVariable("HEMATOLOGY_ML_LAB_SECRET") is { Length: > 0 } value) return FromText(value, "HEMATOLOGY_ML_LAB_SECRET");
        if (Environment.GetEnvironmentVariable("HEMATOLOGY_ML_LAB_SECRET_FILE") is { Length: > 0 } path) return FromFile(path);
        if (File.Exists(DefaultFile)) return FromFile(DefaultFile);
        throw new HematologyException(
            "No lab secret for pseudonymising patients: set HEMATOLOGY_ML_LAB_SECRET_FILE (or HEMATOLOGY_ML_LAB_SECRET), " +
            $"or run 'hemato db secret init' to generate {DefaultFile}. Keep it safe: without it the same patient gets a new pseudonym.");
    }

    /// <summary>Generates a random secret file (owner read/write only); refuses to overwrite one.</summary>
    public static string Generate(string? path = null)
    {
        path ??= DefaultFile;
        if (File.Exists(path)) throw new HematologyException($"A lab secret already exists at {path}; it is kept (replacing it would re-key every patient).");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
            writer.WriteLine(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
        return path;
    }

    /// <summary>The pseudonym of a patient history number: HMAC-SHA256, 64 hex digits.</summary>
    public string PatientPseudonym(string historyNumber) => Hash("patient", historyNumber);

    /// <summary>The key of a request (petition) number, stored instead of the number itself.</summary>
    public string RequestKey(string requestNumber) => Hash("request", requestNumber);

    /// <summary>
    /// A short fingerprint of the secret, stored in the database so that importing with another
    /// secret (which would split every patient in two) is refused.
    /// </summary>
    public string Fingerprint => Hash("fingerprint", "")[..16];

    private static LabSecret FromFile(string path)
    {
        if (!File.Exists(path)) throw new HematologyException($"The lab secret file {path} does not exist.");
        return FromText(File.ReadAllText(path), path);
    }

    // Identifiers are compared case- and space-insensitively: "hc 0012" and "HC0012" are one patient.
    private string Hash(string purpose, string identifier)
    {
        var normalised = string.Concat(identifier.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{purpose}:{normalised}")));
    }
}
