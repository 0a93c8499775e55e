using Hematology.ML.Explain.Embedding;

namespace Hematology.ML.Tests.Explain;

public class TsneTests
{
    [Theory]
    [InlineData(nameof(TsneMethod.Exact))]
    [InlineData(nameof(TsneMethod.BarnesHut))]
    public void Well_separated_gaussian_blobs_stay_separated_in_two_dimensions(string methodName)
    {
        var method = Enum.Parse<TsneMethod>(methodName);
        var (points, labels) = Blobs(classes: 4, perClass: 50, dimension: 20, seed: 3);
        var tsne = new Tsne(new TsneOptions { Perplexity = 30, Iterations = 500, Seed = 0, Method = method });

        var embedding = tsne.FitTransform(points);

        Assert.Equal(points.Length, embedding.Length);
        Assert.All(embedding, row => Assert.Equal(2, row.Length));
        Assert.All(embedding, row => Assert.All(row, v => Assert.True(float.IsFinite(v))));
        double accuracy = EmbeddingKnn.LeaveOneOutAccuracy(embedding, labels, k: 5);
        Assert.True(accuracy >= 0.95, $"5-NN accuracy in 2-D was {accuracy}");
    }

    [Theory]
    [InlineData(nameof(TsneMethod.Exact))]
    [InlineData(nameof(TsneMethod.BarnesHut))]
    public void Same_seed_gives_bit_identical_output_and_another_seed_differs(string methodName)
    {
        var method = Enum.Parse<TsneMethod>(methodName);
        var (points, _) = Blobs(classes: 3, perClass: 40, dimension: 10, seed: 5);
        float[][] Fit(int seed) =>
            new Tsne(new TsneOptions { Perplexity = 10, Iterations = 300, Seed = seed, Method = method }).FitTransform(points);

        var first = Fit(7);
        var again = Fit(7);
        var other = Fit(8);

        for (int i = 0; i < first.Length; i++)
        {
            Assert.Equal(first[i], again[i]);
        }

        Assert.Contains(Enumerable.Range(0, first.Length), i => !first[i].SequenceEqual(other[i]));
    }

    [Fact]
    public void Leave_one_out_accuracy_matches_a_hand_count()
    {
        // On a line: A at 0, 1, 10 and B at 5, 6, 11. With one neighbour 10 and 11 take each other's label: 4 of 6 right.
        float[][] points = [[0], [1], [5], [6], [10], [11]];
        string[] labels = ["A", "A", "B", "B", "A", "B"];
        Assert.Equal(4.0 / 6, EmbeddingKnn.LeaveOneOutAccuracy(points, labels, k: 1), 12);

        // A at (0,0), (1,0), (2,0); B at (10,0), (11,0), (2.5,0). With three neighbours only the B at 2.5 is outvoted.
        float[][] plane = [[0, 0], [1, 0], [2, 0], [10, 0], [11, 0], [2.5f, 0]];
        string[] planeLabels = ["A", "A", "A", "B", "B", "B"];
        Assert.Equal(5.0 / 6, EmbeddingKnn.LeaveOneOutAccuracy(plane, planeLabels, k: 3), 12);
    }

    [Fact]
    public void A_tied_vote_goes_to_the_label_of_the_nearer_neighbour()
    {
        // 0 and 1 (A) each see one A and the B at -2 with the A nearer, so both are right; -2 and 10 (B) see two As.
        float[][] points = [[0], [1], [-2], [10]];
        int[] labels = [0, 0, 1, 1];
        Assert.Equal(0.5, EmbeddingKnn.LeaveOneOutAccuracy(points, labels, k: 2), 12);
    }

    [Fact]
    public void Barnes_Hut_tree_with_theta_zero_matches_brute_force_repulsion()
    {
        var positions = RandomPositions(count: 80, scale: 5, seed: 11);
        // Coinciding points must each repel the other with q = 1 and no force, as the exact sum has it.
        positions[2 * 7] = positions[2 * 3];
        positions[2 * 7 + 1] = positions[2 * 3 + 1];
        var tree = new BarnesHutTree();
        tree.Build(positions);

        for (int i = 0; i < positions.Length / 2; i++)
        {
            double z = tree.Repulsion(i, theta: 0, out double fx, out double fy);
            var (bz, bfx, bfy) = BruteForceRepulsion(positions, i);
            Assert.Equal(bz, z, 1e-9 * bz);
            Assert.Equal(bfx, fx, 1e-9);
            Assert.Equal(bfy, fy, 1e-9);
        }
    }

