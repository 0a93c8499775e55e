using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

public class ConfidentErrorsTests
{
    private static readonly string[] Classes = ["A", "B", "C"];

    // One image per row: (file, true, predicted, probabilities); the probability of the predicted class is what counts.
    private static IReadOnlyList<ConfusionCellErrors> Select(int perCell, params (string File, int True, int Predicted, double[] P)[] images) =>
        ConfidentErrors.Select(images.Select(i => i.File).ToArray(), images.Select(i => i.True).ToArray(),
            images.Select(i => i.Predicted).ToArray(), images.Select(i => (IReadOnlyList<double>)i.P).ToArray(), Classes, perCell);

    [Fact]
    public void Errors_of_a_cell_come_most_confident_first_and_at_most_k_of_them()
    {
        var cells = Select(2,
            ("a1.jpg", 0, 1, [0.4, 0.6, 0.0]),
            ("a2.jpg", 0, 1, [0.1, 0.9, 0.0]),
            ("a3.jpg", 0, 1, [0.3, 0.5, 0.2]),
            ("a4.jpg", 0, 1, [0.2, 0.7, 0.1]));

        var cell = Assert.Single(cells);
        Assert.Equal(("A", "B", 4), (cell.TrueClass, cell.PredictedClass, cell.Count));
        Assert.Equal(["a2.jpg", "a4.jpg"], cell.MostConfident.Select(e => e.File));
        Assert.Equal([0.9, 0.7], cell.MostConfident.Select(e => e.Probability));
        Assert.All(cell.MostConfident, e => Assert.Equal(("A", "B"), (e.TrueClass, e.PredictedClass)));
    }

    [Fact]
    public void Correct_predictions_never_appear_however_confident()
    {
        var cells = Select(3,
            ("right.jpg", 1, 1, [0.0, 1.0, 0.0]),
            ("wrong.jpg", 1, 2, [0.2, 0.3, 0.5]));

        var error = Assert.Single(Assert.Single(cells).MostConfident);
        Assert.Equal(new ConfidentError("B", "C", "wrong.jpg", 0.5), error);
    }

    [Fact]
    public void Cells_without_errors_are_absent_and_the_others_come_most_errors_first()
    {
        var cells = Select(3,
            ("c1.jpg", 2, 0, [0.8, 0.1, 0.1]),
            ("b1.jpg", 1, 0, [0.6, 0.3, 0.1]),
            ("b2.jpg", 1, 0, [0.7, 0.2, 0.1]),
            ("a1.jpg", 0, 2, [0.1, 0.1, 0.8]),
            ("ok.jpg", 0, 0, [0.9, 0.05, 0.05]));

        // B->A has two errors; A->C and C->A one each, in class order; A->B, B->C, C->B and the diagonal are absent.
        Assert.Equal([("B", "A", 2), ("A", "C", 1), ("C", "A", 1)], cells.Select(c => (c.TrueClass, c.PredictedClass, c.Count)));
    }

    [Fact]
    public void Equally_confident_errors_keep_their_input_order()
    {
        var cells = Select(2,
            ("first.jpg", 0, 1, [0.5, 0.5, 0.0]),
            ("second.jpg", 0, 1, [0.5, 0.5, 0.0]),
            ("third.jpg", 0, 1, [0.5, 0.5, 0.0]));

        Assert.Equal(["first.jpg", "second.jpg"], Assert.Single(cells).MostConfident.Select(e => e.File));
    }

    [Fact]
    public void No_errors_gives_no_cells_and_zero_per_cell_keeps_the_counts_alone()
    {
        Assert.Empty(Select(3, ("ok.jpg", 0, 0, [1.0, 0.0, 0.0])));
        var cell = Assert.Single(Select(0, ("wrong.jpg", 0, 1, [0.1, 0.9, 0.0])));
        Assert.Equal(1, cell.Count);
        Assert.Empty(cell.MostConfident);
    }

    [Fact]
    public void Inputs_that_do_not_fit_together_are_refused()
    {
        Assert.Throws<ArgumentException>(() => ConfidentErrors.Select(["a.jpg"], [0, 1], [1], [[0.0, 1.0, 0.0]], Classes));
        Assert.Throws<ArgumentException>(() => Select(3, ("a.jpg", 0, 3, [0.0, 0.0, 1.0])));
        Assert.Throws<ArgumentException>(() => Select(3, ("a.jpg", 0, 1, [0.0, 1.0])));
        Assert.Throws<ArgumentOutOfRangeException>(() => Select(-1, ("a.jpg", 0, 1, [0.0, 1.0, 0.0])));
    }
}
