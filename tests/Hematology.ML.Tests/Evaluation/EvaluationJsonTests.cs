using System.Text.Json;
using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

public class EvaluationJsonTests
{
    private const double Tol = 1e-9;

    private static EvaluationResult Result(bool withScores = true) =>
        EvaluationResult.From(Fixtures.Metrics(withScores), nSkipped: 2, model: "resnet18-svm", dataset: "PBC test");

    [Fact]
    public void Json_has_the_cli_contract_keys_and_values()
    {
        var json = EvaluationJson.Serialize(Result());
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal(5.0 / 7, root.GetProperty("accuracy").GetDouble(), Tol);
        Assert.Equal(21, root.GetProperty("n_images").GetInt32());
        Assert.Equal(2, root.GetProperty("n_skipped").GetInt32());
        Assert.Equal(["A", "B", "C"], root.GetProperty("classes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(2, root.GetProperty("confusion")[2][0].GetInt32());
        Assert.Equal(1, root.GetProperty("confusion")[1][2].GetInt32());
        Assert.Equal(25.0, root.GetProperty("confusion_row_percent")[0][1].GetDouble(), Tol);

        var b = root.GetProperty("per_class").GetProperty("B");
        Assert.Equal(0.75, b.GetProperty("sensitivity").GetDouble(), Tol);
        Assert.Equal(15.0 / 17, b.GetProperty("specificity").GetDouble(), Tol);
        Assert.Equal(0.6, b.GetProperty("precision").GetDouble(), Tol);
        Assert.Equal(2.0 / 3, b.GetProperty("f1").GetDouble(), Tol);
        Assert.Equal(4, b.GetProperty("support").GetInt32());
        Assert.Equal(55.5 / 68, b.GetProperty("auc").GetDouble(), Tol);

        var macro = root.GetProperty("macro");
        Assert.Equal(19.0 / 27, macro.GetProperty("f1").GetDouble(), Tol);
        foreach (var key in new[] { "sensitivity", "specificity", "precision", "auc" })
            Assert.True(macro.TryGetProperty(key, out _), key);

        Assert.Equal("resnet18-svm", root.GetProperty("model").GetString());
        Assert.Equal("PBC test", root.GetProperty("dataset").GetString());

        var rocA = root.GetProperty("roc").GetProperty("A");
        // class A scores: 0.8 (5 TP, 2 FP) then 0.1 -> points (0,0), (2/13, 5/8), (1,1)
        Assert.Equal([0, 2.0 / 13, 1], rocA.GetProperty("fpr").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([0, 5.0 / 8, 1], rocA.GetProperty("tpr").EnumerateArray().Select(e => e.GetDouble()));

        var ci = root.GetProperty("accuracy_ci95").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var (lo, hi) = WilsonInterval.Compute(15, 21);
        Assert.Equal([lo, hi], ci);
        Assert.True(lo < 5.0 / 7 && 5.0 / 7 < hi);
        Assert.Contains("\n  ", json); // indented
    }

    [Fact]
    public void Without_scores_auc_is_null_roc_is_empty_and_optional_strings_are_omitted()
    {
        var result = EvaluationResult.From(Fixtures.Metrics(withScores: false));
        using var doc = JsonDocument.Parse(EvaluationJson.Serialize(result));
        var root = doc.RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("per_class").GetProperty("A").GetProperty("auc").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("macro").GetProperty("auc").ValueKind);
        Assert.Empty(root.GetProperty("roc").EnumerateObject());
        Assert.False(root.TryGetProperty("model", out _));
        Assert.False(root.TryGetProperty("dataset", out _));
    }

    [Fact]
    public void Result_round_trips_through_a_file()
    {
        var dir = Directory.CreateTempSubdirectory("hemato-eval-");
        try
        {
            var path = Path.Combine(dir.FullName, "sub", "eval.json");
            var original = Result();
            EvaluationJson.Write(path, original);
            var back = EvaluationJson.ReadResult(path);

            Assert.Equal(original.Accuracy, back.Accuracy);
            Assert.Equal(original.Classes, back.Classes);
            Assert.Equal(original.Confusion, back.Confusion);
            Assert.Equal(original.PerClass.Keys, back.PerClass.Keys);
            Assert.Equal(original.PerClass["C"].Auc, back.PerClass["C"].Auc);
            Assert.Equal(original.Roc["B"].Tpr, back.Roc["B"].Tpr);
            Assert.Equal(original.Model, back.Model);
            Assert.Equal(EvaluationJson.Serialize(original), EvaluationJson.Serialize(back));

            // the stored counts rebuild the same metrics
            var rebuilt = ClassificationMetrics.Compute(ConfusionMatrix.FromCounts(back.Classes, back.Confusion));
            Assert.Equal(back.Macro.F1, rebuilt.Macro.F1, Tol);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
