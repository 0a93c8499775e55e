using Hematology.ML.Database;

namespace Hematology.ML.Tests.Database;

public class SmearAnalysisStoreTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Analyses_keep_their_status_result_and_pseudonym_across_reopening(string provider)
    {
        using var target = TestDatabase.Create(provider);
        var secret = LabSecret.FromText("store-test-secret-0123456789", "test");
        var store = new SmearAnalysisStore(target.Location);
        var first = new string('a', 32);
        var second = new string('b', 32);
        // A result larger than MariaDB's TEXT (64 KiB), as the JSON of a big smear is.
        var result = "{\"decision\":\"no-mds\",\"cells\":[" + string.Join(",", Enumerable.Repeat("{\"file\":\"cell_0001.jpg\",\"class\":\"lymphocyte\"}", 3000)) + "]}";
        store.Add(first, 119, secret.RequestKey("S-2026-0042"));
        store.Add(second, 12, null);
        store.SetStatus(first, SmearAnalysisStatus.Running);
        Assert.Equal([first, second], store.Unfinished());
        store.Complete(first, "no-mds", result);
        store.SetStatus(second, SmearAnalysisStatus.Failed, new string('x', 900));

        var reopened = new SmearAnalysisStore(target.Location);
        var done = reopened.Find(first)!;
        Assert.Equal((SmearAnalysisStatus.Done, 119, "no-mds"), (done.Status, done.Cells, done.Decision));
        Assert.Equal(secret.RequestKey("S-2026-0042"), done.ReferenceKey);
        Assert.NotNull(done.Finished);
        Assert.Equal(result, reopened.ResultJson(first));
        var failed = reopened.Find(second)!;
        Assert.Equal(500, failed.Error!.Length);
        Assert.Null(failed.ReferenceKey);
        Assert.Null(reopened.ResultJson(second));
        Assert.Empty(reopened.Unfinished());
        Assert.Equal(2, reopened.Recent(10).Count);
        Assert.Single(reopened.Recent(1));
        Assert.Null(reopened.Find(new string('c', 32)));
    }
}
