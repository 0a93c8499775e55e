using System.Net;
using Hematology.ML.Tests.Cli;
using Hematology.Web;
using Hematology.Web.Security;
using Microsoft.AspNetCore.TestHost;

namespace Hematology.ML.Tests.Web;

[Collection(WebAppCollection.Name)]
public class ApiKeyTests(WebAppFixture models)
{
    private const string Key = "0123456789abcdef-test-key";

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:5080")]
    [InlineData("http://127.0.0.1:5080;http://192.168.1.20:5080")]
    [InlineData("http://lab-server.local:5080")]
    public void Listening_beyond_loopback_without_an_api_key_is_refused(string urls)
    {
        var options = TestWebApp.NewOptions();
        options.Urls = urls;
        var e = Assert.Throws<HematologyException>(() => HematologyWebApp.Build(options, models.Screener));
        Assert.Contains("without an API key", e.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://127.0.0.2", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://10.0.0.5:5080", false)]
    public void Loopback_addresses_are_told_from_the_others(string url, bool loopback) =>
        Assert.Equal(loopback, ListenAddresses.IsLoopback(url));

    [Fact]
    public void Serve_refuses_a_non_loopback_address_without_a_key_in_one_line()
    {
        var result = HematoProcess.RunWith(new Dictionary<string, string> { ["HEMATOLOGY_ML_API_KEY"] = "" }, "serve", "--urls", "http://0.0.0.0:5099",
            "--data", TestPaths.NewTempFolder());
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: Refusing to listen on http://0.0.0.0:5099 without an API key", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        var help = HematoProcess.Run("serve", "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var option in new[] { "--urls", "--api-key-file", "--concurrency", "--data", "--db" }) Assert.Contains(option, help.Output);
    }

    [Fact]
    public async Task Without_a_key_a_request_that_arrived_beyond_loopback_is_refused()
    {
        await using var web = await TestWebApp.StartAsync(models.Screener);
        var server = web.App.GetTestServer();
        var outside = await server.SendAsync(c => { c.Request.Path = "/api/health"; c.Connection.LocalIpAddress = IPAddress.Parse("192.168.1.20"); });
        Assert.Equal(403, outside.Response.StatusCode);
        var inside = await server.SendAsync(c => { c.Request.Path = "/api/health"; c.Connection.LocalIpAddress = IPAddress.Loopback; });
        Assert.Equal(200, inside.Response.StatusCode);
    }

    [Fact]
    public async Task With_a_key_every_request_must_carry_it()
    {
        var options = TestWebApp.NewOptions();
        options.Urls = "http://0.0.0.0:5080"; // on the test host this only decides that a key is required
        options.ApiKey = Key;
        await using var web = await TestWebApp.StartAsync(models.Screener, options);
        foreach (var path in new[] { "/api/health", "/api/smears", "/openapi/v1.json" })
            Assert.Equal(HttpStatusCode.Unauthorized, (await web.Client.GetAsync(path)).StatusCode);
        var upload = await web.Client.PostAsync("/api/smears", TestWebApp.Upload(WebAppFixture.SampleSmear.Take(1)));
        Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
        Assert.Empty(web.Written());
        var page = await Send(web, "/", "Accept", "text/html,application/xhtml+xml");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(web, "/api/health", "X-Api-Key", "wrong-key-wrong-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(web, "/api/health", "X-Api-Key", Key)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(web, "/api/smears", "Authorization", $"Bearer {Key}")).StatusCode);

        // The page's way in: the login form sets a cookie holding a keyed hash, not the key.
        var login = await web.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = Key }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Key, cookie);
        Assert.Equal(HttpStatusCode.OK, (await Send(web, "/", "Cookie", cookie.Split(';')[0])).StatusCode);
        var failed = await web.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = "not the key at all" }));
        Assert.False(failed.Headers.Contains("Set-Cookie"));
    }

    private static Task<HttpResponseMessage> Send(TestWebApp web, string path, string header, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(header, value);
        return web.Client.SendAsync(request);
    }
}
