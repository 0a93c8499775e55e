using System.Text.Json;

namespace Hematology.ML.Evaluation;

/// <summary>
/// Reads and writes <see cref="EvaluationResult"/> and <see cref="CrossValidationSummary"/> as
/// indented JSON (System.Text.Json), so runs can be stored and compared.
/// </summary>
public static class EvaluationJson
{
    /// <summary>Options used for every read and write: indented, property names from the attributes.</summary>
    public static JsonSerializerOptions Options { get; } = new() { WriteIndented = true };

    /// <summary>Serialises a result to indented JSON.</summary>
    public static string Serialize(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, Options);
    }

    /// <summary>Parses a result written by <see cref="Serialize(EvaluationResult)"/>.</summary>
    /// <exception cref="JsonException">Malformed JSON or a <c>null</c> document.</exception>
    public static EvaluationResult DeserializeResult(string json) =>
        JsonSerializer.Deserialize<EvaluationResult>(json, Options) ?? throw new JsonException("The JSON document is null.");

    /// <summary>Writes a result to <paramref name="path"/>, creating the directory if needed.</summary>
    public static void Write(string path, EvaluationResult result) => WriteText(path, Serialize(result));

    /// <summary>Reads a result from <paramref name="path"/>.</summary>
    public static EvaluationResult ReadResult(string path) => DeserializeResult(File.ReadAllText(path));

    /// <summary>Serialises a cross-validation summary to indented JSON.</summary>
    public static string Serialize(CrossValidationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return JsonSerializer.Serialize(summary, Options);
    }

    /// <summary>Parses a summary written by <see cref="Serialize(CrossValidationSummary)"/>.</summary>
    /// <exception cref="JsonException">Malformed JSON or a <c>null</c> document.</exception>
    public static CrossValidationSummary DeserializeSummary(string json) =>
        JsonSerializer.Deserialize<CrossValidationSummary>(json, Options) ?? throw new JsonException("The JSON document is null.");

    /// <summary>Writes a cross-validation summary to <paramref name="path"/>, creating the directory if needed.</summary>
    public static void Write(string path, CrossValidationSummary summary) => WriteText(path, Serialize(summary));

    /// <summary>Reads a cross-validation summary from <paramref name="path"/>.</summary>
    public static CrossValidationSummary ReadSummary(string path) => DeserializeSummary(File.ReadAllText(path));

    private static void WriteText(string path, string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        File.WriteAllText(path, text);
    }
}
