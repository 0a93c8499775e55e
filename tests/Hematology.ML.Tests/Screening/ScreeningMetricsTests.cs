using Hematology.ML.Screening;

namespace Hematology.ML.Tests.Screening;

public class ScreeningMetricsTests
{
    [Fact]
    public void Counts_rates_and_Wilson_intervals_match_a_hand_count()
    {
        // 4 MDS (3 called), 6 non-MDS (1 called): sensitivity 3/4, specificity 5/6, precision 3/4, accuracy 8/10.
        bool[] called = [true, true, true, false, true, false, false, false, false, false];
        bool[] mds = [true, true, true, true, false, false, false, false, false, false];
        double[] fractions = [0.5, 0.4, 0.35, 0.1, 0.3, 0.05, 0.02, 0.08, 0.0, 0.03];
        var m = ScreeningMetrics.Compute(called, mds, fractions);
        Assert.Equal((3, 1, 5, 1), (m.TruePositives, m.FalsePositives, m.TrueNegatives, m.FalseNegatives));
        Assert.Equal(0.75, m.Sensitivity.Value);
        Assert.Equal(5 / 6.0, m.Specificity.Value, 10);
        Assert.Equal(0.8, m.Accuracy.Value, 10);
        Assert.InRange(m.Sensitivity.Lower, 0.30, 0.31); // Wilson 3/4: 0.301-0.954
        Assert.InRange(m.Sensitivity.Upper, 0.95, 0.96);
        // AUC: positives 0.5, 0.4, 0.35 beat all 6 negatives; 0.1 beats 0.05, 0.02, 0.08, 0.0, 0.03 (5 of 6): (18 + 5) / 24.
        Assert.Equal(23 / 24.0, m.Auc, 10);
        Assert.True(m.AucLower <= m.Auc && m.Auc <= m.AucUpper);
        Assert.True(m.AucLower < 0.95);
    }
}
