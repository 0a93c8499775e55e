using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

public class RocCurveTests
{
    private const double Tol = 1e-9;

    [Fact]
    public void Perfect_separation_gives_auc_one()
    {
        var roc = RocCurve.Compute([0.9, 0.8, 0.2, 0.1], [true, true, false, false]);
        Assert.Equal(1.0, roc.Auc, Tol);
    }

    [Fact]
    public void Inverted_scores_give_auc_zero()
    {
        var roc = RocCurve.Compute([0.1, 0.2, 0.8, 0.9], [true, true, false, false]);
        Assert.Equal(0.0, roc.Auc, Tol);
    }

    [Fact]
    public void All_tied_scores_give_auc_one_half_and_a_single_diagonal_step()
    {
        var roc = RocCurve.Compute([0.5, 0.5, 0.5, 0.5, 0.5], [true, false, true, false, false]);
        Assert.Equal(0.5, roc.Auc, Tol);
        Assert.Equal(2, roc.Points.Count); // (0,0) and (1,1): one point per distinct score
        Assert.Equal(new RocPoint(1, 1, 0.5), roc.Points[1]);
    }

    [Fact]
    public void Tied_scores_count_one_half_as_in_mann_whitney()
    {
        // positives {0.9, 0.8}, negatives {0.8, 0.3}
        // pairs: (0.9>0.8)=1, (0.9>0.3)=1, (0.8=0.8)=1/2, (0.8>0.3)=1 -> 3.5 / 4 = 0.875
        var roc = RocCurve.Compute([0.9, 0.8, 0.8, 0.3], [true, false, true, false]);
        Assert.Equal(0.875, roc.Auc, Tol);
        // points: (0,0) +inf, (0,0.5) at 0.9, (0.5,1) at 0.8 (both tied samples together), (1,1) at 0.3
        Assert.Equal(
            [new RocPoint(0, 0, double.PositiveInfinity), new RocPoint(0, 0.5, 0.9), new RocPoint(0.5, 1, 0.8), new RocPoint(1, 1, 0.3)],
            roc.Points);
        Assert.Equal([0, 0, 0.5, 1], roc.FalsePositiveRates);
        Assert.Equal([0, 0.5, 1, 1], roc.TruePositiveRates);
    }

    [Fact]
    public void Youden_cutoff_maximises_tpr_minus_fpr()
    {
        // 4 positives, 3 negatives.  threshold: TPR, FPR, J
        //   0.9: 1/4, 0,   1/4     0.8: 2/4, 0, 1/2     0.7: 2/4, 1/3, 1/6
        //   0.6: 3/4, 1/3, 5/12    0.5: 1,  1/3, 2/3 <- max    0.4: 1, 2/3, 1/3    0.3: 1, 1, 0
        var roc = RocCurve.Compute([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], [true, true, false, true, true, false, false]);
        var cut = roc.YoudenOptimal();
        Assert.Equal(0.5, cut.Threshold);
        Assert.Equal(1.0, cut.Tpr, Tol);
        Assert.Equal(1.0 / 3, cut.Fpr, Tol);
        Assert.Equal(2.0 / 3, cut.YoudenJ, Tol);
    }

    [Fact]
    public void Youden_ties_prefer_the_higher_threshold()
    {
        // J = 1/2 both at 0.9 (TPR 1/2, FPR 0) and at 0.8 (TPR 1, FPR 1/2)
        var cut = RocCurve.Compute([0.9, 0.8, 0.8, 0.3], [true, false, true, false]).YoudenOptimal();
        Assert.Equal(0.9, cut.Threshold);
    }

    [Fact]
    public void No_positives_gives_zero_auc_by_the_division_convention()
    {
        var roc = RocCurve.Compute([0.9, 0.1], [false, false]);
        Assert.Equal(0, roc.Auc);
        Assert.All(roc.Points, p => Assert.Equal(0, p.Tpr));
    }
}
