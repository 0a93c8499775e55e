using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

public class CrossValidationSummaryTests
{
    private static CrossValidationSummary Sample() => CrossValidationSummary.FromFolds(
    [
        new FoldResult { Fold = 0, Accuracy = 0.90, MacroF1 = 0.80 },
        new FoldResult { Fold = 1, Accuracy = 0.92, MacroF1 = 0.90 },
        new FoldResult { Fold = 2, Accuracy = 0.94, MacroF1 = 0.85 },
        new FoldResult { Fold = 3, Accuracy = 0.96, MacroF1 = 0.85 },
    ], model: "svm");

    [Fact]
    public void Mean_and_sample_standard_deviation_match_hand_computation()
    {
        var s = Sample();
        // accuracy: mean 0.93; deviations ±0.03, ±0.01 -> var = (0.0009+0.0001+0.0001+0.0009)/3
        Assert.Equal(0.93, s.MeanAccuracy, 1e-12);
        Assert.Equal(Math.Sqrt(0.002 / 3), s.StdAccuracy, 1e-12);
        // macro F1: mean 0.85; deviations -0.05, +0.05, 0, 0 -> var = 0.005/3
        Assert.Equal(0.85, s.MeanMacroF1, 1e-12);
        Assert.Equal(Math.Sqrt(0.005 / 3), s.StdMacroF1, 1e-12);
    }

    [Fact]
    public void A_single_fold_has_zero_spread()
    {
        var s = CrossValidationSummary.FromFolds([new FoldResult { Fold = 0, Accuracy = 0.9, MacroF1 = 0.8 }]);
        Assert.Equal(0, s.StdAccuracy);
    }

    [Fact]
    public void Folds_from_metrics_use_accuracy_and_macro_f1()
    {
        var m = Fixtures.Metrics(withScores: false);
        var s = CrossValidationSummary.FromFolds([m, m]);
        Assert.Equal(5.0 / 7, s.MeanAccuracy, 1e-12);
        Assert.Equal(19.0 / 27, s.MeanMacroF1, 1e-12);
        Assert.Equal([0, 1], s.Folds.Select(f => f.Fold));
    }

    [Fact]
    public void Round_trips_through_json_with_snake_case_keys()
    {
        var json = EvaluationJson.Serialize(Sample());
        Assert.Contains("\"mean_accuracy\"", json);
        Assert.Contains("\"std_macro_f1\"", json);
        Assert.Contains("\"macro_f1\"", json);
        var back = EvaluationJson.DeserializeSummary(json);
        Assert.Equal(Sample().StdAccuracy, back.StdAccuracy);
        Assert.Equal(4, back.Folds.Count);
        Assert.Equal(0.94, back.Folds[2].Accuracy);
        Assert.Equal("svm", back.Model);
        Assert.Equal(json, EvaluationJson.Serialize(back));
    }
}
