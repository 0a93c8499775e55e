using Hematology.ML.Imaging;
using Hematology.ML.Simulation;
using Xunit;

namespace Hematology.ML.Tests.Simulation;

public class HypogranulationSimulatorTests
{
    private static readonly RgbImage Neutrophil = CellImageDecoder.Decode(TestPaths.SampleOf("neutrophil"));
    private static readonly CellRegions Regions = CellRegions.Segment(Neutrophil);

    [Fact]
    public void Severity_zero_leaves_the_image_unchanged()
    {
        var result = new HypogranulationSimulator().Apply(Neutrophil, Regions, 0);
        Assert.Equal(Neutrophil.Pixels, result.Pixels);
    }

    [Fact]
    public void Higher_severity_lowers_cytoplasm_texture_monotonically()
    {
        var simulator = new HypogranulationSimulator();
        var mask = Regions.Mask(CellRegion.Cytoplasm);
        var energies = new[] { 0.0, 0.33, 0.67, 1.0 }
            .Select(s => HighFrequencyEnergy(simulator.Apply(Neutrophil, Regions, s), mask)).ToArray();
        for (var i = 1; i < energies.Length; i++) Assert.True(energies[i] < energies[i - 1], $"energy {string.Join(", ", energies)}");
        Assert.True(energies[^1] < 0.5 * energies[0], $"s = 1 should remove most granular texture: {string.Join(", ", energies)}");
    }

    [Fact]
    public void Nucleus_and_background_pixels_are_unchanged()
    {
        var result = new HypogranulationSimulator().Apply(Neutrophil, Regions, 1.0);
        var changedCytoplasm = 0;
        for (var i = 0; i < Regions.Labels.Count; i++)
        {
            var same = result.Pixels[i * 3] == Neutrophil.Pixels[i * 3] && result.Pixels[i * 3 + 1] == Neutrophil.Pixels[i * 3 + 1]
                       && result.Pixels[i * 3 + 2] == Neutrophil.Pixels[i * 3 + 2];
            if (Regions.Labels[i] != CellRegion.Cytoplasm) Assert.True(same, $"pixel {i} ({Regions.Labels[i]}) changed");
            else if (!same) changedCytoplasm++;
        }
        Assert.True(changedCytoplasm > Regions.CytoplasmArea / 2);
    }

    [Fact]
    public void Dysplastic_means_at_least_two_thirds()
    {
        Assert.True(HypogranulationSimulator.IsDysplastic(2.0 / 3.0));
        Assert.False(HypogranulationSimulator.IsDysplastic(0.3));
        var random = new Random(3);
        for (var i = 0; i < 100; i++)
        {
            Assert.InRange(HypogranulationSimulator.DrawDysplasticSeverity(random), 2.0 / 3.0, 1.0);
            Assert.InRange(HypogranulationSimulator.DrawNormalSeverity(random), 0.0, 0.3);
        }
    }

    [Fact]
    public void Nuisance_is_deterministic_for_a_seed()
    {
        var nuisance = new NuisanceAugmentation();
        Assert.Equal(nuisance.Apply(Neutrophil, 7).Pixels, nuisance.Apply(Neutrophil, 7).Pixels);
        Assert.NotEqual(nuisance.Apply(Neutrophil, 7).Pixels, nuisance.Apply(Neutrophil, 8).Pixels);
    }

    [Fact]
    public void Understaining_pales_granulocytes_only()
    {
        var paled = UnderstainedSmear.Apply(Neutrophil, "neutrophil", 1.0);
        Assert.True(paled.Pixels.Average(b => (double)b) > Neutrophil.Pixels.Average(b => (double)b) + 5);
        Assert.Same(Neutrophil, UnderstainedSmear.Apply(Neutrophil, "lymphocyte", 1.0));
    }

    /// <summary>Mean squared Laplacian of the green channel over the interior of a mask.</summary>
    private static double HighFrequencyEnergy(RgbImage image, bool[] mask)
    {
        int w = image.Width, h = image.Height;
        double sum = 0;
        var n = 0;
        for (var y = 1; y < h - 1; y++)
            for (var x = 1; x < w - 1; x++)
            {
                var i = y * w + x;
                if (!mask[i] || !mask[i - 1] || !mask[i + 1] || !mask[i - w] || !mask[i + w]) continue;
                double lap = 4 * image[x, y, 1] - image[x - 1, y, 1] - image[x + 1, y, 1] - image[x, y - 1, 1] - image[x, y + 1, 1];
                sum += lap * lap;
                n++;
            }
        return sum / Math.Max(1, n);
    }
}
