namespace Hematology.ML.Tests.Samples;

/// <summary>
/// The per-cell lines ClassifyFolder prints (<c>class-folder/file	predicted	probability</c>) for images laid
/// out as <c>&lt;class&gt;/&lt;image&gt;</c>, so the truth is the folder.
/// </summary>
internal sealed record ClassifiedCell(string TrueClass, string File, string PredictedClass, double Probability)
{
    public bool IsRight => TrueClass == PredictedClass;

    public static IReadOnlyList<ClassifiedCell> Parse(string output) =>
        output.Split('\n').Select(l => l.TrimEnd('\r').Split('\t')).Where(f => f.Length == 3)
            .Select(f => new ClassifiedCell(f[0].Split('/')[0], f[0], f[1],
                double.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();

    /// <summary>The counts of the differential table (<c>  class   count   percent %</c>).</summary>
    public static IReadOnlyDictionary<string, int> Differential(string output) =>
        output[output.IndexOf("Differential count", StringComparison.Ordinal)..].Split('\n').Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length == 4 && f[3] == "%")
            .ToDictionary(f => f[0], f => int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture));
}
