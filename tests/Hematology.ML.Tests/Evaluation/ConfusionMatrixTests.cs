using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

public class ConfusionMatrixTests
{
    [Fact]
    public void Counts_true_class_in_rows_and_predicted_class_in_columns()
    {
        var cm = new ConfusionMatrix(["x", "y"], [0, 0, 0, 1], [0, 1, 1, 1]);
        Assert.Equal(1, cm[0, 0]);
        Assert.Equal(2, cm[0, 1]);
        Assert.Equal(0, cm[1, 0]);
        Assert.Equal(1, cm[1, 1]);
        Assert.Equal(4, cm.Total);
        Assert.Equal(2, cm.Correct);
        Assert.Equal([[1, 2], [0, 1]], cm.ToArray());
    }

    [Fact]
    public void Row_percentages_are_relative_to_the_true_class_and_zero_for_empty_rows()
    {
        var cm = ConfusionMatrix.FromCounts(["a", "b", "c"], [[5, 2, 1], [0, 0, 0], [2, 0, 7]]);
        Assert.Equal(62.5, cm.RowPercent(0, 0), 9);
        Assert.Equal(25.0, cm.RowPercent(0, 1), 9);
        Assert.Equal(12.5, cm.RowPercent(0, 2), 9);
        Assert.Equal(0.0, cm.RowPercent(1, 1), 9);
        Assert.Equal(700.0 / 9, cm.ToRowPercentArray()[2][2], 9);
    }

    [Fact]
    public void One_versus_all_counts_match_the_hand_computed_example()
    {
        var cm = ConfusionMatrix.FromCounts(Fixtures.Classes, Fixtures.Counts);
        // Class A: TP 5, FN 2+1, FP 0+2, TN 21-5-3-2 = 11
        Assert.Equal((5, 3, 2, 11), (cm.TruePositives(0), cm.FalseNegatives(0), cm.FalsePositives(0), cm.TrueNegatives(0)));
        // Class C: TP 7, FN 2, FP 1+1, TN 21-7-2-2 = 10
        Assert.Equal((7, 2, 2, 10), (cm.TruePositives(2), cm.FalseNegatives(2), cm.FalsePositives(2), cm.TrueNegatives(2)));
    }

    [Fact]
    public void Rejects_out_of_range_labels_and_length_mismatch()
    {
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["x", "y"], [0, 2], [0, 1]));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["x", "y"], [0, 1], [0, -1]));
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["x", "y"], [0, 1], [0]));
    }
}
