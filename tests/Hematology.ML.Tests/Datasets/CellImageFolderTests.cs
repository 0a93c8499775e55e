using Hematology.ML.Cells;
using Hematology.ML.Datasets;

namespace Hematology.ML.Tests.Datasets;

public class CellImageFolderTests
{
    [Fact]
    public void Loads_the_shipped_sample_with_classes_and_subtypes()
    {
        var folder = CellImageFolder.Load(TestPaths.SampleImages);
        Assert.Equal(160, folder.Samples.Count);
        Assert.Equal(PbcCellClass.All, folder.Classes);
        Assert.All(PbcCellClass.All, c => Assert.Equal(20, folder.Samples.Count(s => s.CellClass == c)));
        Assert.All(folder.Samples.Where(s => s.CellClass == "neutrophil"), s => Assert.Contains(s.Subtype, new[] { "SNE", "BNE", "NEUTROPHIL" }));
        Assert.All(folder.Samples.Where(s => s.CellClass == "ig"), s => Assert.Contains(s.Subtype, new[] { "PMY", "MY", "MMY", "IG" }));
        Assert.Empty(folder.Skipped);
    }

    [Theory]
    [InlineData("Neutrophils", "neutrophil")]
    [InlineData("BAND_NEUTROPHIL", "neutrophil")]
    [InlineData("Segmented neutrophil", "neutrophil")]
    [InlineData("NRBC", "erythroblast")]
    [InlineData("LY", "lymphocyte")]
    [InlineData("Thrombocytes", "platelet")]
    [InlineData("Immature granulocyte", "ig")]
    [InlineData("Eosinophiles", "eosinophil")]
    [InlineData("Myeloblast", "myeloblast")] // no PBC class: scored as itself, not taken for another
    public void Another_labs_class_folder_names_are_read_as_the_pbc_classes_they_name(string folder, string cellClass)
    {
        var root = TestPaths.NewTempFolder();
        Directory.CreateDirectory(Path.Combine(root, folder));
        File.Copy(Directory.GetFiles(Path.Combine(TestPaths.SampleImages, "neutrophil"))[0], Path.Combine(root, folder, "cell.jpg"));

        Assert.Equal(cellClass, Assert.Single(CellImageFolder.Load(root).Samples).CellClass);
    }

    [Fact]
    public void Skips_and_counts_non_image_files_without_failing()
    {
        var root = CopyOfSample(3);
        File.WriteAllBytes(Path.Combine(root, "neutrophil", ".DS_169665.jpg"), [0x00, 0x05, 0x16, 0x07, 0, 2, 0, 0]);
        File.WriteAllText(Path.Combine(root, "ig", "notes.jpg"), "not a picture");
        File.WriteAllBytes(Path.Combine(root, "basophil", "empty.jpg"), []);
        var folder = CellImageFolder.Load(root);
        Assert.Equal(3 * 8, folder.Samples.Count);
        Assert.Equal(3, folder.Skipped.Count);
        Assert.Contains(folder.Skipped, s => s.Path.EndsWith(".DS_169665.jpg") && s.Reason.Contains("macOS"));
        Assert.Contains(folder.Skipped, s => s.Reason == "empty file");
    }

    [Fact]
    public void Split_manifest_selects_the_requested_subset()
    {
        var root = CopyOfSample(2);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order().ToArray();
        var manifest = Path.Combine(root, "split.csv");
        File.WriteAllLines(manifest, ["file,class,subtype,split",
            .. files.Select((f, i) => $"{Path.GetFileName(f)},{Path.GetFileName(Path.GetDirectoryName(f))},X,{(i % 2 == 0 ? "train" : "test")}")]);
        var test = CellImageFolder.Load(root, PbcSplitManifest.Load(manifest), "test");
        Assert.Equal(files.Length / 2, test.Samples.Count);
        Assert.Equal(files.Length / 2, test.NotInSubset);
        Assert.All(test.Samples, s => Assert.Equal("test", s.Split));
    }

    [Fact]
    public void Malformed_split_manifest_names_the_problem()
    {
        var root = TestPaths.NewTempFolder();
        var manifest = Path.Combine(root, "split.csv");
        File.WriteAllLines(manifest, ["file,class", "a.jpg,neutrophil"]);
        var error = Assert.Throws<HematologyException>(() => PbcSplitManifest.Load(manifest));
        Assert.Contains("'split'", error.Message);
    }

    [Fact]
    public void Missing_or_empty_folder_is_a_clear_error()
    {
        Assert.Throws<HematologyException>(() => CellImageFolder.Load("/nonexistent/folder"));
        Assert.Throws<HematologyException>(() => CellImageFolder.Load(TestPaths.NewTempFolder()));
    }

    [Fact]
    public void Subtype_comes_from_the_file_name_prefix()
    {
        Assert.Equal("SNE", CellSubtype.CodeFromFileName("SNE_12345.jpg"));
        Assert.Equal("MMY", CellSubtype.CodeFromFileName("/x/ig/MMY_1.jpg"));
        Assert.Null(CellSubtype.CodeFromFileName("cell.jpg"));
    }

    [Fact]
    public void Balancing_fills_each_class_to_the_target_deterministically()
    {
        var samples = CellImageFolder.Load(TestPaths.SampleImages).Samples.Where(s => s.CellClass is "basophil" or "monocyte").Take(30).ToArray();
        var first = ClassBalancer.Balance(samples, 50, seed: 5);
        var second = ClassBalancer.Balance(samples, 50, seed: 5);
        Assert.Equal(first, second);
        Assert.Equal(50, first.Count(i => i.Sample.CellClass == "basophil"));
        Assert.Equal(50, first.Count(i => i.Sample.CellClass == "monocyte"));
        Assert.Equal(samples.Length, first.Count(i => i.AugmentationSeed is null));
    }

    [Fact]
    public void Thesis_groups_map_classes_to_coarse_labels()
    {
        var groups = LabelGrouping.ThesisGroups;
        Assert.Equal("granulocyte", groups.GroupOf("ig"));
        Assert.Equal("mononuclear", groups.GroupOf("monocyte"));
        Assert.Equal(4, groups.Groups.Count);
        Assert.Equal(19, CellType.Vocabulary.Count);
    }

    internal static string CopyOfSample(int perClass)
    {
        var root = TestPaths.NewTempFolder();
        foreach (var classDir in Directory.EnumerateDirectories(TestPaths.SampleImages))
        {
            var target = Directory.CreateDirectory(Path.Combine(root, Path.GetFileName(classDir))).FullName;
            foreach (var file in Directory.EnumerateFiles(classDir).Order().Take(perClass))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        return root;
    }
}
