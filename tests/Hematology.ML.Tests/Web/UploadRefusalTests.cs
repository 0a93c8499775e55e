using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hematology.Web;

namespace Hematology.ML.Tests.Web;

/// <summary>Uploads the server must refuse with a clear 4xx, leaving nothing written and nothing queued.</summary>
[Collection(WebAppCollection.Name)]
public class UploadRefusalTests(WebAppFixture models)
{
    private static byte[] Cell => File.ReadAllBytes(WebAppFixture.SampleSmear[0]);

    [Fact]
    public async Task A_zip_bomb_is_refused_before_anything_is_unpacked()
    {
        // 64 MiB of zeros deflate to ~64 KiB; the smear limit here is 4 MiB.
        var bomb = ZipUpload(("cells/cell_001.jpg", Cell), ("cells/cell_002.jpg", [.. Cell, .. new byte[64 << 20]]));
        await AssertRefused(bomb, HttpStatusCode.RequestEntityTooLarge, "expands beyond the limit", Small());
    }

    [Fact]
    public async Task A_zip_that_lies_about_its_sizes_never_writes_past_the_limit()
    {
        // Declared 1 KiB each, 64 MiB in truth: whether the unpacking stops at the declared size or the counted bytes
        // reach the limit first, never more than the limit reaches the disk.
        var zip = Zip(("cell_001.jpg", Cell), ("cell_002.jpg", [.. Cell, .. new byte[64 << 20]]));
        DeclareSmallSizes(zip);
        var options = Small();
        await using var web = await TestWebApp.StartAsync(models.Screener, options);
        var response = await web.Client.PostAsync("/api/smears", TestWebApp.Upload(("smear.zip", zip)));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted || (int)response.StatusCode is >= 400 and < 500, $"{response.StatusCode}");
        var written = web.Written().Where(File.Exists).Sum(f => new FileInfo(f).Length);
        Assert.InRange(written, 0, options.MaxTotalBytes);
        Assert.All(web.Written().Where(f => f.EndsWith(".jpg")), f => Assert.InRange(new FileInfo(f).Length, 0, 1024));
    }

    [Fact]
    public async Task A_zip_entry_that_escapes_its_folder_is_refused()
    {
        var traversal = ZipUpload(("cells/cell_001.jpg", Cell), ("cells/../../evil.jpg", Cell));
        var folder = await AssertRefused(traversal, HttpStatusCode.BadRequest, "leaves its folder");
        Assert.Empty(Directory.EnumerateFiles(Path.GetDirectoryName(folder)!, "evil.jpg", SearchOption.AllDirectories));
        await AssertRefused(ZipUpload(("/etc/cron.d/cell.jpg", Cell)), HttpStatusCode.BadRequest, "leaves its folder");
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_by_content_is_refused_whatever_its_name()
    {
        var upload = TestWebApp.Upload(("cell_001.jpg", Cell), ("cell_002.jpg", Encoding.UTF8.GetBytes("#!/bin/sh\necho not a cell\n")));
        await AssertRefused(upload, HttpStatusCode.UnsupportedMediaType, "is not an image");
    }

    [Fact]
    public async Task Oversize_files_too_many_files_and_an_empty_upload_are_refused()
    {
        await AssertRefused(TestWebApp.Upload(("big.jpg", [.. Cell, .. new byte[2 << 20]])), HttpStatusCode.RequestEntityTooLarge, "per image", Small());
        var many = Enumerable.Range(0, 6).Select(i => ($"cell_{i}.jpg", Cell)).ToArray();
        await AssertRefused(TestWebApp.Upload(many), HttpStatusCode.RequestEntityTooLarge, "Too many cell images", Small());
        var total = Enumerable.Range(0, 5).Select(i => ($"cell_{i}.jpg", (byte[])[.. Cell, .. new byte[900 << 10]])).ToArray();
        await AssertRefused(TestWebApp.Upload(total), HttpStatusCode.RequestEntityTooLarge, "in all", Small());
        await AssertRefused(new MultipartFormDataContent { { new StringContent("x"), "reference" } }, HttpStatusCode.BadRequest, "no cell image");
        await AssertRefused(new StringContent("cells"), HttpStatusCode.UnsupportedMediaType, "multipart/form-data");
    }

    // 5 files, 1 MiB each, 4 MiB in all.
    private static HematologyWebOptions Small()
    {
        var options = TestWebApp.NewOptions();
        options.MaxFiles = 5;
        options.MaxFileBytes = 1 << 20;
        options.MaxTotalBytes = 4 << 20;
        return options;
    }

    private async Task<string> AssertRefused(HttpContent content, HttpStatusCode expected, string message, HematologyWebOptions? options = null)
    {
        await using var web = await TestWebApp.StartAsync(models.Screener, options);
        var response = await web.Client.PostAsync("/api/smears", content);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(message, body.GetProperty("error").GetString());
        Assert.Empty(web.Written());
        Assert.Equal(0, (await web.Client.GetFromJsonAsync<JsonElement>("/api/smears")).GetArrayLength());
        return web.AnalysesFolder;
    }

    private static MultipartFormDataContent ZipUpload(params (string Name, byte[] Content)[] entries) => TestWebApp.Upload(("smear.zip", Zip(entries)));

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                entry.Write(content);
            }
        return stream.ToArray();
    }

    // Rewrites every uncompressed size, in the local headers and the central directory, to 1 KiB.
    private static void DeclareSmallSizes(byte[] zip)
    {
        for (var i = 0; i + 30 < zip.Length; i++)
        {
            if (zip[i] != 'P' || zip[i + 1] != 'K') continue;
            if (zip[i + 2] == 3 && zip[i + 3] == 4) BitConverter.TryWriteBytes(zip.AsSpan(i + 22, 4), 1024u);
            if (zip[i + 2] == 1 && zip[i + 3] == 2) BitConverter.TryWriteBytes(zip.AsSpan(i + 24, 4), 1024u);
        }
    }
}
