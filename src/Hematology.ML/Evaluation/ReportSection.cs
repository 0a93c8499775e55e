namespace Hematology.ML.Evaluation;

/// <summary>
/// An extra section of an <see cref="HtmlReport"/> (training curves, Grad-CAM maps...): a title and
/// either a trusted HTML fragment or a PNG image.
/// </summary>
internal sealed class ReportSection
{
    private ReportSection(string title, string? html, byte[]? png, string? caption)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
        HtmlFragment = html;
        Png = png;
        Caption = caption;
    }

    /// <summary>Section heading (HTML-encoded when rendered).</summary>
    public string Title { get; }

    /// <summary>
    /// HTML inserted verbatim. It must be produced by the application, never built from untrusted text
    /// without encoding it first.
    /// </summary>
    public string? HtmlFragment { get; }

    /// <summary>PNG image bytes, embedded as a base64 data URI.</summary>
    public byte[]? Png { get; }

    /// <summary>Caption under the image (HTML-encoded when rendered).</summary>
    public string? Caption { get; }

    /// <summary>A section holding an HTML fragment.</summary>
    public static ReportSection FromHtml(string title, string htmlFragment)
    {
        ArgumentNullException.ThrowIfNull(htmlFragment);
        return new ReportSection(title, htmlFragment, null, null);
    }

    /// <summary>A section holding a PNG image with an optional caption.</summary>
    public static ReportSection FromPng(string title, byte[] png, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(png);
        return new ReportSection(title, null, png, caption);
    }
}
