using Hematology.ML.Imaging;
using Hematology.ML.Networks;
using Hematology.ML.Screening;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Screening;

public class DysplasiaScorerTests
{
    /// <summary>A DysplasiaNet whose one logit is +4 for every image (weights zero, output bias 4): sigmoid 0.982.</summary>
    private static string ConstantModel(IReadOnlyList<string> classes)
    {
        using var network = NetworkRegistry.Create("dysplasianet", 2, 64);
        using (no_grad())
        {
            foreach (var p in network.parameters()) p.zero_();
            network.parameters().Last().fill_(4.0);
        }
        var path = Path.Combine(TestPaths.NewTempFolder(), "constant.hmlm");
        NetworkCellClassifier.Save(network, new NetworkModelHeader("dysplasianet", 64, classes), path);
        return path;
    }

    [Fact]
    public void Score_is_P_dysplastic_whatever_the_class_order_of_the_file()
    {
        var neutrophil = CellImageDecoder.Decode(TestPaths.SampleOf("neutrophil"));
        var logitIsDysplastic = 1 / (1 + Math.Exp(-4));
        // Trained order (normal = 0, dysplastic = 1): the logit is the evidence for dysplasia.
        using (var scorer = DysplasiaScorer.Load(ConstantModel(DysplasiaClasses.TrainingOrder)))
            Assert.Equal(logitIsDysplastic, scorer.Score([neutrophil])[0], 4);
        // Alphabetical order (dysplastic = 0, normal = 1), as sorted folders would give: the logit is for normal.
        using (var scorer = DysplasiaScorer.Load(ConstantModel([DysplasiaClasses.Dysplastic, DysplasiaClasses.Normal])))
            Assert.Equal(1 - logitIsDysplastic, scorer.Score([neutrophil])[0], 4);
    }

    [Fact]
    public void An_eight_class_network_is_not_accepted_as_a_dysplasia_model()
    {
        using var network = NetworkRegistry.Create("dysplasianet", 8, 64);
        var path = Path.Combine(TestPaths.NewTempFolder(), "eight.hmlm");
        NetworkCellClassifier.Save(network, new NetworkModelHeader("dysplasianet", 64, Cells.PbcCellClass.All), path);
        var e = Assert.Throws<HematologyException>(() => DysplasiaScorer.Load(path));
        Assert.Contains("not a dysplasia model", e.Message);
    }

    [Fact]
    public void Unreadable_files_get_no_score_and_are_listed()
    {
        var folder = TestPaths.NewTempFolder();
        var bad = Path.Combine(folder, "bad.jpg");
        File.WriteAllText(bad, "not an image");
        var skipped = new List<SkippedFile>();
        using var scorer = DysplasiaScorer.Load(ConstantModel(DysplasiaClasses.TrainingOrder));
        var scores = scorer.ScoreFiles([TestPaths.SampleOf("neutrophil"), bad], skipped);
        Assert.False(double.IsNaN(scores[0]));
        Assert.True(double.IsNaN(scores[1]));
        Assert.Single(skipped);
    }
}
