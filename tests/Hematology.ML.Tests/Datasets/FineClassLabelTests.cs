using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Datasets;

/// <summary>The 11 fine classes come from PBC's file-name prefixes, or from a lab's fine folder names.</summary>
public class FineClassLabelTests
{
    private sealed class ModelOf(IReadOnlyList<string> classes) : ICellClassifier
    {
        public IReadOnlyList<string> Classes => classes;
        public int SourceResolution => 128;
        public CellClassification ClassifyImages(IReadOnlyList<(string Source, RgbImage Image)> cells, IProgress<int>? progress = null,
            CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public void Dispose() { }
    }

    [Theory]
    [InlineData("neutrophil", "BNE", "neutrophil_band")]
    [InlineData("neutrophil", "SNE", "neutrophil_segmented")]
    [InlineData("ig", "MMY", "metamyelocyte")]
    [InlineData("ig", "MY", "myelocyte")]
    [InlineData("ig", "PMY", "promyelocyte")]
    [InlineData("lymphocyte", "LY", "lymphocyte")]
    [InlineData("ig", "IG", null)]                 // an immature granulocyte of no stated stage
    [InlineData("neutrophil", "NEUTROPHIL", null)] // a neutrophil neither band nor segmented
    public void Pbc_prefixes_give_the_fine_class_and_unspecified_ones_none(string cellClass, string subtype, string? fine)
    {
        Assert.Equal(fine, PbcFineClass.Of(cellClass, subtype));
    }

    [Fact]
    public void The_eleven_classes_are_the_eight_with_neutrophils_and_immature_granulocytes_split()
    {
        Assert.Equal(11, PbcFineClass.All.Count);
        Assert.DoesNotContain(PbcCellClass.Neutrophil, PbcFineClass.All);
        Assert.DoesNotContain(PbcCellClass.ImmatureGranulocyte, PbcFineClass.All);
        Assert.Equal(PbcFineClass.All.Order(StringComparer.Ordinal), PbcFineClass.All);
    }

    [Fact]
    public void A_cell_is_labelled_finely_for_a_fine_model_and_by_its_group_for_an_eight_class_one()
    {
        using var fine = new ModelOf(PbcFineClass.All);
        using var eight = new ModelOf(PbcCellClass.All);
        var band = new CellSample("BNE_1.jpg", "neutrophil", "BNE", null);
        var unspecified = new CellSample("NEUTROPHIL_1.jpg", "neutrophil", "NEUTROPHIL", null);
        var monocyte = new CellSample("MO_1.jpg", "monocyte", "MO", null);

        Assert.Equal("neutrophil_band", band.LabelFor(fine));
        Assert.Equal("neutrophil", band.LabelFor(eight));
        Assert.Null(unspecified.LabelFor(fine));
        Assert.Equal("neutrophil", unspecified.LabelFor(eight));
        Assert.Equal("monocyte", monocyte.LabelFor(fine));
    }

    [Fact]
    public void A_lab_folder_named_by_fine_class_gives_its_cells_that_sub_type()
    {
        var root = TestPaths.NewTempFolder();
        foreach (var (folder, source) in new[] { ("neutrophil_band", "neutrophil"), ("Segmented", "neutrophil"), ("Myelocytes", "ig"), ("lymphocytes", "lymphocyte") })
        {
            Directory.CreateDirectory(Path.Combine(root, folder));
            File.Copy(TestPaths.SampleOf(source), Path.Combine(root, folder, "cell1.jpg"));
        }

        var samples = CellImageFolder.Load(root).Samples.ToDictionary(s => Path.GetFileName(Path.GetDirectoryName(s.Path))!);

        Assert.Equal(("neutrophil", "BNE"), (samples["neutrophil_band"].CellClass, samples["neutrophil_band"].Subtype));
        Assert.Equal(("neutrophil", "SNE"), (samples["Segmented"].CellClass, samples["Segmented"].Subtype));
        Assert.Equal(("ig", "MY"), (samples["Myelocytes"].CellClass, samples["Myelocytes"].Subtype));
        Assert.Equal(("lymphocyte", (string?)null), (samples["lymphocytes"].CellClass, samples["lymphocytes"].Subtype));
    }
}

/// <summary>The left shift is counted on white cells only.</summary>
public class LeftShiftTests
{
    [Fact]
    public void Bands_and_immature_granulocytes_are_percentages_of_the_white_cells_not_of_platelets_or_erythroblasts()
    {
        var differential = PbcFineClass.All.Append(OtherRejection.Label).ToDictionary(c => c, _ => 0);
        differential["neutrophil_segmented"] = 60;
        differential["neutrophil_band"] = 15;
        differential["myelocyte"] = 3;
        differential["metamyelocyte"] = 2;
        differential["lymphocyte"] = 20;
        differential["platelet"] = 40;
        differential["erythroblast"] = 5;
        differential["other"] = 7;

        var shift = LeftShift.From(differential)!;

        Assert.Equal(100, shift.WhiteCells);
        Assert.Equal(15, shift.BandPercent, 6);
        Assert.Equal(5, shift.ImmaturePercent, 6);
        Assert.Contains("band neutrophils 15.0 %", shift.ToString());
    }

    [Fact]
    public void An_eight_class_differential_has_no_left_shift_to_report()
    {
        Assert.Null(LeftShift.From(PbcCellClass.All.ToDictionary(c => c, _ => 10)));
    }
}
