using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hematology.ML.Database;
using Hematology.ML.Screening;
using Microsoft.Extensions.DependencyInjection;

namespace Hematology.ML.Tests.Web;

[Collection(WebAppCollection.Name)]
public class SmearApiTests(WebAppFixture models)
{
    [Fact]
    public async Task Uploaded_smear_gives_the_json_of_hemato_screen_and_survives_a_restart()
    {
        var cells = WebAppFixture.SampleSmear.Take(40).ToList();
        var options = TestWebApp.NewOptions();
        string id;
        JsonElement status;
        await using (var web = await TestWebApp.StartAsync(models.Screener, options))
        {
            id = await web.PostAsync(TestWebApp.Upload(cells));
            status = await web.WaitAsync(id);
            Assert.Equal("done", status.GetProperty("status").GetString());
            Assert.Equal(40, status.GetProperty("cells_done").GetInt32());

            // The same smear through the library, as 'hemato screen' runs it: the same JSON, key for key.
            var direct = ScreeningReport.ToJson(models.Screener.Screen(cells, [], null, CancellationToken.None));
            var served = JsonNode.Parse(status.GetProperty("result").GetRawText())!;
            Assert.Equal(direct.ToJsonString(), served.ToJsonString());
            Assert.Equal(direct["decision"]!.GetValue<string>(), status.GetProperty("decision").GetString());
            Assert.Equal(40, served["cells"]!.AsArray().Count);

            var report = await web.Client.GetStringAsync($"/api/smears/{id}/report");
            Assert.Contains("SIMULATED TRAINING", report);
            var json = await web.Client.GetAsync($"/api/smears/{id}/report.json");
            Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
            Assert.Equal(direct.ToJsonString(), JsonNode.Parse(await json.Content.ReadAsStringAsync())!.ToJsonString());
            var image = await web.Client.GetAsync($"/api/smears/{id}/cells/{Path.GetFileName(cells[0])}");
            Assert.Equal("image/jpeg", image.Content.Headers.ContentType!.MediaType);
            Assert.Equal(File.ReadAllBytes(cells[0]), await image.Content.ReadAsByteArrayAsync());
            foreach (var flagged in served["neutrophils"]!.AsArray().Where(n => n!["dysplastic"]!.GetValue<bool>()))
                Assert.Equal(HttpStatusCode.OK, (await web.Client.GetAsync($"/api/smears/{id}/gradcam/{flagged!["file"]}")).StatusCode);
        }

        // A new server over the same data folder and database: the finished analysis is listed and whole.
        await using (var restarted = await TestWebApp.StartAsync(models.Screener, options))
        {
            var list = await restarted.Client.GetFromJsonAsync<JsonElement>("/api/smears");
            Assert.Equal(id, list[0].GetProperty("id").GetString());
            Assert.Equal("done", list[0].GetProperty("status").GetString());
            var again = await restarted.Client.GetFromJsonAsync<JsonElement>($"/api/smears/{id}");
            Assert.Equal(status.GetProperty("result").GetRawText(), again.GetProperty("result").GetRawText());
            Assert.Equal(HttpStatusCode.OK, (await restarted.Client.GetAsync($"/api/smears/{id}/report")).StatusCode);
        }
    }

    [Fact]
    public async Task A_smear_a_stopped_server_left_queued_is_screened_at_the_next_start()
    {
        var (options, id) = LeftBehind(SmearAnalysisStatus.Queued);
        var abandoned = Directory.CreateDirectory(new Hematology.Web.Analyses.AnalysisFolders(options.DataFolder)
            .Staging(Hematology.Web.Analyses.AnalysisFolders.NewId())).FullName;

        await using var web = await TestWebApp.StartAsync(models.Screener, options);
        var done = await web.WaitAsync(id);
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(4, done.GetProperty("result").GetProperty("n_cells").GetInt32());
        Assert.False(Directory.Exists(abandoned));
    }

    [Fact]
    public async Task A_smear_that_was_running_when_the_server_died_fails_instead_of_killing_the_restarted_server()
    {
        // What a native crash in the middle of a screen leaves behind: the analysis still 'running'.
        var (options, id) = LeftBehind(SmearAnalysisStatus.Running);

        await using var web = await TestWebApp.StartAsync(models.Screener, options);
        var status = await web.WaitAsync(id);
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("not run again", status.GetProperty("error").GetString());
        Assert.Equal(0, web.App.Services.GetRequiredService<Hematology.Web.Analyses.ScreeningQueue>().Queued);
    }

    private static (Hematology.Web.HematologyWebOptions Options, string Id) LeftBehind(string status)
    {
        var options = TestWebApp.NewOptions();
        var folders = new Hematology.Web.Analyses.AnalysisFolders(options.DataFolder);
        var id = Hematology.Web.Analyses.AnalysisFolders.NewId();
        Directory.CreateDirectory(folders.Cells(id));
        foreach (var file in WebAppFixture.SampleSmear.Take(4)) File.Copy(file, Path.Combine(folders.Cells(id), Path.GetFileName(file)));
        var store = new SmearAnalysisStore(options.DatabaseLocation);
        store.Add(id, 4, null);
        store.SetStatus(id, status);
        return (options, id);
    }

