using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

public class StratifiedKFoldTests
{
    // class sizes 10, 7, 3, 1, interleaved so that input order alone would not stratify
    private static readonly string[] Labels =
    [
        "neutrophil", "lymphocyte", "neutrophil", "basophil", "neutrophil", "lymphocyte", "neutrophil",
        "platelet", "neutrophil", "lymphocyte", "neutrophil", "basophil", "lymphocyte", "neutrophil",
        "lymphocyte", "neutrophil", "lymphocyte", "basophil", "neutrophil", "lymphocyte", "neutrophil",
    ];

    [Fact]
    public void Each_class_is_spread_over_folds_with_counts_differing_by_at_most_one()
    {
        const int k = 3;
        var folds = StratifiedKFold.AssignFolds(Labels, k, seed: 42);
        Assert.Equal(Labels.Length, folds.Length);
        Assert.All(folds, f => Assert.InRange(f, 0, k - 1));
        foreach (var cls in Labels.Distinct())
        {
            var perFold = new int[k];
            for (int i = 0; i < Labels.Length; i++)
                if (Labels[i] == cls) perFold[folds[i]]++;
            Assert.True(perFold.Max() - perFold.Min() <= 1, $"{cls}: {string.Join(",", perFold)}");
        }
        // 21 samples over 3 folds: totals balanced too
        var sizes = Enumerable.Range(0, k).Select(f => folds.Count(x => x == f)).ToArray();
        Assert.True(sizes.Max() - sizes.Min() <= 1);
    }

    [Fact]
    public void Same_seed_gives_same_folds_and_another_seed_usually_differs()
    {
        var a = StratifiedKFold.AssignFolds(Labels, 5, seed: 7);
        var b = StratifiedKFold.AssignFolds(Labels, 5, seed: 7);
        var c = StratifiedKFold.AssignFolds(Labels, 5, seed: 8);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Split_puts_every_index_in_exactly_one_test_fold_and_trains_on_the_rest()
    {
        int[] labels = [0, 1, 0, 1, 0, 2, 2, 0, 1, 0, 0, 2];
        var splits = StratifiedKFold.Split(labels, 4, seed: 1);
        Assert.Equal(4, splits.Count);
        var seen = splits.SelectMany(s => s.TestIndices).OrderBy(i => i).ToArray();
        Assert.Equal(Enumerable.Range(0, labels.Length), seen);
        foreach (var s in splits)
        {
            Assert.Empty(s.TrainIndices.Intersect(s.TestIndices));
            Assert.Equal(labels.Length, s.TrainIndices.Length + s.TestIndices.Length);
        }
    }

    [Fact]
    public void Fewer_than_two_folds_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StratifiedKFold.AssignFolds(new[] { 0, 1 }, 1, 0));
    }
}
