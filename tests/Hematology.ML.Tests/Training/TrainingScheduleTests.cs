using Hematology.ML.Training;

namespace Hematology.ML.Tests.Training;

public class TrainingScheduleTests
{
    [Fact]
    public void Cosine_schedule_warms_up_linearly_then_decays_to_zero_at_the_end()
    {
        var schedule = new LearningRateSchedule("cosine", 1e-3, WarmupEpochs: 1, Epochs: 5).Validate();
        Assert.True(schedule.At(0) < 1e-5);
        Assert.Equal(0.5e-3, schedule.At(0.5), 5);
        Assert.Equal(1e-3, schedule.At(1), 9);
        Assert.Equal(0.5e-3, schedule.At(3), 9); // half-way through the decay
        Assert.Equal(0, schedule.At(5), 12);
        var rates = Enumerable.Range(10, 40).Select(i => schedule.At(i / 10.0)).ToArray();
        Assert.True(rates.Zip(rates.Skip(1)).All(p => p.Second <= p.First), "the decay never rises again");
    }

    [Fact]
    public void Step_schedule_divides_by_ten_at_half_and_three_quarters_of_the_run()
    {
        var schedule = new LearningRateSchedule("step", 1, 0, 8);
        Assert.Equal(1, schedule.At(3.9));
        Assert.Equal(0.1, schedule.At(4.1), 12);
        Assert.Equal(0.01, schedule.At(6.5), 12);
        Assert.Equal(1, new LearningRateSchedule("constant", 1, 0, 8).At(7.9));
    }

    [Theory]
    [InlineData("linear", 1e-3, 0)]
    [InlineData("cosine", 0, 0)]
    [InlineData("cosine", 1e-3, 9)]
    public void Impossible_schedules_are_user_errors(string kind, double peak, double warmup) =>
        Assert.Throws<HematologyException>(() => new LearningRateSchedule(kind, peak, warmup, 5).Validate());

    private static readonly long[] Labels = [.. Enumerable.Repeat(0L, 30), .. Enumerable.Repeat(1L, 6), .. Enumerable.Repeat(2L, 12)];

    [Fact]
    public void Unbalanced_epoch_visits_every_image_once_in_a_seeded_order()
    {
        var order = EpochOrder.For(Labels, epoch: 1, seed: 7, balanced: false);
        Assert.Equal(Enumerable.Range(0, Labels.Length), order.Order());
        Assert.Equal(order, EpochOrder.For(Labels, 1, 7, false));
        Assert.NotEqual(order, EpochOrder.For(Labels, 2, 7, false));
    }

    [Fact]
    public void Balanced_epoch_draws_each_class_equally_and_shows_large_classes_a_fresh_subset()
    {
        var first = EpochOrder.For(Labels, 1, 7, balanced: true);
        Assert.Equal(48, first.Length);
        Assert.All(first.GroupBy(i => Labels[i]), g => Assert.Equal(16, g.Count()));
        // The six images of the small class each appear two or three times.
        Assert.All(first.Where(i => Labels[i] == 1).GroupBy(i => i), g => Assert.InRange(g.Count(), 2, 3));
        var second = EpochOrder.For(Labels, 2, 7, balanced: true);
        Assert.NotEqual(first.Where(i => Labels[i] == 0).Order(), second.Where(i => Labels[i] == 0).Order());
    }

    [Fact]
    public void Derived_seeds_are_the_same_in_every_process()
    {
        // HashCode.Combine would differ between runs; these values are fixed forever.
        Assert.Equal(Seeds.Combine(0, 1), Seeds.Combine(0, 1));
        Assert.NotEqual(Seeds.Combine(0, 1), Seeds.Combine(1, 0));
        Assert.Equal(SeedsCombine01, Seeds.Combine(0, 1));
    }

    private const int SeedsCombine01 = 1620339616;
}
