using Hematology.ML.Screening;

namespace Hematology.ML.Tests.Screening;

public class ThresholdSelectionTests
{
    [Fact]
    public void Cutoff_is_the_lowest_dysplastic_score_when_the_classes_separate()
    {
        double[] scores = [0.05, 0.20, 0.35, 0.62, 0.70, 0.91];
        bool[] dysplastic = [false, false, false, true, true, true];
        var cutoff = DysplasiaCutoff.Choose(scores, dysplastic);
        Assert.Equal(0.62, cutoff.Threshold);
        Assert.Equal(1.0, cutoff.Tpr);
        Assert.Equal(0.0, cutoff.Fpr);
    }

    [Fact]
    public void Cutoff_maximises_Youden_J_when_the_classes_overlap()
    {
        // 0.8: TPR 2/4, FPR 0 (J 0.5); 0.6 (a tie of one of each): 3/4, 1/4 (J 0.5); 0.45: 4/4, 1/4 (J 0.75, the best);
        // 0.4: 4/4, 2/4 (J 0.5).
        double[] scores = [0.1, 0.4, 0.6, 0.3, 0.45, 0.6, 0.8, 0.9];
        bool[] dysplastic = [false, false, false, false, true, true, true, true];
        var cutoff = DysplasiaCutoff.Choose(scores, dysplastic);
        Assert.Equal(0.45, cutoff.Threshold);
        Assert.Equal(0.75, cutoff.YoudenJ, 10);
    }

    [Fact]
    public void Tied_scores_move_together_across_the_cutoff()
    {
        // Two cells share 0.5, one of each class: the cut-off cannot split them, so 0.5 takes both (J = 1 - 1/2 = 0.5)
        // and 0.7 takes one positive of two (J = 0.5); the higher threshold wins the tie.
        double[] scores = [0.5, 0.5, 0.7, 0.2];
        bool[] dysplastic = [true, false, true, false];
        var cutoff = DysplasiaCutoff.Choose(scores, dysplastic);
        Assert.Equal(0.7, cutoff.Threshold);
        Assert.Equal(0.5, cutoff.Tpr, 10);
    }

    [Fact]
    public void Cutoff_refuses_one_class_only_with_a_clear_message()
    {
        var e = Assert.Throws<HematologyException>(() => DysplasiaCutoff.Choose([0.2, 0.9], [true, true]));
        Assert.Contains("both", e.Message);
        Assert.Contains("0 normal", e.Message);
    }

    [Fact]
    public void Cutoff_refuses_scores_that_do_not_separate()
    {
        var e = Assert.Throws<HematologyException>(() => DysplasiaCutoff.Choose([0.9, 0.1], [false, true]));
        Assert.Contains("do not separate", e.Message);
    }

    [Fact]
    public void Cutoff_refuses_missing_scores()
    {
        Assert.Throws<HematologyException>(() => DysplasiaCutoff.Choose([double.NaN, 0.4], [true, false]));
    }

    [Fact]
    public void Smear_threshold_separates_MDS_fractions_from_normal_ones()
    {
        double[] fractions = [0.02, 0.05, 0.08, 0.12, 0.31, 0.45, 0.10, 0.70];
        bool[] mds = [false, false, false, false, true, true, true, true];
        var threshold = SmearThreshold.Choose(fractions, mds);
        // 0.31 catches 3 of 4 MDS with no false positive (J 0.75); 0.10 catches all 4 with one false positive (J 0.75): tie -> 0.31.
        Assert.Equal(0.31, threshold.Threshold);
        Assert.Throws<HematologyException>(() => SmearThreshold.Choose([0.1, 0.2], [false, false]));
    }
}
