using System.Net;
using System.Text;

namespace Hematology.ML.Evaluation;

/// <summary>Images inside report HTML as base64 data URIs, so a report stays one file that can be mailed or archived.</summary>
internal static class HtmlImage
{
    /// <summary>Appends an <c>img</c> element holding <paramref name="png"/>; the alt text is HTML-encoded.</summary>
    public static StringBuilder AppendPng(this StringBuilder sb, byte[] png, string alt) =>
        sb.Append("<img alt=\"").Append(WebUtility.HtmlEncode(alt)).Append("\" src=\"data:image/png;base64,")
          .Append(Convert.ToBase64String(png)).Append("\">");
}
