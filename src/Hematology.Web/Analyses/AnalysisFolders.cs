using System.Text.Json;
using Hematology.ML.Imaging;

namespace Hematology.Web.Analyses;

/// <summary>
/// Where an analysis keeps its files under the data folder: <c>analyses/&lt;id&gt;/cells/</c> (the uploaded images,
/// which the pipeline reads), <c>report.html</c>, <c>gradcam/&lt;cell&gt;.png</c> (overlays of flagged neutrophils) and
/// <c>upload-skipped.json</c>. Uploads are staged in <c>analyses/&lt;id&gt;.partial</c> and moved in place only once accepted.
/// </summary>
public sealed class AnalysisFolders(string dataFolder)
{
    /// <summary>The folder of every analysis.</summary>
    public string Root { get; } = Path.Combine(Path.GetFullPath(dataFolder), "analyses");

    /// <summary>True for the ids this app makes (32 hex digits): nothing else ever becomes a path.</summary>
    public static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    /// <summary>A new analysis id.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>The analysis's folder.</summary>
    public string Of(string id) => Path.Combine(Root, Checked(id));

    /// <summary>Its uploaded cell images.</summary>
    public string Cells(string id) => Path.Combine(Of(id), "cells");

    /// <summary>The staging folder of an upload not yet accepted.</summary>
    public string Staging(string id) => Path.Combine(Root, Checked(id) + ".partial", "cells");

    /// <summary>Its HTML report.</summary>
    public string Report(string id) => Path.Combine(Of(id), "report.html");

    /// <summary>The Grad-CAM overlays of its flagged neutrophils.</summary>
    public string GradCam(string id) => Path.Combine(Of(id), "gradcam");

    /// <summary>
    /// A file of <paramref name="folder"/> named by a request, or null when the name is not a plain
    /// file name there: nothing outside the analysis is ever served.
    /// </summary>
    public static string? FileIn(string folder, string name)
    {
        if (name.Length == 0 || name != Path.GetFileName(name) || name.StartsWith('.')) return null;
        var path = Path.Combine(folder, name);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Moves an accepted upload from its staging folder into place.</summary>
    public void Accept(string id, IReadOnlyList<SkippedFile> skipped)
    {
        var staging = Path.GetDirectoryName(Staging(id))!;
        File.WriteAllText(Path.Combine(staging, "upload-skipped.json"), JsonSerializer.Serialize(skipped.Select(s => new[] { s.Path, s.Reason })));
        Directory.Move(staging, Of(id));
    }

    /// <summary>Removes a refused upload's staging folder and everything in it.</summary>
    public void Discard(string id)
    {
        var staging = Path.GetDirectoryName(Staging(id))!;
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
    }

    /// <summary>The files of the upload that were not images (from a zip), as the screen lists skipped files.</summary>
    public IReadOnlyList<SkippedFile> UploadSkipped(string id)
    {
        var path = Path.Combine(Of(id), "upload-skipped.json");
        if (!File.Exists(path)) return [];
        return (JsonSerializer.Deserialize<string[][]>(File.ReadAllText(path)) ?? []).Select(s => new SkippedFile(s[0], s[1])).ToList();
    }

    /// <summary>The cell images of an accepted analysis, in name order.</summary>
    public IReadOnlyList<string> CellFiles(string id) =>
        Directory.Exists(Cells(id)) ? Directory.EnumerateFiles(Cells(id)).Order(StringComparer.Ordinal).ToList() : [];

    /// <summary>Removes staging folders a stopped server left behind (uploads that were never accepted).</summary>
    public void RemoveAbandonedUploads()
    {
        if (!Directory.Exists(Root)) return;
        foreach (var partial in Directory.EnumerateDirectories(Root, "*.partial")) Directory.Delete(partial, recursive: true);
    }

    private static string Checked(string id) => IsId(id) ? id : throw new ArgumentException("not an analysis id", nameof(id));
}
