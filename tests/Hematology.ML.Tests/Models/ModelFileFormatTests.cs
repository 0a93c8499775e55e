using Hematology.ML.Features;
using Hematology.ML.Models;
using Hematology.ML.Networks;

namespace Hematology.ML.Tests.Models;

/// <summary>A model file says what it is, and the catalog picks its loader by that, not by trying each kind.</summary>
public class ModelFileFormatTests
{
    private static string Shipped(string file) => Path.Combine(TestPaths.RepositoryRoot, "models", file);

    [Fact]
    public void Each_shipped_model_file_declares_its_format()
    {
        Assert.Equal(NetworkCellClassifier.Format, ModelFileFormat.Of(Shipped("pbc8-fast.hmlm")));
        Assert.Equal(FeatureCellClassifier.Format, ModelFileFormat.Of(Shipped("pbc8-features.hmlm")));
        Assert.Equal(CellClassifierEnsemble.Format, ModelFileFormat.Of(Shipped("pbc8-ensemble.hmle")));
    }

    [Fact]
    public void A_file_of_another_format_or_none_is_refused_in_plain_words()
    {
        var folder = TestPaths.NewTempFolder();
        var other = Path.Combine(folder, "other.hmle");
        File.WriteAllText(other, """{"format":"someone-else/model","members":["x"]}""");
        var noise = Path.Combine(folder, "noise.bin");
        File.WriteAllBytes(noise, [.. "PK\u0003\u0004"u8, 1, 2, 3, 4, 5, 6, 7, 8]);
        var catalog = ModelCatalog.FromDirectory(TestPaths.NewTempFolder());

        var declared = Assert.Throws<HematologyException>(() => catalog.LoadClassifier(other));
        var unreadable = Assert.Throws<HematologyException>(() => catalog.LoadClassifier(noise));

        Assert.Contains("declares the format 'someone-else/model'", declared.Message);
        Assert.Contains("is not a model file Hematology.ML can read", unreadable.Message);
        Assert.Null(ModelFileFormat.Of(Path.Combine(folder, "missing.hmlm")));
    }
}
