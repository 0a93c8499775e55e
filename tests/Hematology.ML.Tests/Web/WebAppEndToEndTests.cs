using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Hematology.ML.Tests.Web;

/// <summary>
/// The page in a real headless Chromium (Debian's, driven by Playwright) against the real server on Kestrel: a lab
/// user drops the shipped sample smear, waits, and reads the differential and the decision.
/// </summary>
[Collection(WebAppCollection.Name)]
public class WebAppEndToEndTests(WebAppFixture models)
{
    internal const string Chromium = "/usr/bin/chromium";

    /// <summary>When set, the screenshot is also saved in this folder (docs/images for the README).</summary>
    private const string ScreenshotsVariable = "HEMATOLOGY_ML_SCREENSHOTS";

    [BrowserFact]
    public async Task A_lab_user_uploads_the_sample_smear_and_reads_the_differential_and_the_decision()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run installs it)");
        await using var web = await TestWebApp.StartKestrelAsync(models.Screener);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(web.Client.BaseAddress!.ToString());
        await Assertions.Expect(page.Locator("#training")).ToContainTextAsync("SIMULATED hypogranulation");

        await page.SetInputFilesAsync("#files", WebAppFixture.SampleSmear);
        await page.FillAsync("#reference", "S-2026-0042");
        await page.ClickAsync("#submit");
        await Assertions.Expect(page.Locator("#decision")).ToContainTextAsync("Decision:", new() { Timeout = 180_000 });

        var id = new Uri(page.Url).Fragment.TrimStart('#');
        var result = (await web.Client.GetFromJsonAsync<JsonElement>($"/api/smears/{id}")).GetProperty("result");
        Assert.Equal($"Decision: {result.GetProperty("decision").GetString()}", await page.InnerTextAsync("#decision"));
        Assert.Contains($"threshold {100 * result.GetProperty("threshold").GetDouble():F1} %", await page.InnerTextAsync("#decision-detail"));
        var differential = result.GetProperty("differential").EnumerateObject().ToList();
        Assert.Equal(9, differential.Count);
        foreach (var (cls, n) in differential.Select(p => (p.Name, p.Value.GetInt32())))
            Assert.Equal(n.ToString(), await page.InnerTextAsync($"#differential tr[data-class='{cls}'] td:nth-child(2)"));
        Assert.Equal(9, await page.Locator("#chart svg rect").CountAsync());
        Assert.Equal(119, await page.Locator("#gallery .cell").CountAsync());
        if (differential.Single(p => p.Name == "other").Value.GetInt32() > 0)
            Assert.Equal("other", await page.Locator("#gallery .group-title").First.GetAttributeAsync("data-class"));
        var flagged = result.GetProperty("neutrophils").EnumerateArray().Count(n => n.GetProperty("dysplastic").GetBoolean());
        Assert.Equal(flagged, await page.Locator("#flagged img[alt^='Grad-CAM of']").CountAsync());
        // Every image on the page loaded (cells and Grad-CAM overlays), none broken.
        await page.Locator("#flagged img").Last.ScrollIntoViewIfNeededAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => [...document.querySelectorAll('#flagged img')].every(i => i.complete && i.naturalWidth > 0)"));
        // The reference is shown back in this tab only; the server listed it by pseudonym or not at all.
        await Assertions.Expect(page.Locator("#analyses")).ToContainTextAsync("S-2026-0042");

        var screenshot = Path.Combine(TestPaths.NewTempFolder(), "webapp.png");
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        if (Environment.GetEnvironmentVariable(ScreenshotsVariable) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, "webapp.png"), Clip = new() { X = 0, Y = 0, Width = 1280, Height = 1750 }, FullPage = true });
            await page.Locator("#gallery").ScreenshotAsync(new() { Path = Path.Combine(folder, "webapp-gallery.jpg"), Type = ScreenshotType.Jpeg, Quality = 80 });
        }
    }
}

/// <summary>
/// A test that needs Debian's Chromium. On a developer's machine without it the test is skipped, saying how to get it,
/// so that the README's test command passes with only the .NET SDK installed; under CI (<c>CI=true</c>, set by
/// <c>.ci/run</c>, which installs it) it always runs, and a missing browser fails it.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !File.Exists(WebAppEndToEndTests.Chromium))
            Skip = $"{WebAppEndToEndTests.Chromium} is missing: apt-get install -y chromium, or run bash .ci/run (it installs it)";
    }
}
