using Hematology.ML.Database;

namespace Hematology.ML.Tests.Database;

public class PrivacyAndConnectionTests
{
    [Fact]
    public void Pseudonyms_are_keyed_stable_and_ignore_case_and_spaces()
    {
        var secret = LabSecret.FromText("0123456789abcdef-lab", "test");
        var other = LabSecret.FromText("0123456789abcdef-other", "test");

        Assert.Equal(secret.PatientPseudonym("HC 0012"), secret.PatientPseudonym("hc0012"));
        Assert.NotEqual(secret.PatientPseudonym("HC0012"), other.PatientPseudonym("HC0012"));
        Assert.NotEqual(secret.PatientPseudonym("HC0012"), secret.RequestKey("HC0012"));
        Assert.Matches("^[0-9a-f]{64}$", secret.PatientPseudonym("HC0012"));
    }

    [Fact]
    public void A_missing_or_short_secret_is_an_error_never_a_silent_default()
    {
        var folder = TestPaths.NewTempFolder();
        Assert.Contains("does not exist", Assert.Throws<HematologyException>(() => LabSecret.Resolve(Path.Combine(folder, "none"))).Message);
        File.WriteAllText(Path.Combine(folder, "short"), "abc");
        Assert.Contains("too short", Assert.Throws<HematologyException>(() => LabSecret.Resolve(Path.Combine(folder, "short"))).Message);
    }

    [Fact]
    public void A_generated_secret_file_is_private_and_never_overwritten()
    {
        var path = Path.Combine(TestPaths.NewTempFolder(), "lab-secret");
        LabSecret.Generate(path);
        var first = LabSecret.Resolve(path).PatientPseudonym("HC1");

        Assert.Throws<HematologyException>(() => LabSecret.Generate(path));
        Assert.Equal(first, LabSecret.Resolve(path).PatientPseudonym("HC1"));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData("sqlite:/tmp/x/cells.db", DatabaseProvider.Sqlite, "SQLite /tmp/x/cells.db")]
    [InlineData("/tmp/y.db", DatabaseProvider.Sqlite, "SQLite /tmp/y.db")]
    [InlineData("mysql:Server=db.lab;Port=3307;User ID=u;Password=s3cret;Database=cells", DatabaseProvider.MySql, "MariaDB/MySQL db.lab:3307/cells")]
    [InlineData("Server=db.lab;User ID=u;Password=s3cret;Database=cells", DatabaseProvider.MySql, "MariaDB/MySQL db.lab:3306/cells")]
    [InlineData("postgres:Host=pg.lab;Username=u;Password=s3cret;Database=cells", DatabaseProvider.Postgres, "PostgreSQL pg.lab:5432/cells")]
    [InlineData("postgresql://u:s3cret@pg.lab:5433/cells", DatabaseProvider.Postgres, "PostgreSQL pg.lab:5433/cells")]
    public void Db_option_takes_prefixed_and_native_forms_and_never_shows_the_password(string text, DatabaseProvider provider, string described)
    {
        var location = DatabaseConnectionString.Parse(text);
        Assert.Equal(provider, location.Provider);
        Assert.Equal(described, location.Describe());
        Assert.DoesNotContain("s3cret", location.ToString());
    }

    [Fact]
    public void Default_database_is_a_sqlite_file_in_the_data_folder()
    {
        var location = DatabaseConnectionString.Parse(null);
        Assert.Equal(DatabaseProvider.Sqlite, location.Provider);
        Assert.EndsWith("cells.db", location.Describe());
    }

    [Theory]
    [InlineData("Segmented neutrophil", "segmented-neutrophil")]
    [InlineData("SNE", "segmented-neutrophil")]
    [InlineData("BNE", "band-neutrophil")]
    [InlineData("NEUTROPHIL", "neutrophil")]
    [InlineData("plasma_cell", "plasma-cell")]
    [InlineData("Linfocito", "lymphocyte")]
    [InlineData("IG", "immature-granulocyte")]
    public void Cell_type_folder_names_map_through_synonyms(string folder, string cellType) =>
        Assert.Equal(cellType, CellTypeSynonyms.BuiltIn[CellTypeSynonyms.Normalise(folder)]);
}
