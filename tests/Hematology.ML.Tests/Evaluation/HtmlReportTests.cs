using System.Text.RegularExpressions;
using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

public class HtmlReportTests
{
    [Fact]
    public void Report_file_is_self_contained_with_class_names_metrics_and_png_images()
    {
        var dir = Directory.CreateTempSubdirectory("hemato-report-");
        try
        {
            var result = EvaluationResult.From(Fixtures.Metrics(withScores: true), nSkipped: 3, model: "m", dataset: "d");
            var path = Path.Combine(dir.FullName, "report.html");
            new HtmlReport(result, "Test run")
                .AddImageSection("Training curves", EvaluationPlots.RocCurvesPng(result, 200, 150), "loss & accuracy")
                .AddHtmlSection("Notes", "<p id=\"notes\">trusted fragment</p>")
                .Write(path);

            var html = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Contains("<title>Test run</title>", html);
            foreach (var c in Fixtures.Classes) Assert.Contains($"<td>{c}</td>", html);
            Assert.Contains("71.43%", html);          // accuracy 15/21
            Assert.Contains("Training curves", html);
            Assert.Contains("loss &amp; accuracy", html);
            Assert.Contains("<p id=\"notes\">trusted fragment</p>", html);

            // confusion heatmap + ROC + extra section, all valid PNGs
            var images = Regex.Matches(html, "data:image/png;base64,([A-Za-z0-9+/=]+)");
            Assert.Equal(3, images.Count);
            foreach (Match m in images)
            {
                var bytes = Convert.FromBase64String(m.Groups[1].Value);
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Class_names_and_titles_are_html_encoded()
    {
        var metrics = ClassificationMetrics.FromPredictions(["<script>alert(1)</script>", "ok"], [0, 1, 1], [0, 1, 0]);
        var result = EvaluationResult.From(metrics, model: "\"quoted\" & <b>");
        var html = new HtmlReport(result, "<i>title</i>").Render();
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Contains("&lt;i&gt;title&lt;/i&gt;", html);
        Assert.Contains("&quot;quoted&quot; &amp; &lt;b&gt;", html);
        Assert.DoesNotContain("<b>", html);
    }

    [Fact]
    public void Without_scores_the_report_has_the_heatmap_but_no_roc_section()
    {
        var html = new HtmlReport(EvaluationResult.From(Fixtures.Metrics(withScores: false))).Render();
        Assert.Single(Regex.Matches(html, "data:image/png;base64,"));
        Assert.DoesNotContain("ROC curves", html);
        Assert.Contains("<th>Macro AUC</th><td>n/a</td>", html);
        Assert.Contains("<th>Macro F1</th><td>70.37%</td>", html); // 19/27
    }
}
