using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hematology.ML.Tests.Web;

/// <summary>
/// Many smears posted at once, on the real server: every one completes, none is lost, and <c>/api/health</c> answers
/// within a second throughout. benchmarks/run-webapp-load.sh runs it and keeps the figures.
/// </summary>
[Collection(WebAppLoadCollection.Name)]
public class WebAppLoadTests(WebAppFixture models)
{
    /// <summary>When set, the figures are written to this JSON file.</summary>
    private const string ResultsVariable = "HEMATOLOGY_ML_WEBAPP_LOAD_RESULTS";

    [Fact]
    public async Task Twenty_smears_posted_at_once_all_complete_and_health_stays_responsive()
    {
        var smears = Setting("HEMATOLOGY_ML_WEBAPP_LOAD_SMEARS", 20);
        var cellsPerSmear = Setting("HEMATOLOGY_ML_WEBAPP_LOAD_CELLS", 12);
        var sample = WebAppFixture.SampleSmear;
        await using var web = await TestWebApp.StartKestrelAsync(models.Screener);
        using var health = new HttpClient { BaseAddress = web.Client.BaseAddress };

        // The first request pays for connecting and compiling the endpoint; the check is about the server under load.
        await health.GetFromJsonAsync<JsonElement>("/api/health");
        var total = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var latencies = new List<double>();
        var pinger = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var watch = Stopwatch.StartNew();
                var answer = await health.GetFromJsonAsync<JsonElement>("/api/health");
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                Assert.Equal("ok", answer.GetProperty("status").GetString());
                await Task.Delay(100);
            }
        });

        var ids = await Task.WhenAll(Enumerable.Range(0, smears).Select(i =>
            web.PostAsync(TestWebApp.Upload(Enumerable.Range(i * cellsPerSmear, cellsPerSmear).Select(k => sample[k % sample.Count])))));
        var postSeconds = total.Elapsed.TotalSeconds;
        var finished = new List<JsonElement>();
        foreach (var id in ids) finished.Add(await web.WaitAsync(id, TimeSpan.FromMinutes(5)));
        var totalSeconds = total.Elapsed.TotalSeconds;
        await stop.CancelAsync();
        await pinger;

        Assert.Equal(smears, ids.Distinct().Count());
        Assert.All(finished, f => Assert.Equal("done", f.GetProperty("status").GetString()));
        Assert.All(finished, f => Assert.Equal(cellsPerSmear, f.GetProperty("result").GetProperty("n_cells").GetInt32()));
        var listed = (await web.Client.GetFromJsonAsync<JsonElement>("/api/smears?limit=100")).EnumerateArray().Select(a => a.GetProperty("id").GetString()).ToHashSet();
        Assert.All(ids, id => Assert.Contains(id, listed));
        Assert.NotEmpty(latencies);
        latencies.Sort();
        Assert.True(latencies[^1] < 1000, $"/api/health took {latencies[^1]:F0} ms at worst");

        if (Environment.GetEnvironmentVariable(ResultsVariable) is { Length: > 0 } path)
        {
            var figures = new JsonObject
            {
                ["command"] = "benchmarks/run-webapp-load.sh",
                ["date"] = DateTime.UtcNow.ToString("yyyy-MM-dd"),
                ["machine"] = $"{Environment.ProcessorCount} cores",
                ["server"] = "Kestrel on 127.0.0.1, shipped models (pbc8-resnet18 and DysplasiaNet), concurrency 1",
                ["smears"] = smears,
                ["cells_per_smear"] = cellsPerSmear,
                ["completed"] = finished.Count(f => f.GetProperty("status").GetString() == "done"),
                ["lost"] = smears - finished.Count(f => f.GetProperty("status").GetString() == "done"),
                ["post_all_seconds"] = Math.Round(postSeconds, 2),
                ["all_done_seconds"] = Math.Round(totalSeconds, 2),
                ["cells_per_second"] = Math.Round(smears * cellsPerSmear / totalSeconds, 1),
                ["health_requests"] = latencies.Count,
                ["health_ms_median"] = Math.Round(latencies[latencies.Count / 2], 1),
                ["health_ms_p95"] = Math.Round(latencies[(int)(latencies.Count * 0.95)], 1),
                ["health_ms_max"] = Math.Round(latencies[^1], 1),
            };
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, figures.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
    }

    private static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) && value > 0 ? value : fallback;
}
