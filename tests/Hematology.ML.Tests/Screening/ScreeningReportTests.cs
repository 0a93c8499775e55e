using System.Text.Json.Nodes;
using Hematology.ML.Models;
using Hematology.ML.Screening;

namespace Hematology.ML.Tests.Screening;

public class ScreeningReportTests
{
    private static SmearScreeningResult Result(bool simulated) => new(
        ScreeningDecision.MdsSuspected,
        new Dictionary<string, int> { ["neutrophil"] = 3, ["eosinophil"] = 1, ["other"] = 0 },
        [
            new NeutrophilScore(TestPaths.SampleOf("neutrophil"), 0.91, true),
            new NeutrophilScore("/lab/patient-123/cell_2.jpg", 0.12, false),
            new NeutrophilScore("/lab/patient-123/cell_3.jpg", 0.70, true),
        ],
        2 / 3.0,
        new StainCheck(StainStatus.Adequate, 71.2, 1),
        new ScreeningThresholds(0.6, 0.25, 50) { MinimumNeutrophils = 3 },
        simulated,
        [])
    {
        ClassifiedCells =
        [
            new ClassifiedCell("/lab/patient-123/cell_2.jpg", "neutrophil", 0.97, "neutrophil"),
            new ClassifiedCell("/lab/patient-123/cell_9.jpg", "other", 0.41, "monocyte"),
        ],
        // The screen keeps the pixels of its flagged cells for the report; cell_3's are absent, as for a result made without them.
        FlaggedCellImages = new Dictionary<string, Hematology.ML.Imaging.RgbImage>
        {
            [TestPaths.SampleOf("neutrophil")] = Hematology.ML.Imaging.CellImageDecoder.Decode(TestPaths.SampleOf("neutrophil")),
        },
    };

    [Fact]
    public void Json_has_the_documented_keys_and_values()
    {
        var json = ScreeningReport.ToJson(Result(simulated: true));
        foreach (var key in new[] { "decision", "differential", "neutrophils", "dysplastic_fraction", "threshold", "simulated_training" })
            Assert.True(json.ContainsKey(key), key);
        Assert.Equal("mds-suspected", json["decision"]!.GetValue<string>());
        Assert.Equal(3, json["differential"]!["neutrophil"]!.GetValue<int>());
        Assert.Equal(0.6667, json["dysplastic_fraction"]!.GetValue<double>());
        Assert.Equal(0.25, json["threshold"]!.GetValue<double>());
        Assert.True(json["simulated_training"]!.GetValue<bool>());
        var first = json["neutrophils"]!.AsArray()[1]!.AsObject();
        Assert.Equal(["file", "score", "dysplastic"], first.Select(kv => kv.Key));
        Assert.Equal("cell_2.jpg", first["file"]!.GetValue<string>()); // file name only: folders may name patients
        Assert.DoesNotContain("patient-123", json.ToJsonString());
        // Every cell's call, for a reviewer: an 'other' cell keeps the class it nearly was.
        var other = json["cells"]!.AsArray()[1]!.AsObject();
        Assert.Equal(["file", "class", "probability", "most_likely"], other.Select(kv => kv.Key));
        Assert.Equal(("cell_9.jpg", "other", 0.41, "monocyte"),
            (other["file"]!.GetValue<string>(), other["class"]!.GetValue<string>(), other["probability"]!.GetValue<double>(), other["most_likely"]!.GetValue<string>()));
    }

    [Fact]
    public void Html_shows_flagged_cells_with_scores_and_the_simulation_banner()
    {
        var html = ScreeningReport.ToHtml(Result(simulated: true));
        Assert.Contains("SIMULATED TRAINING", html);
        Assert.Contains("data:image/jpeg;base64,", html);
        Assert.Contains("score 0.910", html);
        Assert.DoesNotContain("score 0.120", html); // not flagged
        Assert.DoesNotContain("SIMULATED TRAINING", ScreeningReport.ToHtml(Result(simulated: false)));
    }
}
