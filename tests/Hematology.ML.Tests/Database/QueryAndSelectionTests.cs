using Hematology.ML.Database;
using Hematology.ML.Datasets;

namespace Hematology.ML.Tests.Database;

/// <summary>The thesis's queries, dataset selection, PBC registration and the model registry, on every provider.</summary>
public class QueryAndSelectionTests
{
    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Queries_count_patients_smears_images_and_list_sets_per_entity_and_cell_type(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears()
            .Smear("P1004", ("BNE", [LabScenario.Sample("neutrophil", 0)]))
            .Row("HC-0001,P1004,2024-06-01,NORMAL,testing");
        lab.Import(db);
        var queries = new CellImageQueries(db);

        Assert.Equal(2, queries.PatientCount("NORMAL"));
        Assert.Equal(1, queries.PatientCount("cll"));
        Assert.Equal(0, queries.PatientCount("AML"));
        var perPatient = queries.SmearsPerPatient("NORMAL");
        Assert.Equal([2L, 1L], perPatient.Select(p => p.Smears));
        Assert.Equal(LabScenario.Secret.PatientPseudonym("HC-0001")[..12], perPatient[0].Patient);
        Assert.Equal(4, queries.ImageCount("NORMAL", "neutrophil"));       // PBC class: segmented + band
        Assert.Equal(3, queries.ImageCount("NORMAL", "SNE"));              // one cell type, by synonym
        Assert.Equal(2, queries.ImageCount("CLL", "lymphocyte"));
        var sets = queries.ImageSets("NORMAL", "neutrophil");
        Assert.Equal([2L, 1L, 1L], sets.Select(s => s.Images));
        Assert.Equal(["2024-03-01", "2024-03-02", "2024-06-01"], sets.Select(s => s.SmearDate));
        Assert.Equal("band-neutrophil", sets[2].CellType);
        Assert.Contains("Unknown entity 'XYZ'", Assert.Throws<HematologyException>(() => queries.PatientCount("XYZ")).Message);
        Assert.Contains("Unknown cell type 'wings'", Assert.Throws<HematologyException>(() => queries.ImageCount("NORMAL", "wings")).Message);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Selection_writes_a_dataset_the_training_commands_read_with_its_split(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var lab = LabScenario.ThreeSmears();
        lab.Import(db);
        var selection = new DatasetSelection(db);
        var output = Path.Combine(lab.Root, "dataset");

        var images = selection.Select(new SelectionCriteria(["NORMAL"], ["neutrophil", "monocyte"], ["training", "testing"]));
        var perClass = DatasetSelection.Write(images, output, DatasetLabels.Pbc);

        Assert.Equal(new Dictionary<string, int> { ["monocyte"] = 3, ["neutrophil"] = 3 }, perClass);
        var manifest = PbcSplitManifest.Load(Path.Combine(output, "split.csv"));
        var train = CellImageFolder.Load(output, manifest, "train");
        var test = CellImageFolder.Load(output, manifest, "test");
        Assert.Equal(2, train.Samples.Count); // P1001's two neutrophils
        Assert.Equal(4, test.Samples.Count);  // P1002: one neutrophil, three monocytes
        Assert.All(train.Samples, s => Assert.Equal("SNE", s.Subtype));
        Assert.Empty(train.Skipped);
        Assert.Contains("not empty", Assert.Throws<HematologyException>(() => DatasetSelection.Write(images, output, DatasetLabels.Pbc)).Message);
        Assert.Contains("No images", Assert.Throws<HematologyException>(() => DatasetSelection.Write(
            selection.Select(new SelectionCriteria(["AML"], [], [])), Path.Combine(lab.Root, "empty"), DatasetLabels.Pbc)).Message);

        var byType = selection.Select(new SelectionCriteria([], ["neutrophil"], ["training"]));
        DatasetSelection.Write(byType, Path.Combine(lab.Root, "by-type"), DatasetLabels.CellType);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(lab.Root, "by-type", "segmented-neutrophil")).Length);
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void The_public_pbc_dataset_registers_in_place_once_with_cell_types_from_file_names(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using var db = target.Open();
        var registration = new PbcRegistration(db);

        Assert.Equal(160, registration.Register(TestPaths.SampleImages, null));
        Assert.Equal(0, registration.Register(TestPaths.SampleImages, null));

        var queries = new CellImageQueries(db);
        Assert.Equal(1, queries.PatientCount("NORMAL"));
        Assert.Equal(20, queries.ImageCount("NORMAL", "neutrophil"));
        Assert.Equal(20, queries.ImageCount("NORMAL", "BNE")); // the sample's neutrophils are all band forms
        Assert.Equal(20, queries.ImageCount("NORMAL", "ig"));
        var selected = new DatasetSelection(db).Select(new SelectionCriteria(["NORMAL"], ["platelet"], []));
        Assert.Equal(20, selected.Count);
        Assert.All(selected, s => Assert.True(File.Exists(s.Path)));
    }

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public void Schema_is_at_the_latest_version_with_reference_data_and_reopening_keeps_it(string provider)
    {
        using var target = TestDatabase.Create(provider);
        using (var db = target.Open())
        {
            Assert.Equal(3, db.SchemaVersion);
            Assert.Equal(14, db.EntityCodes().Count);
            Assert.Equal(21, ImportTests.Count(db, "cell_type"));
            Assert.Equal(5, ImportTests.Count(db, "entity_group"));
            Assert.Equal("segmented-neutrophil", db.CellTypeOf("Neutrófilo segmentado"));
            db.AddSynonym("NS", "segmented-neutrophil");
        }
        using var again = target.Open();
        Assert.Equal(3, again.SchemaVersion);
        Assert.Equal("segmented-neutrophil", again.CellTypeOf("ns"));
    }
}
