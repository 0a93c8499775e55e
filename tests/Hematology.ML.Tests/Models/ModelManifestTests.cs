using Hematology.ML.Models;

namespace Hematology.ML.Tests.Models;

public class ModelManifestTests
{
    /// <summary>A manifest written beside a (placeholder) model file, as the catalog expects.</summary>
    private static void Write(string folder, string name, string kind, bool isDefault)
    {
        File.WriteAllText(Path.Combine(folder, name + ".hmlm"), "placeholder");
        new ModelManifest { Name = name, Kind = kind, File = name + ".hmlm", IsDefault = isDefault }.Write(Path.Combine(folder, name + ".json"));
    }

    [Fact]
    public void A_new_default_classifier_takes_the_role_from_the_other_classifiers_of_its_folder()
    {
        var folder = TestPaths.NewTempFolder();
        Write(folder, "old", "features", true);
        Write(folder, "screen", "dysplasia", true);
        File.WriteAllText(Path.Combine(folder, "metrics.json"), "{\"accuracy\": 0.9}");

        Write(folder, "new", "ensemble", true);

        Assert.False(ModelManifest.Read(Path.Combine(folder, "old.json")).IsDefault);
        Assert.True(ModelManifest.Read(Path.Combine(folder, "screen.json")).IsDefault); // not an eight-class model
        Assert.Equal("{\"accuracy\": 0.9}", File.ReadAllText(Path.Combine(folder, "metrics.json")));
        File.Delete(Path.Combine(folder, "metrics.json"));
        Assert.Equal(Path.Combine(folder, "new.hmlm"), ModelCatalog.FromDirectory(folder).ResolvePath(null));
    }

    [Fact]
    public void A_default_of_another_kind_is_never_taken_for_the_eight_class_default()
    {
        var folder = TestPaths.NewTempFolder();
        Write(folder, "a-screen", "dysplasia", true);
        Write(folder, "cells", "cnn", false);

        Assert.Equal(Path.Combine(folder, "cells.hmlm"), ModelCatalog.FromDirectory(folder).ResolvePath(null));
    }
}
