using System.Net;
using System.Text;
using Hematology.ML.Imaging;

namespace Hematology.ML.Detection;

/// <summary>
/// An HTML page of detected fields: each field as a picture with its boxes and labels drawn over it (nucleated cells in
/// blue, cut cells dashed, platelets in red), and the count of its cells. Self-contained: the pictures are embedded.
/// </summary>
internal static class FieldReport
{
    /// <summary>Widest a field is drawn, in pixels (larger fields are shown smaller; the boxes scale with them).</summary>
    public const int DisplayWidth = 800;

    /// <summary>The HTML section of one field; <paramref name="field"/> is its decoded image.</summary>
    public static string FieldHtml(FieldImage image, RgbImage field, string title)
    {
        var scale = Math.Min(1.0, DisplayWidth / (double)field.Width);
        var shown = scale < 1 ? LanczosResampler.Resize(field, (int)Math.Round(field.Width * scale), (int)Math.Round(field.Height * scale)) : field;
        var sb = new StringBuilder();
        sb.Append("<figure class=\"field\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(shown.Width).Append("\" height=\"").Append(shown.Height)
          .Append("\" viewBox=\"0 0 ").Append(field.Width).Append(' ').Append(field.Height).Append("\">")
          .Append("<image width=\"").Append(field.Width).Append("\" height=\"").Append(field.Height).Append("\" href=\"data:image/jpeg;base64,")
          .Append(Convert.ToBase64String(CellImageDecoder.EncodeJpeg(shown, 85))).Append("\"/>");
        var stroke = Math.Max(1.5, 2 / scale);
        foreach (var c in image.Cells)
        {
            var colour = c.Kind == FieldCellKind.Platelet ? "#d62728" : "#1f5fd6";
            sb.Append("<rect x=\"").Append(c.Box.X0).Append("\" y=\"").Append(c.Box.Y0).Append("\" width=\"").Append(c.Box.Width).Append("\" height=\"").Append(c.Box.Height)
              .Append("\" fill=\"none\" stroke=\"").Append(colour).Append("\" stroke-width=\"").Append(stroke.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)).Append('"')
              .Append(c.Cut ? " stroke-dasharray=\"8 5\"" : "").Append("/>");
            if (c.Kind == FieldCellKind.Nucleated)
            {
                var label = (c.CellClass ?? "cell") + (c.Probability > 0 ? $" {c.Probability:P0}" : "") + (c.Cut ? " (cut)" : "");
                sb.Append("<text x=\"").Append(c.Box.X0 + 2).Append("\" y=\"").Append(Math.Max(12 / scale, c.Box.Y0 - 3)).Append("\" font-size=\"")
                  .Append((int)Math.Round(13 / scale)).Append("\" fill=\"").Append(colour).Append("\" stroke=\"white\" stroke-width=\"0.4\">")
                  .Append(WebUtility.HtmlEncode(label)).Append("</text>");
            }
        }
        var nucleated = image.Cells.Count(c => c.Kind == FieldCellKind.Nucleated);
        sb.Append("</svg><figcaption>").Append(WebUtility.HtmlEncode(title)).Append(": ").Append(nucleated).Append(" nucleated cell(s), ")
          .Append(image.Cells.Count(c => c.Kind == FieldCellKind.Nucleated && c.Cut)).Append(" cut by the border (not counted), ")
          .Append(image.Cells.Count(c => c.Kind == FieldCellKind.Platelet)).Append(" platelet(s)</figcaption></figure>");
        return sb.ToString();
    }

    /// <summary>A whole page of fields, with a note on what the boxes mean.</summary>
    public static string Page(string title, IEnumerable<string> fieldSections)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(WebUtility.HtmlEncode(title)).Append("</title>")
          .Append("<style>body{font-family:sans-serif;margin:2em;max-width:900px}figure.field{margin:1.5em 0}figcaption{color:#444}</style></head><body>")
          .Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>")
          .Append("<p>Blue: nucleated cells (white cells, erythroblasts) with the class the cell model gave; dashed: cut by the field's border, ")
          .Append("excluded from the differential; red: platelets. Detection is a classical pipeline (docs/detection.md); review the boxes before counting.</p>");
        foreach (var section in fieldSections) sb.Append(section);
        sb.Append("</body></html>");
        return sb.ToString();
    }
}
