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
