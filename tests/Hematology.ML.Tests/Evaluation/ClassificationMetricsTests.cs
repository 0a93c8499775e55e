using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

public class ClassificationMetricsTests
{
    private const double Tol = 1e-9;

    [Fact]
    public void Three_class_example_matches_hand_computed_metrics()
    {
        var m = Fixtures.Metrics(withScores: false);

        // accuracy = (5 + 3 + 7) / 21 = 5/7
        Assert.Equal(5.0 / 7, m.Accuracy, Tol);

        // A: TP 5, FN 3, FP 2, TN 11 -> sens 5/8, spec 11/13, prec 5/7, F1 = 2*5/(2*5+2+3) = 2/3
        var a = m.ForClass("A");
        Assert.Equal(5.0 / 8, a.Sensitivity, Tol);
        Assert.Equal(11.0 / 13, a.Specificity, Tol);
        Assert.Equal(5.0 / 7, a.Precision, Tol);
        Assert.Equal(2.0 / 3, a.F1, Tol);
        Assert.Equal(8, a.Support);
        Assert.Null(a.Auc);

        // B: TP 3, FN 1, FP 2 (column 2+3+0 minus 3), TN 15 -> 3/4, 15/17, 3/5, F1 = 6/9
        var b = m.ForClass("B");
        Assert.Equal(3.0 / 4, b.Sensitivity, Tol);
        Assert.Equal(15.0 / 17, b.Specificity, Tol);
        Assert.Equal(3.0 / 5, b.Precision, Tol);
        Assert.Equal(2.0 / 3, b.F1, Tol);
        Assert.Equal(4, b.Support);

        // C: TP 7, FN 2, FP 2, TN 10 -> 7/9, 10/12, 7/9, F1 = 14/18
        var c = m.ForClass("C");
        Assert.Equal(7.0 / 9, c.Sensitivity, Tol);
        Assert.Equal(10.0 / 12, c.Specificity, Tol);
        Assert.Equal(7.0 / 9, c.Precision, Tol);
        Assert.Equal(7.0 / 9, c.F1, Tol);
        Assert.Equal(9, c.Support);

        // macro = unweighted means
        Assert.Equal((5.0 / 8 + 3.0 / 4 + 7.0 / 9) / 3, m.Macro.Sensitivity, Tol);
        Assert.Equal((11.0 / 13 + 15.0 / 17 + 10.0 / 12) / 3, m.Macro.Specificity, Tol);
        Assert.Equal((5.0 / 7 + 3.0 / 5 + 7.0 / 9) / 3, m.Macro.Precision, Tol);
        Assert.Equal(19.0 / 27, m.Macro.F1, Tol); // (6/9 + 6/9 + 7/9) / 3
        Assert.Null(m.Macro.Auc);
        Assert.Null(m.RocCurves);
    }

    [Fact]
    public void Never_predicted_and_absent_classes_get_zero_instead_of_nan()
    {
        // class "z" never occurs and is never predicted; "y" occurs but is never predicted
        var m = ClassificationMetrics.FromPredictions(["x", "y", "z"], [0, 0, 1], [0, 0, 0]);
        var y = m.ForClass("y");
        Assert.Equal(0, y.Sensitivity);
        Assert.Equal(0, y.Precision); // 0 / 0
        Assert.Equal(0, y.F1);        // P + R = 0
        Assert.Equal(1, y.Specificity);
        var z = m.ForClass("z");
        Assert.Equal(0, z.Sensitivity); // 0 / 0
        Assert.Equal(1, z.Specificity);
        Assert.Equal(0, z.Support);
        Assert.Equal(2.0 / 3, m.Accuracy, Tol);
    }

    [Fact]
    public void Scores_give_one_versus_all_auc_per_class_and_their_macro_mean()
    {
        var m = Fixtures.Metrics(withScores: true);
        Assert.NotNull(m.RocCurves);
        // Class A, scored 0.8 when predicted A: positives 8 (5 high, 3 low), negatives 13 (2 high, 11 low).
        // Mann-Whitney: (5*11 + 0.5*(5*2 + 3*11)) / (8*13) = (55 + 21.5) / 104
        Assert.Equal(76.5 / 104, m.ForClass("A").Auc!.Value, Tol);
        // Class B: positives 4 (3 high, 1 low), negatives 17 (2 high, 15 low): (45 + 0.5*(6 + 15)) / 68
        Assert.Equal(55.5 / 68, m.ForClass("B").Auc!.Value, Tol);
        // Class C: positives 9 (7 high, 2 low), negatives 12 (2 high, 10 low): (70 + 0.5*(14 + 20)) / 108
        Assert.Equal(87.0 / 108, m.ForClass("C").Auc!.Value, Tol);
        Assert.Equal((76.5 / 104 + 55.5 / 68 + 87.0 / 108) / 3, m.Macro.Auc!.Value, Tol);
    }

    [Fact]
    public void Rejects_scores_with_the_wrong_number_of_classes()
    {
        var cm = new ConfusionMatrix(["x", "y"], [0, 1], [0, 1]);
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(cm, [0, 1], [[0.5], [0.5]]));
    }

    [Fact]
    public void Rejects_labels_that_do_not_match_the_matrix_rows()
    {
        var cm = new ConfusionMatrix(["x", "y"], [0, 1], [0, 1]);
        Assert.Throws<ArgumentException>(() => ClassificationMetrics.Compute(cm, [0, 0], [[0.6, 0.4], [0.3, 0.7]]));
    }
}
