using System.Net;
using System.Text;

namespace Hematology.ML.Explain;

/// <summary>
/// The HTML page that <c>hemato explain</c> writes beside its PNGs: a title, notes, figures linked by relative
/// path (the folder can be moved or zipped whole) and tables of the numbers behind them. All text is encoded.
/// </summary>
internal sealed class ExplanationPage(string title)
{
    private readonly StringBuilder _body = new();

    /// <summary>A heading.</summary>
    public ExplanationPage Heading(string text)
    {
        _body.Append("<h2>").Append(Encode(text)).Append("</h2>\n");
        return this;
    }

    /// <summary>A paragraph of plain text.</summary>
    public ExplanationPage Paragraph(string text)
    {
        _body.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A figure: the PNG at <paramref name="relativePath"/> with its caption.</summary>
    public ExplanationPage Figure(string relativePath, string caption)
    {
        _body.Append("<figure><img src=\"").Append(Encode(relativePath.Replace('\\', '/'))).Append("\" alt=\"").Append(Encode(caption))
            .Append("\"><figcaption>").Append(Encode(caption)).Append("</figcaption></figure>\n");
        return this;
    }

    /// <summary>A table: a header row, then the rows.</summary>
    public ExplanationPage Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        _body.Append("<table><tr>");
        foreach (var h in header) _body.Append("<th>").Append(Encode(h)).Append("</th>");
        _body.Append("</tr>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append("<td>").Append(Encode(cell)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</table>\n");
        return this;
    }

    /// <summary>The whole page.</summary>
    public string Render() =>
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + Encode(title) + "</title><style>" +
        "body{font-family:sans-serif;margin:2em;max-width:1200px}figure{display:inline-block;margin:6px;vertical-align:top;text-align:center;font-size:.85em}" +
        "figure img{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px}</style></head><body><h1>" +
        Encode(title) + "</h1>\n" + _body + "<p><small>Research software, not a medical device.</small></p></body></html>\n";

    /// <summary>Writes the page to <paramref name="path"/>.</summary>
    public void Write(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory) Directory.CreateDirectory(directory);
        File.WriteAllText(path, Render());
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