    [Fact]
    public void Barnes_Hut_tree_with_theta_one_half_stays_close_to_brute_force_repulsion()
    {
        var positions = RandomPositions(count: 300, scale: 20, seed: 12);
        var tree = new BarnesHutTree();
        tree.Build(positions);

        double zError = 0, zTotal = 0, forceError = 0, forceTotal = 0;
        for (int i = 0; i < positions.Length / 2; i++)
        {
            double z = tree.Repulsion(i, theta: 0.5, out double fx, out double fy);
            var (bz, bfx, bfy) = BruteForceRepulsion(positions, i);
            zError += Math.Abs(z - bz);
            zTotal += bz;
            forceError += Math.Abs(fx - bfx) + Math.Abs(fy - bfy);
            forceTotal += Math.Abs(bfx) + Math.Abs(bfy);
        }

        Assert.True(zError / zTotal < 0.01, $"relative Z error {zError / zTotal}");
        Assert.True(forceError / forceTotal < 0.05, $"relative force error {forceError / forceTotal}");
    }

    [Fact]
    public void Barnes_Hut_gradient_with_theta_zero_equals_the_exact_gradient()
    {
        // 31 points at perplexity 10 give every point all 30 others as neighbours, so the sparse P is the dense one.
        var (points, _) = Blobs(classes: 1, perClass: 31, dimension: 6, seed: 13);
        var parallel = new ParallelOptions();
        var dense = TsneAffinities.Exact(points, 10, parallel);
        var sparse = TsneAffinities.Sparse(points, 10, 30, parallel);
        var y = RandomPositions(count: 31, scale: 3, seed: 14);
        var exact = new double[y.Length];
        var approximate = new double[y.Length];
        var scratch = new double[3 * 31];

        Tsne.ExactGradient(dense, y, 12, exact, scratch, parallel);
        Tsne.BarnesHutGradient(sparse, new BarnesHutTree(), 0, y, 12, approximate, scratch, parallel);

        double largest = exact.Max(Math.Abs);
        for (int c = 0; c < y.Length; c++)
        {
            Assert.Equal(exact[c], approximate[c], 1e-5 * largest);
        }
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Tsne().FitTransform(Array.Empty<float[]>()));
        Assert.Contains("no points", error.Message);
    }

    [Fact]
    public void Ragged_rows_are_rejected_naming_the_point()
    {
        var (points, _) = Blobs(classes: 1, perClass: 20, dimension: 4, seed: 1);
        points[2] = [1, 2, 3];
        var error = Assert.Throws<ArgumentException>(() => new Tsne(new TsneOptions { Perplexity = 5 }).FitTransform(points));
        Assert.Contains("Point 2 has 3 values but point 0 has 4", error.Message);
    }

    [Fact]
    public void A_non_finite_value_is_rejected_naming_point_and_value()
    {
        var (points, _) = Blobs(classes: 1, perClass: 20, dimension: 4, seed: 1);
        points[3][1] = float.NaN;
        var error = Assert.Throws<ArgumentException>(() => new Tsne(new TsneOptions { Perplexity = 5 }).FitTransform(points));
        Assert.Contains("Point 3, value 1 is NaN", error.Message);
    }

    [Fact]
    public void Too_few_points_for_the_perplexity_are_rejected()
    {
        var (points, _) = Blobs(classes: 1, perClass: 50, dimension: 4, seed: 1);
        var error = Assert.Throws<ArgumentException>(() => new Tsne(new TsneOptions { Perplexity = 30 }).FitTransform(points));
        Assert.Contains("Perplexity 30 needs at least 91 points", error.Message);
    }

    [Theory]
    [InlineData(nameof(TsneOptions.Perplexity))]
    [InlineData(nameof(TsneOptions.Iterations))]
    [InlineData(nameof(TsneOptions.Theta))]
    [InlineData(nameof(TsneOptions.LearningRate))]
    public void Out_of_range_options_are_rejected_naming_the_option(string option)
    {
        var options = option switch
        {
            nameof(TsneOptions.Perplexity) => new TsneOptions { Perplexity = 0.5 },
            nameof(TsneOptions.Iterations) => new TsneOptions { Iterations = 0 },
            nameof(TsneOptions.Theta) => new TsneOptions { Theta = double.NaN },
            _ => new TsneOptions { LearningRate = -1 },
        };
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new Tsne(options));
        Assert.Equal(option, error.ParamName);
    }

    [Fact]
    public void Knn_accuracy_rejects_mismatched_labels_and_too_large_k()
    {
        float[][] points = [[0], [1], [2]];
        Assert.Throws<ArgumentException>(() => EmbeddingKnn.LeaveOneOutAccuracy(points, new[] { 1, 2 }, k: 1));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingKnn.LeaveOneOutAccuracy(points, new[] { 1, 2, 3 }, k: 3));
        Assert.Equal("k", error.ParamName);
    }

    [Fact]
    public void A_cancelled_token_stops_the_fit_before_it_starts()
    {
        var (points, _) = Blobs(classes: 2, perClass: 20, dimension: 4, seed: 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(
            () => new Tsne(new TsneOptions { Perplexity = 5 }).FitTransform(points, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Cancelling_during_the_fit_stops_it_between_steps()
    {
        var (points, _) = Blobs(classes: 2, perClass: 20, dimension: 4, seed: 1);
        using var source = new CancellationTokenSource();
        var reported = new List<double>();
        var progress = new CallbackProgress(fraction =>
        {
            reported.Add(fraction);
            if (fraction >= 0.1) source.Cancel();
        });

        Assert.ThrowsAny<OperationCanceledException>(() => new Tsne(new TsneOptions { Perplexity = 5, Iterations = 1000 })
            .FitTransform(points, progress, source.Token));
        Assert.True(reported[^1] < 0.2, $"progress reached {reported[^1]}");
    }

    [Fact]
    public void Progress_rises_from_zero_to_one()
    {
        var (points, _) = Blobs(classes: 2, perClass: 20, dimension: 4, seed: 1);
        var reported = new List<double>();
        new Tsne(new TsneOptions { Perplexity = 5, Iterations = 50 }).FitTransform(points, new CallbackProgress(reported.Add));
        Assert.Equal(0, reported[0]);
        Assert.Equal(1, reported[^1]);
        Assert.Equal(reported.Order(), reported);
    }

    private sealed class CallbackProgress(Action<double> onReport) : IProgress<double>
    {
        public void Report(double value) => onReport(value);
    }

    // Class centres ~ N(0, 10²) per coordinate, members ~ N(centre, 1): in 20-D the centres lie about 45 apart against a
    // within-class spread of about 4.5.
    private static (float[][] Points, int[] Labels) Blobs(int classes, int perClass, int dimension, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, classes)
            .Select(_ => Enumerable.Range(0, dimension).Select(_ => 10 * Normal(random)).ToArray()).ToArray();
        var points = new float[classes * perClass][];
        var labels = new int[points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            labels[i] = i % classes;
            points[i] = centres[labels[i]].Select(c => (float)(c + Normal(random))).ToArray();
        }

        return (points, labels);
    }

    private static double[] RandomPositions(int count, double scale, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 2 * count).Select(_ => scale * Normal(random)).ToArray();
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static (double Z, double ForceX, double ForceY) BruteForceRepulsion(double[] positions, int i)
    {
        double z = 0, fx = 0, fy = 0;
        for (int j = 0; j < positions.Length / 2; j++)
        {
            if (j == i) continue;
            double dx = positions[2 * i] - positions[2 * j], dy = positions[2 * i + 1] - positions[2 * j + 1];
            double q = 1 / (1 + dx * dx + dy * dy);
            z += q;
            fx += q * q * dx;
            fy += q * q * dy;
        }

        return (z, fx, fy);
    }
}
