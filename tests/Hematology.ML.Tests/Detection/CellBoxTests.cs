using Hematology.ML.Detection;

namespace Hematology.ML.Tests.Detection;

public class CellBoxTests
{
    [Fact]
    public void Intersection_over_union_is_one_for_the_same_box_and_zero_apart()
    {
        var box = new CellBox(10, 10, 30, 30);
        Assert.Equal(1.0, box.IoU(box));
        Assert.Equal(0.0, box.IoU(new CellBox(40, 40, 50, 50)));
        Assert.Equal(100 / 700.0, box.IoU(new CellBox(20, 20, 40, 40)), 6);
    }

    [Fact]
    public void Each_true_box_matches_one_detection_at_most()
    {
        CellBox truth = new(0, 0, 20, 20), twin = new(1, 1, 21, 21), far = new(100, 100, 120, 120);
        var score = DetectionScore.Match([truth, twin, far], [truth]);
        Assert.Equal((1, 2, 0), (score.TruePositives, score.FalsePositives, score.FalseNegatives));
        Assert.Equal(1.0, score.Recall);
        Assert.Equal(1 / 3.0, score.Precision, 6);
    }

    [Fact]
    public void A_box_too_loose_is_both_a_miss_and_a_false_alarm()
    {
        var score = DetectionScore.Match([new CellBox(0, 0, 40, 40)], [new CellBox(0, 0, 20, 20)]);
        Assert.Equal((0, 1, 1), (score.TruePositives, score.FalsePositives, score.FalseNegatives));
    }
}
