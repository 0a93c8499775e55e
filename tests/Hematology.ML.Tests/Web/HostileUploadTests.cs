using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hematology.ML.Imaging;
using Hematology.ML.Tests.Imaging.Fuzzing;

namespace Hematology.ML.Tests.Web;

/// <summary>
/// Crafted images sent to the server: each one on its own must end as a refusal (4xx) or as an analysis that reports it
/// skipped, and the server must stay healthy for the next client. One of these headers once killed the process, and the
/// persisted queue killed it again at every restart.
/// </summary>
[Collection(WebAppCollection.Name)]
public class HostileUploadTests(WebAppFixture models)
{
    [Fact]
    public async Task Each_crafted_header_uploaded_alone_is_refused_or_skipped_and_the_server_stays_healthy()
    {
        var formats = PlainEncoders.AllFormats(CellImageDecoder.Decode(TestPaths.SampleOf("neutrophil")));
        await using var web = await TestWebApp.StartAsync(models.Screener);
        foreach (var (name, bytes) in CraftedHeaders.All(formats))
        {
            var response = await web.Client.PostAsync("/api/smears", TestWebApp.Upload((name, bytes)));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var status = await web.WaitAsync(body.GetProperty("id").GetString()!);
                Assert.Equal("failed", status.GetProperty("status").GetString());
                Assert.Contains("no readable", status.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                Assert.InRange((int)response.StatusCode, 400, 499);
                Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()), name);
            }
            var health = await web.Client.GetFromJsonAsync<JsonElement>("/api/health");
            Assert.Equal("ok", health.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_crafted_header_among_real_cells_is_listed_as_skipped_with_its_reason()
    {
        var formats = PlainEncoders.AllFormats(CellImageDecoder.Decode(TestPaths.SampleOf("neutrophil")));
        var crafted = CraftedHeaders.All(formats).First(c => c.Name == "png-46341x46341.png");
        var cells = WebAppFixture.SampleSmear.Take(3).Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)));
        await using var web = await TestWebApp.StartAsync(models.Screener);

        var id = await web.PostAsync(TestWebApp.Upload([.. cells, crafted]));
        var status = await web.WaitAsync(id);

        Assert.Equal("done", status.GetProperty("status").GetString());
        var skipped = status.GetProperty("result").GetProperty("skipped").EnumerateArray().ToArray();
        var entry = Assert.Single(skipped);
        Assert.Equal(crafted.Name, entry.GetProperty("file").GetString());
        Assert.Contains("46341x46341", entry.GetProperty("reason").GetString());
    }
}
