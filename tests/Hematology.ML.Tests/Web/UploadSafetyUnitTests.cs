using Hematology.Web.Uploads;

namespace Hematology.ML.Tests.Web;

public class UploadSafetyUnitTests
{
    [Theory]
    [InlineData("cells/cell_001.jpg", false)]
    [InlineData("a/b/../cell.jpg", true)]
    [InlineData("../cell.jpg", true)]
    [InlineData("..\\..\\cell.jpg", true)]
    [InlineData("/etc/passwd", true)]
    [InlineData("C:/Windows/cell.jpg", true)]
    [InlineData("cell..jpg", false)]
    public void Zip_entries_that_leave_their_folder_are_recognised(string name, bool escapes) =>
        Assert.Equal(escapes, SafeZipExtractor.Escapes(name));

    [Theory]
    [InlineData("cell_001.jpg", "cell_001.jpg")]
    [InlineData("export/smear 7/cell 1.jpg", "cell_1.jpg")]
    [InlineData("..\\..\\evil.jpg", "evil.jpg")]
    [InlineData(".hidden.jpg", "hidden.jpg")]
    [InlineData("<script>.png", "_script_.png")]
    [InlineData("", "cell")]
    public void Uploaded_names_become_plain_safe_file_names(string original, string safe) =>
        Assert.Equal(safe, SmearUpload.SafeName(original));

    [Fact]
    public async Task Images_are_told_by_content_not_by_name()
    {
        var folder = TestPaths.NewTempFolder();
        var upload = new SmearUpload(folder, new UploadLimits(10, 1 << 20, 4 << 20));
        var jpeg = File.ReadAllBytes(TestPaths.SampleOf("neutrophil"));
        Assert.True(await upload.AddAsync("renamed.txt", new MemoryStream(jpeg), refuseNonImage: true, CancellationToken.None));
        Assert.False(await upload.AddAsync("notes.jpg", new MemoryStream("hello"u8.ToArray()), refuseNonImage: false, CancellationToken.None));
        var e = await Assert.ThrowsAsync<UploadRefusedException>(() => upload.AddAsync("notes.jpg", new MemoryStream("hello"u8.ToArray()), true, CancellationToken.None));
        Assert.Equal(415, e.StatusCode);
        Assert.Equal(["renamed.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal(jpeg, File.ReadAllBytes(Path.Combine(folder, "renamed.txt")));
    }
}
