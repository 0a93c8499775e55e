using Dapper;
using Hematology.ML.Database;

namespace Hematology.ML.Tests.Database;

/// <summary>The import rules of issue #4, each on SQLite, MariaDB and PostgreSQL, with real sample images.</summary>
public class ImportTests
{
    internal static long Count(CellImageDatabase db, string table) => db.Connection.ExecuteScalar<long>($"SELECT COUNT(*) FROM {table}");

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Sheet_import_stores_every_smear_under_group_entity_patient_date_cell_type(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears();

        var report = lab.Import(db);

        Assert.True(report.Complete);
        Assert.Equal(3, report.Count(RowOutcome.Imported));
        Assert.Equal(10, report.ImagesStored);
        Assert.Equal(3, Count(db, "patient"));
        Assert.Equal(10, Count(db, "cell_image"));
        var pseudonym = LabScenario.Secret.PatientPseudonym("HC-0002");
        var monocytes = Path.Combine(lab.Store, "NORMAL", "NORMAL", pseudonym[..16], "2024-03-02", "monocyte");
        Assert.Equal(3, Directory.GetFiles(monocytes).Length);
        var set = db.Connection.QuerySingle<(string, long)>("SELECT storage_path, image_count FROM image_set WHERE cell_type_id = (SELECT id FROM cell_type WHERE code = 'monocyte')");
        Assert.Equal($"NORMAL/NORMAL/{pseudonym[..16]}/2024-03-02/monocyte", set.Item1);
        Assert.Equal(3, set.Item2);
        // "SNE" and "Segmented neutrophil" folders are one cell type.
        Assert.Equal(3, db.Connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cell_image i JOIN cell_type t ON t.id = i.cell_type_id WHERE t.code = 'segmented-neutrophil'"));
        Assert.Equal(["test", "train"], db.Connection.Query<string>("SELECT DISTINCT subset FROM cell_image ORDER BY subset"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Patient_and_request_identifiers_never_reach_the_database_log_or_report(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears().Row("HC-0009,P1009,2024-03-09,NORMAL,training"); // no folder: reported

        var report = lab.Import(db);

        var stored = string.Join("\n", db.Connection.Query<string>("SELECT pseudonym FROM patient")
            .Concat(db.Connection.Query<string>("SELECT request_key FROM smear"))
            .Concat(db.Connection.Query<string>("SELECT storage_path FROM image_set"))
            .Concat(db.Connection.Query<string>("SELECT relative_path FROM cell_image")));
        var log = File.ReadAllText(lab.LogPath);
        var reported = string.Join("\n", report.Rows.Select(r => r.Reason + string.Join(" ", r.Notes)));
        foreach (var identifier in new[] { "HC-000", "P100" })
        {
            Assert.DoesNotContain(identifier, stored);
            Assert.DoesNotContain(identifier, log);
            Assert.DoesNotContain(identifier, reported);
            Assert.DoesNotContain(identifier, string.Join("\n", lab.StoredFiles()));
        }
        Assert.Contains("\"decision\":\"smear-imported\"", log);
        Assert.Contains($"\"patient\":\"{LabScenario.Secret.PatientPseudonym("HC-0001")[..12]}\"", log);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Bad_rows_are_skipped_and_reported_with_row_number_and_reason(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears()
            .Smear("P2001", ("LY", [LabScenario.Sample("lymphocyte", 10)]))
            .Row(",P2001,2024-03-01,NORMAL,training")         // row 5: no history number
            .Row("HC-0005,,2024-03-01,NORMAL,training")       // row 6: no request number
            .Row("HC-0006,P2001,,NORMAL,training")            // row 7: no date
            .Row("HC-0007,P2001,31/02/2024,NORMAL,training")  // row 8: impossible date
            .Row("HC-0008,P2001,2024-03-01,LEUKEMIA-X,training") // row 9: unknown entity
            .Row("HC-0009,P9999,2024-03-01,NORMAL,training"); // row 10: no smear folder

        var report = lab.Import(db);

        string Reason(int row) => Assert.Single(report.Rows, r => r.RowNumber == row).Reason!;
        Assert.Equal("missing patient history number", Reason(5));
        Assert.Equal("missing request number", Reason(6));
        Assert.Equal("missing smear date", Reason(7));
        Assert.Contains("unreadable smear date '31/02/2024'", Reason(8));
        Assert.Contains("unknown entity 'LEUKEMIA-X'", Reason(9));
        Assert.Equal("no smear folder for this request number", Reason(10));
        Assert.All(report.Rows.Where(r => r.RowNumber >= 5), r => Assert.Equal(RowOutcome.Skipped, r.Outcome));
        Assert.Equal(3, Count(db, "smear"));
        Assert.Equal(6, File.ReadAllLines(lab.LogPath).Count(l => l.Contains("\"decision\":\"row-skipped\"")));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Importing_the_same_sheet_twice_changes_nothing(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears();
        lab.Import(db);
        var filesBefore = lab.StoredFiles();

        var second = lab.Import(db);

        Assert.Equal(3, second.Count(RowOutcome.AlreadyImported));
        Assert.Equal(0, second.ImagesStored);
        Assert.Equal(3, Count(db, "smear"));
        Assert.Equal(10, Count(db, "cell_image"));
        Assert.Equal(filesBefore, lab.StoredFiles());
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void A_sheet_that_now_disagrees_with_a_stored_smear_is_reported_and_changes_nothing(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears();
        lab.Import(db);
        File.WriteAllText(lab.SheetPath, File.ReadAllText(lab.SheetPath).Replace("HC-0003,P1003,2024-03-05,CLL", "HC-0004,P1003,2024-03-06,MDS"));

        var report = lab.Import(db);

        var row = report.Rows.Single(r => r.RowNumber == 4);
        Assert.Equal(RowOutcome.AlreadyImported, row.Outcome);
        Assert.Equal("already imported with smear date 2024-03-05 (sheet: 2024-03-06), entity CLL (sheet: MDS), another patient; the database was not changed", row.Reason);
        Assert.Null(report.Rows.Single(r => r.RowNumber == 2).Reason);
        Assert.Equal(1, new CellImageQueries(db).PatientCount("CLL"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void An_image_already_stored_is_not_stored_twice(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears()
            .Smear("P3001", ("LY", [LabScenario.Sample("lymphocyte", 0), LabScenario.Sample("lymphocyte", 11)])) // first one also in P1001
            .Row("HC-0001,P3001,2024-04-01,NORMAL,training");

        var report = lab.Import(db);

        var row = Assert.Single(report.Rows, r => r.RowNumber == 5);
        Assert.Equal(RowOutcome.Imported, row.Outcome);
        Assert.Equal(1, row.ImagesStored);
        Assert.Equal(1, row.DuplicateImages);
        Assert.Contains(row.Notes, n => n.Contains("already stored (same content)"));
        Assert.Equal(11, Count(db, "cell_image"));
        Assert.Equal(11, lab.StoredFiles().Length);
        Assert.Equal(3, Count(db, "patient")); // HC-0001's second smear joins the same pseudonym
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void A_corrupt_image_mid_smear_is_left_out_and_noted_and_the_rest_of_the_smear_imports(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears()
            .Smear("P4001", ("LY", [LabScenario.Sample("lymphocyte", 12), LabScenario.Sample("lymphocyte", 13)]), ("MO", [LabScenario.Sample("monocyte", 12)]))
            .Row("HC-0004,P4001,2024-04-02,NORMAL,training");
        // A truncated JPEG: it starts like one, so only decoding finds it.
        var real = File.ReadAllBytes(LabScenario.Sample("monocyte", 13));
        File.WriteAllBytes(Path.Combine(lab.Smears, "P4001", "MO", "MO_truncated.jpg"), real[..300]);

        var report = lab.Import(db);

        var row = Assert.Single(report.Rows, r => r.RowNumber == 5);
        Assert.Equal(RowOutcome.Imported, row.Outcome);
        Assert.Contains(row.Notes, n => n.Contains("'MO/MO_truncated.jpg' is not a readable image"));
        Assert.Equal(4, report.Count(RowOutcome.Imported));
        Assert.Equal(13, Count(db, "cell_image"));
        Assert.Equal(13, lab.StoredFiles().Length);
        Assert.Equal(1, File.ReadAllLines(lab.LogPath).Count(l => l.Contains("file-unreadable")));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Request_numbers_and_links_cannot_reach_outside_the_smears_folder(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears();
        var outside = Path.Combine(lab.Root, "outside");
        Directory.CreateDirectory(Path.Combine(outside, "LY"));
        File.Copy(LabScenario.Sample("lymphocyte", 14), Path.Combine(outside, "LY", "LY_1.jpg"));
        Directory.CreateDirectory(Path.Combine(lab.Smears, "P5002"));
        Directory.CreateSymbolicLink(Path.Combine(lab.Smears, "P5002", "LY"), Path.Combine(outside, "LY"));
        Directory.CreateSymbolicLink(Path.Combine(lab.Smears, "P5003"), outside);
        lab.Row("HC-0005,../outside,2024-04-03,NORMAL,training")
            .Row("HC-0005,P1001/../../outside,2024-04-03,NORMAL,training")
            .Row($"HC-0005,{outside},2024-04-03,NORMAL,training")
            .Row("HC-0005,..,2024-04-03,NORMAL,training")
            .Row("HC-0005,P5002,2024-04-03,NORMAL,training")
            .Row("HC-0005,P5003,2024-04-03,NORMAL,training");

        var report = lab.Import(db);

        Assert.All(report.Rows.Where(r => r.RowNumber >= 5), r => Assert.NotEqual(RowOutcome.Imported, r.Outcome));
        Assert.Contains("not a plain folder name", report.Rows.Single(r => r.RowNumber == 5).Reason);
        Assert.Contains("link outside the smear folder", report.Rows.Single(r => r.RowNumber == 9).Reason);
        Assert.Contains("link to a place outside", report.Rows.Single(r => r.RowNumber == 10).Reason);
        Assert.Equal(3, Count(db, "smear"));
        Assert.Equal(10, Count(db, "cell_image"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Non_image_files_are_reported_and_unknown_cell_type_folders_reject_the_smear(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears()
            .Smear("P6001", ("LY", [LabScenario.Sample("lymphocyte", 15)]))
            .Smear("P6002", ("LY", [LabScenario.Sample("lymphocyte", 16)]), ("hairy-things", [LabScenario.Sample("lymphocyte", 17)]))
            .Row("HC-0006,P6001,2024-04-04,NORMAL,training")
            .Row("HC-0006,P6002,2024-04-05,NORMAL,training");
        File.WriteAllText(Path.Combine(lab.Smears, "P6001", "LY", "Thumbs.db"), "not an image");

        var report = lab.Import(db);

        var withJunk = report.Rows.Single(r => r.RowNumber == 5);
        Assert.Equal(RowOutcome.Imported, withJunk.Outcome);
        Assert.Contains("'LY/Thumbs.db' is not an image: ignored", withJunk.Notes);
        var unknown = report.Rows.Single(r => r.RowNumber == 6);
        Assert.Equal(RowOutcome.RolledBack, unknown.Outcome);
        Assert.Contains("unknown cell-type folder 'hairy-things'", unknown.Reason);
        Assert.Equal(11, Count(db, "cell_image"));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Concurrent_imports_of_the_same_sheet_into_a_new_database_migrate_once_and_store_each_smear_and_image_once(string provider)
    {
        using var target = TestDatabase.Create(provider);
        var lab = LabScenario.ThreeSmears();

        var reports = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() =>
        {
            using var db = target.Open();
            return lab.Import(db);
        })));

        using var check = target.Open();
        Assert.Equal(3, Count(check, "smear"));
        Assert.Equal(10, Count(check, "cell_image"));
        Assert.Equal(10, lab.StoredFiles().Length);
        Assert.Equal(10, reports.Sum(r => r.ImagesStored));
        foreach (var row in new[] { 2, 3, 4 })
            Assert.Equal(1, reports.Count(r => r.Rows.Single(x => x.RowNumber == row).Outcome == RowOutcome.Imported));
        Assert.All(reports, r => Assert.True(r.Complete));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Moving_removes_the_sources_only_of_committed_smears(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears()
            .Smear("P8001", ("LY", [LabScenario.Sample("lymphocyte", 19)]), ("MO", [LabScenario.Sample("monocyte", 19)]))
            .Row("HC-0008,P8001,2024-05-02,NORMAL,training");
        // A link out of the smear folder rolls the smear back (a corrupt cell no longer does: it is left out and noted).
        File.CreateSymbolicLink(Path.Combine(lab.Smears, "P8001", "MO", "MO_link.jpg"), LabScenario.Sample("monocyte", 18));

        lab.Importer(db, move: true).Import(LabSheet.Read(lab.SheetPath));

        Assert.Empty(Directory.GetFiles(Path.Combine(lab.Smears, "P1001", "SNE")));
        Assert.Empty(Directory.GetFiles(Path.Combine(lab.Smears, "P1002", "MO")));
        Assert.Single(Directory.GetFiles(Path.Combine(lab.Smears, "P8001", "LY"))); // rolled back: kept
        Assert.Equal(2, Directory.GetFiles(Path.Combine(lab.Smears, "P8001", "MO")).Length);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void A_smears_folder_reached_through_a_link_imports_normally(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears();
        var linked = Path.Combine(TestPaths.NewTempFolder(), "smears-link");
        Directory.CreateSymbolicLink(linked, lab.Smears);

        var report = new SmearImporter(db, LabScenario.Secret, new ImportOptions(linked, lab.Store)).Import(LabSheet.Read(lab.SheetPath));

        Assert.Equal(3, report.Count(RowOutcome.Imported));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Another_lab_secret_or_store_is_refused_for_an_existing_database(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears();
        lab.Import(db);
        var sheet = LabSheet.Read(lab.SheetPath);

        var otherSecret = LabSecret.FromText("another-secret-entirely-9876", "test");
        var secretError = Assert.Throws<HematologyException>(() => new SmearImporter(db, otherSecret, new ImportOptions(lab.Smears, lab.Store)).Import(sheet));
        Assert.Contains("lab secret differs", secretError.Message);
        var storeError = Assert.Throws<HematologyException>(() => new SmearImporter(db, LabScenario.Secret, new ImportOptions(lab.Smears, lab.Root + "/elsewhere")).Import(sheet));
        Assert.Contains("keeps its images in", storeError.Message);
    }
}
