using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hematology.ML.Tests.Samples;

/// <summary>The C# code cells of a Polyglot (.NET Interactive) notebook, as its kernel would run them.</summary>
internal static partial class NotebookCells
{
    /// <summary>
    /// Code cells of the C# kernel in order, without the kernel's directives (<c>#r</c>, <c>#i</c>, <c>#!</c>
    /// magics): those load packages, which the caller provides instead.
    /// </summary>
    public static IReadOnlyList<string> CSharp(string notebookPath)
    {
        using var notebook = JsonDocument.Parse(File.ReadAllText(notebookPath));
        var root = notebook.RootElement;
        var defaultKernel = root.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("polyglot_notebook", out var polyglot)
            ? polyglot.GetProperty("kernelInfo").GetProperty("defaultKernelName").GetString() : "csharp";
        var cells = new List<string>();
        foreach (var cell in root.GetProperty("cells").EnumerateArray())
        {
            if (cell.GetProperty("cell_type").GetString() != "code") continue;
            var kernel = cell.TryGetProperty("metadata", out var m) && m.TryGetProperty("polyglot_notebook", out var p)
                ? p.GetProperty("kernelName").GetString() : defaultKernel;
            if (kernel != "csharp") continue;
            var source = cell.GetProperty("source");
            var text = source.ValueKind == JsonValueKind.Array ? string.Concat(source.EnumerateArray().Select(l => l.GetString())) : source.GetString()!;
            cells.Add(string.Join('\n', text.Split('\n').Where(line => !Directive().IsMatch(line))));
        }
        return cells;
    }

    [GeneratedRegex(@"^\s*#(r|i|!)")]
    private static partial Regex Directive();
}
