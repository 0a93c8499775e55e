using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

public class WilsonIntervalTests
{
    [Fact]
    public void Ninety_five_of_one_hundred_matches_the_published_interval()
    {
        // z = 1.96: centre (0.95 + 0.019207) / 1.038415 = 0.933351,
        // half = 1.96 / 1.038415 * sqrt(0.000475 + 0.0000960365) = 0.045104 -> [0.88825, 0.97846]
        var (lo, hi) = WilsonInterval.Compute(95, 100);
        Assert.Equal(0.8882495307680808, lo, 1e-9);
        Assert.Equal(0.9784563208456319, hi, 1e-9);
    }

    [Fact]
    public void Perfect_accuracy_has_upper_bound_one_and_lower_bound_below_one()
    {
        // all successes: lower = n / (n + z^2)
        var (lo, hi) = WilsonInterval.Compute(50, 50);
        Assert.Equal(1.0, hi, 1e-12);
        Assert.Equal(50 / (50 + WilsonInterval.Z95 * WilsonInterval.Z95), lo, 1e-9);
    }

    [Fact]
    public void No_trials_gives_zero_interval()
    {
        Assert.Equal((0.0, 0.0), WilsonInterval.Compute(0, 0));
    }
}
