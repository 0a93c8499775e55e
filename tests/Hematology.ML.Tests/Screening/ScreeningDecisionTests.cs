using Hematology.ML.Models;
using Hematology.ML.Screening;

namespace Hematology.ML.Tests.Screening;

public class ScreeningDecisionTests
{
    private static readonly ScreeningThresholds Thresholds = new(0.6, 0.25, 40.0) { MinimumNeutrophils = 20 };
    private static readonly StainCheck Adequate = new(StainStatus.Adequate, 60, 3);

    [Fact]
    public void Fraction_at_the_threshold_is_MDS_suspected_and_just_below_is_not()
    {
        Assert.Equal(ScreeningDecision.MdsSuspected, ScreeningDecisions.Decide(40, 0.25, Adequate, Thresholds));
        Assert.Equal(ScreeningDecision.NoMds, ScreeningDecisions.Decide(40, 0.2499, Adequate, Thresholds));
    }

    [Fact]
    public void Too_few_neutrophils_give_no_decision_whatever_the_fraction()
    {
        Assert.Equal(ScreeningDecision.InsufficientNeutrophils, ScreeningDecisions.Decide(19, 0.9, Adequate, Thresholds));
        Assert.Equal(ScreeningDecision.MdsSuspected, ScreeningDecisions.Decide(20, 0.9, Adequate, Thresholds));
    }

    [Fact]
    public void Understained_smear_is_never_called_MDS()
    {
        var pale = StainQualityControl.Check([35.0, 38.0, 52.0], Thresholds.StainIndexMinimum);
        Assert.Equal(StainStatus.Insufficient, pale.Status);
        Assert.Equal(38.0, pale.StainIndex);
        Assert.Equal(ScreeningDecision.StainQualityInsufficient, ScreeningDecisions.Decide(80, 0.8, pale, Thresholds));
    }

    [Fact]
    public void Smear_without_control_cells_is_not_checked_and_decided_on_neutrophils()
    {
        var none = StainQualityControl.Check([], Thresholds.StainIndexMinimum);
        Assert.Equal(StainStatus.NotChecked, none.Status);
        Assert.Equal(ScreeningDecision.MdsSuspected, ScreeningDecisions.Decide(80, 0.8, none, Thresholds));
    }

    [Fact]
    public void Stain_minimum_is_calibrated_between_pale_and_well_stained_smears()
    {
        double?[] indices = [62, 58, 65, 41, 39, null];
        bool[] understained = [false, false, false, true, true, true];
        Assert.Equal(41, StainQualityControl.Calibrate(indices, understained));
    }

    [Fact]
    public void Stain_index_of_a_real_eosinophil_falls_when_it_is_paled()
    {
        var eosinophil = ML.Imaging.CellImageDecoder.Decode(TestPaths.SampleOf("eosinophil"));
        var normal = StainQualityControl.CellStainIndex(eosinophil);
        var pale = StainQualityControl.CellStainIndex(ML.Simulation.UnderstainedSmear.Pale(eosinophil, 0.6));
        Assert.InRange(normal, 40, 200);
        Assert.True(pale < normal * 0.85, $"pale {pale:F1} vs normal {normal:F1}");
    }

    [Fact]
    public void Out_of_range_thresholds_are_refused()
    {
        Assert.Throws<HematologyException>(() => new ScreeningThresholds(1.2, 0.2, null).Validate());
        Assert.Throws<HematologyException>(() => (Thresholds with { MinimumNeutrophils = 0 }).Validate());
    }
}
