using Hematology.ML.Evaluation;

namespace Hematology.ML.Tests.Evaluation;

/// <summary>The hand-computed three-class example shared by the metric, JSON and report tests.</summary>
internal static class Fixtures
{
    public static readonly string[] Classes = ["A", "B", "C"];

    // rows = true class, columns = predicted class
    //            A  B  C    support
    //   A      [ 5, 2, 1 ]  8
    //   B      [ 0, 3, 1 ]  4
    //   C      [ 2, 0, 7 ]  9      total 21, correct 5 + 3 + 7 = 15
    public static readonly int[][] Counts = [[5, 2, 1], [0, 3, 1], [2, 0, 7]];

    /// <summary>Per-sample labels reproducing <see cref="Counts"/>.</summary>
    public static (int[] Truth, int[] Predicted) Labels(int[][] counts)
    {
        var truth = new List<int>();
        var predicted = new List<int>();
        for (int t = 0; t < counts.Length; t++)
            for (int p = 0; p < counts[t].Length; p++)
                for (int n = 0; n < counts[t][p]; n++)
                {
                    truth.Add(t);
                    predicted.Add(p);
                }
        return (truth.ToArray(), predicted.ToArray());
    }

    /// <summary>
    /// Scores for the samples of <see cref="Labels"/>: 0.8 on the predicted class, 0.1 elsewhere, so
    /// each one-versus-all ROC has exactly two distinct scores.
    /// </summary>
    public static double[][] Scores(int[] predicted) =>
        predicted.Select(p => Enumerable.Range(0, 3).Select(c => c == p ? 0.8 : 0.1).ToArray()).ToArray();

    public static ClassificationMetrics Metrics(bool withScores)
    {
        var (truth, predicted) = Labels(Counts);
        return ClassificationMetrics.FromPredictions(Classes, truth, predicted, withScores ? Scores(predicted) : null);
    }
}
