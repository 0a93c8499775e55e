using Hematology.ML.Screening;

namespace Hematology.ML.Tests.Screening;

public class SmearSetTests
{
    private static string SetWith(string csv, params string[] folders)
    {
        var root = TestPaths.NewTempFolder();
        foreach (var f in folders) Directory.CreateDirectory(Path.Combine(root, f));
        File.WriteAllText(Path.Combine(root, "smears.csv"), csv);
        return root;
    }

    [Fact]
    public void A_lab_manifest_with_patient_column_is_read()
    {
        var set = SmearSet.Load(SetWith("smear,patient,diagnosis\ns1,P1,mds\ns2,P2,normal\n", "s1", "s2"));
        Assert.Equal([true, false], set.Smears.Select(s => s.IsMds));
        Assert.False(set.Simulated);
    }

    [Fact]
    public void Malformed_manifests_give_clear_errors()
    {
        Assert.Contains("neither mds nor normal", Assert.Throws<HematologyException>(() => SmearSet.Load(SetWith("smear,diagnosis\ns1,aml\n", "s1"))).Message);
        Assert.Contains("no 'diagnosis' column", Assert.Throws<HematologyException>(() => SmearSet.Load(SetWith("smear,dx\ns1,mds\n", "s1"))).Message);
        Assert.Contains("is missing", Assert.Throws<HematologyException>(() => SmearSet.Load(SetWith("smear,diagnosis\ns9,mds\n"))).Message);
        Assert.Contains("no smears.csv", Assert.Throws<HematologyException>(() => SmearSet.Load(TestPaths.NewTempFolder())).Message);
    }
}