    [Fact]
    public async Task A_zip_export_is_unpacked_flat_with_its_side_files_listed_as_skipped()
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in WebAppFixture.SampleSmear.Take(12))
                archive.CreateEntryFromFile(file, $"export/smear 7/{Path.GetFileName(file)}");
            archive.CreateEntryFromFile(WebAppFixture.SampleSmear[0], "export/other folder/cell_001.jpg"); // same name, another folder
            using var writer = new StreamWriter(archive.CreateEntry("export/Report.xml").Open());
            writer.Write("<report/>");
        }
        await using var web = await TestWebApp.StartAsync(models.Screener);
        var response = await web.Client.PostAsync("/api/smears", TestWebApp.Upload(("smear.zip", zip.ToArray())));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(13, accepted.GetProperty("cells").GetInt32());
        Assert.Equal(["Report.xml"], accepted.GetProperty("skipped").EnumerateArray().Select(s => s.GetString()));
        var id = accepted.GetProperty("id").GetString()!;
        var files = Directory.GetFiles(Path.Combine(web.AnalysesFolder, id, "cells")).Select(Path.GetFileName).Order().ToList();
        Assert.Contains("cell_001.jpg", files);
        Assert.Contains("cell_001-2.jpg", files);
        var done = await web.WaitAsync(id);
        Assert.Equal(13, done.GetProperty("result").GetProperty("n_cells").GetInt32());
        Assert.Contains(done.GetProperty("result").GetProperty("skipped").EnumerateArray(), s => s.GetProperty("file").GetString() == "Report.xml");
    }

    [Fact]
    public async Task The_reference_is_stored_only_pseudonymised_and_never_logged()
    {
        const string reference = "HC-004711 Garcia";
        var secret = LabSecret.FromText("a-test-lab-secret-of-enough-length", "test");
        var options = TestWebApp.NewOptions();
        options.LabSecret = secret;
        await using var web = await TestWebApp.StartAsync(models.Screener, options);
        var response = await web.Client.PostAsync("/api/smears", TestWebApp.Upload(WebAppFixture.SampleSmear.Take(3), reference));
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(accepted.GetProperty("reference_stored").GetBoolean());
        var id = accepted.GetProperty("id").GetString()!;
        await web.WaitAsync(id);

        var record = new SmearAnalysisStore(options.DatabaseLocation).Find(id)!;
        Assert.Equal(secret.RequestKey(reference), record.ReferenceKey);
        var list = await web.Client.GetFromJsonAsync<JsonElement>("/api/smears");
        Assert.Equal(record.ReferenceKey![..12], list[0].GetProperty("reference").GetString());
        // Nowhere in clear text: not in the database file, the analysis's files, or any log line.
        foreach (var file in Directory.EnumerateFiles(options.DataFolder, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain("004711", File.ReadAllText(file));
        Assert.NotEmpty(web.Logs.Lines);
        Assert.DoesNotContain(web.Logs.Lines, line => line.Contains("004711"));
    }

    [Fact]
    public async Task A_queued_smear_can_be_cancelled_and_the_queue_goes_on()
    {
        await using var web = await TestWebApp.StartAsync(models.Screener);
        var first = await web.PostAsync(TestWebApp.Upload(WebAppFixture.SampleSmear.Take(30)));
        var second = await web.PostAsync(TestWebApp.Upload(WebAppFixture.SampleSmear.Skip(30).Take(5)));
        var cancel = await web.Client.PostAsync($"/api/smears/{second}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal("cancelled", (await web.WaitAsync(second)).GetProperty("status").GetString());
        Assert.Equal("done", (await web.WaitAsync(first)).GetProperty("status").GetString());
        // Finished analyses cannot be cancelled; unknown ones are not found.
        Assert.Equal(HttpStatusCode.Conflict, (await web.Client.DeleteAsync($"/api/smears/{first}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Client.GetAsync($"/api/smears/{new string('0', 32)}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await web.Client.GetAsync("/api/smears/..%2F..%2Fetc")).StatusCode);
    }

    [Fact]
    public async Task Health_the_page_and_the_openapi_description_are_served()
    {
        await using var web = await TestWebApp.StartAsync(models.Screener);
        var health = await web.Client.GetFromJsonAsync<JsonElement>("/api/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("simulated_training").GetBoolean());
        Assert.Contains("SIMULATED", health.GetProperty("training_statement").GetString());
        Assert.Contains("Research use only", health.GetProperty("training_statement").GetString());
        Assert.Equal(models.Screener.Thresholds.SmearThreshold, health.GetProperty("threshold").GetDouble());
        var page = await web.Client.GetStringAsync("/");
        Assert.Contains("<script src=\"/app.js\"", page);
        Assert.Contains("renderGallery", await web.Client.GetStringAsync("/app.js"));
        var openApi = await web.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = openApi.GetProperty("paths");
        foreach (var path in new[] { "/api/smears", "/api/smears/{id}", "/api/smears/{id}/report", "/api/health" })
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
    }
}
