using System.Net.Http.Json;
using System.Text.Json;
using Hematology.Web;
using Hematology.Web.Analyses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hematology.ML.Tests.Web;

/// <summary>The web app on the ASP.NET Core test host, or on real Kestrel at a free loopback port, over a fresh data folder.</summary>
internal sealed class TestWebApp : IAsyncDisposable
{
    private TestWebApp(WebApplication app, HttpClient client, HematologyWebOptions options, CapturedLogs logs)
    {
        App = app;
        Client = client;
        Options = options;
        Logs = logs;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public HematologyWebOptions Options { get; }

    public CapturedLogs Logs { get; }

    public string AnalysesFolder => Path.Combine(Options.DataFolder, "analyses");

    /// <summary>Starts the app on the test host; <paramref name="options"/> default to a fresh data folder.</summary>
    public static Task<TestWebApp> StartAsync(ISmearScreener screener, HematologyWebOptions? options = null) => StartAsync(screener, options, kestrel: false);

    /// <summary>Starts the app on Kestrel at 127.0.0.1 and a free port: the real server a browser talks to.</summary>
    public static Task<TestWebApp> StartKestrelAsync(ISmearScreener screener, HematologyWebOptions? options = null) => StartAsync(screener, options, kestrel: true);

    public static HematologyWebOptions NewOptions() => new() { DataFolder = TestPaths.NewTempFolder() };

    private static async Task<TestWebApp> StartAsync(ISmearScreener screener, HematologyWebOptions? options, bool kestrel)
    {
        options ??= NewOptions();
        if (kestrel) options.Urls = "http://127.0.0.1:0";
        var logs = new CapturedLogs();
        var app = HematologyWebApp.Build(options, screener, builder =>
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter("Hematology", LogLevel.Debug);
            if (!kestrel) builder.WebHost.UseTestServer();
        });
        await app.StartAsync();
        var client = kestrel
            ? new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) }
            : app.GetTestClient();
        client.Timeout = TimeSpan.FromMinutes(3);
        return new TestWebApp(app, client, options, logs);
    }

    /// <summary>A multipart upload of files (by path), with an optional reference.</summary>
    public static MultipartFormDataContent Upload(IEnumerable<string> files, string? reference = null)
    {
        var form = new MultipartFormDataContent();
        foreach (var file in files) form.Add(new ByteArrayContent(File.ReadAllBytes(file)), "files", Path.GetFileName(file));
        if (reference is not null) form.Add(new StringContent(reference), "reference");
        return form;
    }

    /// <summary>A multipart upload of in-memory files.</summary>
    public static MultipartFormDataContent Upload(params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content) in files) form.Add(new ByteArrayContent(content), "files", name);
        return form;
    }

    /// <summary>Posts a smear and returns its id.</summary>
    public async Task<string> PostAsync(HttpContent content)
    {
        var response = await Client.PostAsync("/api/smears", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls an analysis until it reaches a final status.</summary>
    public async Task<JsonElement> WaitAsync(string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var status = await Client.GetFromJsonAsync<JsonElement>($"/api/smears/{id}");
            if (status.GetProperty("status").GetString() is "done" or "failed" or "cancelled") return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"analysis {id} still {status.GetProperty("status")}");
            await Task.Delay(200);
        }
    }

    /// <summary>Folders and files under the analyses folder (what an upload left behind).</summary>
    public IReadOnlyList<string> Written() =>
        Directory.Exists(AnalysesFolder) ? Directory.EnumerateFileSystemEntries(AnalysesFolder, "*", SearchOption.AllDirectories).ToList() : [];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
