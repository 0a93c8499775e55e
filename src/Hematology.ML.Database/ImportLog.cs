using System.Text.Json;

namespace Hematology.ML.Database;

/// <summary>
/// The import's decisions as JSON lines, appended to one file. Patients and requests appear only as
/// the first 12 hex digits of their keyed hashes; files only by their path inside the smear folder.
/// </summary>
public sealed class ImportLog : IDisposable
{
    private readonly StreamWriter? _writer;
    private readonly Lock _gate = new();

    /// <summary>A log appending to <paramref name="path"/>; null writes nothing.</summary>
    public ImportLog(string? path)
    {
        if (path is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>Writes one decision.</summary>
    public void Write(string decision, int? row, string? requestKey, string? patientKey, string? reason = null, string? file = null, int? images = null)
    {
        if (_writer is null) return;
        var line = JsonSerializer.Serialize(new
        {
            time = DateTime.UtcNow.ToString("O"),
            decision,
            row,
            request = requestKey?[..12],
            patient = patientKey?[..12],
            file,
            images,
            reason,
        }, Options);
        lock (_gate) _writer.WriteLine(line);
    }

    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <inheritdoc/>
    public void Dispose() => _writer?.Dispose();
}
