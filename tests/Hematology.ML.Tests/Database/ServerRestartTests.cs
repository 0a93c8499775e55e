using Hematology.ML.Database;

namespace Hematology.ML.Tests.Database;

/// <summary>Restarting a server would break the other classes' tests running beside it: this collection runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerRestartCollection
{
    public const string Name = "database server restarts";
}

[Collection(ServerRestartCollection.Name)]
public class ServerRestartTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void A_database_restart_between_two_imports_loses_nothing_and_duplicates_nothing(string provider)
    {
        using var target = TestDatabase.Create(provider);
        var lab = LabScenario.ThreeSmears();
        using (var db = target.Open()) lab.Import(db);
        lab.Smear("P7001", ("LY", [LabScenario.Sample("lymphocyte", 18)])).Row("HC-0007,P7001,2024-05-01,CLL,testing");

        target.Restart();

        using var after = target.Open();
        var report = lab.Import(after);
        Assert.Equal(3, report.Count(RowOutcome.AlreadyImported));
        Assert.Equal(RowOutcome.Imported, report.Rows.Single(r => r.RowNumber == 5).Outcome);
        Assert.Equal(4, ImportTests.Count(after, "smear"));
        Assert.Equal(11, ImportTests.Count(after, "cell_image"));
    }
}
