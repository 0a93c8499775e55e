using Hematology.ML.Adaptation;
using Hematology.ML.Cells;

namespace Hematology.ML.Tests.Adaptation;

public class DomainCheckTests
{
    private static CellPrediction[] Confident(double p) =>
        Enumerable.Range(0, 10).Select(i => new CellPrediction($"c{i}.jpg", "neutrophil", (float)p, [(float)p, (float)(1 - p)])).ToArray();

    [Fact]
    public void Cells_like_the_training_labs_give_no_warning()
    {
        var check = new DomainCheck(new LabAdaptationSummary(1, [1.05, 0.97, 1.02]), Confident(0.97));
        Assert.False(check.UnlikeTrainingLab);
        Assert.Null(check.Warning);
    }

    [Fact]
    public void Another_magnification_stain_or_an_unsure_model_is_named_with_the_way_to_adapt()
    {
        var check = new DomainCheck(new LabAdaptationSummary(1.5, [0.6, 1.0, 1.1]), Confident(0.6));
        Assert.Equal(3, check.Differences.Count);
        Assert.Contains("magnification", check.Differences[0]);
        Assert.Contains("stain", check.Differences[1]);
        Assert.Contains("unsure", check.Differences[2]);
        Assert.Contains("not established", check.Warning);
        Assert.Contains("hemato adapt", check.Warning);
    }

    [Fact]
    public void A_model_adapted_to_the_lab_is_not_warned_about_the_zoom_and_colours_it_was_adapted_to()
    {
        var adapted = new LabAdaptationSummary(1.5, [0.6, 1.0, 1.1], FromModel: true);

        Assert.False(new DomainCheck(adapted, Confident(0.95)).UnlikeTrainingLab);
        var unsure = new DomainCheck(adapted, Confident(0.6));
        Assert.Contains("unsure", Assert.Single(unsure.Differences));
        Assert.Contains("adapted to this lab", unsure.Warning);
        Assert.True((bool)unsure.ToJson()["adapted_model"]!);
    }
}

/// <summary>The confidence to expect depends on the model and on which cells a folder holds.</summary>
public class DomainCheckReferenceTests
{
    private static CellPrediction[] Predicted(string cellClass, double p) =>
        Enumerable.Range(0, 10).Select(i => new CellPrediction($"c{i}.jpg", cellClass, (float)p, [(float)p, (float)(1 - p)])).ToArray();

    [Fact]
    public void A_folder_of_cells_its_model_is_less_sure_of_on_the_training_lab_itself_is_not_called_unlike_it()
    {
        var ownLab = new Dictionary<string, double> { ["neutrophil_band"] = 0.78, ["platelet"] = 0.91 };

        var bands = new DomainCheck(null, Predicted("neutrophil_band", 0.74), ownLab);
        var unsureBands = new DomainCheck(null, Predicted("neutrophil_band", 0.6), ownLab);
        var unsurePlatelets = new DomainCheck(null, Predicted("platelet", 0.79), ownLab);

        Assert.False(bands.UnlikeTrainingLab);
        Assert.True(new DomainCheck(null, Predicted("neutrophil_band", 0.74)).UnlikeTrainingLab, "the default reference, 0.89, would flag them");
        Assert.Contains("about 0.78 on the training lab's own cells of these classes", Assert.Single(unsureBands.Differences));
        Assert.True(unsurePlatelets.UnlikeTrainingLab);
    }
}
