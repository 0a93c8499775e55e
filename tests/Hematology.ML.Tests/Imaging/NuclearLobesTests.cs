using Hematology.ML.Imaging;

namespace Hematology.ML.Tests.Imaging;

/// <summary>Lobes are counted across thin filaments, not across a band's broad nucleus.</summary>
public class NuclearLobesTests
{
    // A drawn stained cell: peach plasma, lilac cytoplasm, purple nucleus discs; a chromatin filament of the given width joins them.
    private static RgbImage Cell(int filamentWidth, params (int X, int Y, int R)[] lobes)
    {
        const int side = 240;
        var pixels = new byte[side * side * 3];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var i = (y * side + x) * 3;
                (byte r, byte g, byte b) colour = (235, 205, 185);
                if ((x - 120) * (x - 120) + (y - 120) * (y - 120) < 85 * 85) colour = (205, 175, 215);
                var onFilament = lobes.Length > 1 && Math.Abs(y - 120) < filamentWidth / 2.0 && x > lobes[0].X && x < lobes[^1].X;
                if (onFilament || lobes.Any(l => (x - l.X) * (x - l.X) + (y - l.Y) * (y - l.Y) < l.R * l.R)) colour = (95, 55, 135);
                (pixels[i], pixels[i + 1], pixels[i + 2]) = colour;
            }
        return new RgbImage(side, side, pixels);
    }

    [Fact]
    public void Two_lobes_joined_by_a_thin_filament_are_two_and_a_broad_join_keeps_one()
    {
        Assert.Equal(2, NuclearLobes.Count(Cell(3, (85, 120, 24), (155, 120, 24))));
        Assert.Equal(3, NuclearLobes.Count(Cell(3, (70, 120, 20), (120, 120, 20), (170, 120, 20))));
        Assert.Equal(1, NuclearLobes.Count(Cell(40, (85, 120, 24), (155, 120, 24))));
    }

    [Fact]
    public void Most_real_band_neutrophils_of_the_sample_have_one_lobe()
    {
        var bands = Directory.GetFiles(Path.Combine(TestPaths.SampleImages, "neutrophil"), "BNE_*");
        var oneLobe = bands.Count(f => NuclearLobes.Count(CellImageDecoder.Decode(f)) == 1);
        Assert.True(oneLobe >= 14, $"{oneLobe} of {bands.Length} (val split: 80 % of bands have one lobe)");
    }
}
