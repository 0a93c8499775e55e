using Hematology.ML.Features.Svm;

namespace Hematology.ML.Tests.Features.Svm;

public class KernelSvmTrainerTests
{
    private static readonly float[][] Centres = [[0, 0], [4, 0], [0, 4], [4, 4]];

    private static (float[][] X, int[] Y) Blobs(int perClass, int seed)
    {
        var rng = new Random(seed);
        var x = new List<float[]>();
        var y = new List<int>();
        for (int c = 0; c < Centres.Length; c++)
        {
            for (int i = 0; i < perClass; i++)
            {
                x.Add([Centres[c][0] + (float)(0.7 * Normal(rng)), Centres[c][1] + (float)(0.7 * Normal(rng))]);
                y.Add(c);
            }
        }

        return (x.ToArray(), y.ToArray());
    }

    private static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    private static KernelSvmTrainer Trainer(int folds = 5) => new(new KernelSvmOptions
    {
        Kernel = SvmKernel.Rbf(gamma: null), C = 10, CacheMegabytes = 16, Tolerance = 1e-3, MaxDegreeOfParallelism = 2, ProbabilityFolds = folds,
    });

    private static readonly Lazy<KernelSvmModel> BlobModel = new(() =>
    {
        var (x, y) = Blobs(40, seed: 1);
        return Trainer().Fit(x, y, 4);
    });

    [Fact]
    public void Gaussian_blobs_are_classified_on_held_out_points()
    {
        var (x, y) = Blobs(50, seed: 2);
        var model = BlobModel.Value;

        double accuracy = Enumerable.Range(0, x.Length).Count(i => model.Predict(x[i]) == y[i]) / (double)x.Length;
        Assert.True(accuracy > 0.95, $"held-out accuracy {accuracy:P1}");
        Assert.Equal(6, model.Pairs.Count);
        Assert.InRange(model.SupportVectorCount, 4, 160);
    }

    [Fact]
    public void Probabilities_sum_to_one_and_peak_at_the_true_blob_centre()
    {
        var model = BlobModel.Value;
        for (int c = 0; c < Centres.Length; c++)
        {
            float[] p = model.PredictProbabilities(Centres[c]);
            Assert.Equal(4, p.Length);
            Assert.Equal(1.0, p.Sum(), 1e-5);
            Assert.Equal(c, Array.IndexOf(p, p.Max()));
            Assert.True(p[c] > 0.8, $"centre of blob {c} gets only {p[c]:F3}");
            Assert.Equal(c, model.Predict(Centres[c]));
        }
    }

    [Fact]
    public void Batch_prediction_equals_row_by_row_prediction()
    {
        var (x, _) = Blobs(5, seed: 9);
        var model = BlobModel.Value;
        float[][] batch = model.PredictProbabilities(x);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal(model.PredictProbabilities(x[i]), batch[i]);
        }
    }

    [Fact]
    public void Save_and_load_round_trip_gives_identical_probabilities()
    {
        var model = BlobModel.Value;
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        var loaded = KernelSvmModel.Load(stream);

        Assert.Equal(model.SupportVectorCount, loaded.SupportVectorCount);
        Assert.Equal(model.Kernel, loaded.Kernel);
        var (x, _) = Blobs(3, seed: 5);
        foreach (var row in x)
        {
            Assert.Equal(model.PredictProbabilities(row), loaded.PredictProbabilities(row));
            Assert.Equal(model.DecisionValues(row), loaded.DecisionValues(row));
        }
    }

    [Fact]
    public void Loading_garbage_or_a_truncated_model_throws_invalid_data()
    {
        var garbage = new MemoryStream(Enumerable.Range(0, 100).Select(i => (byte)(i * 37)).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => KernelSvmModel.Load(garbage));
        Assert.Contains("not a Hematology.ML kernel SVM model", e.Message);

        using var full = new MemoryStream();
        BlobModel.Value.Save(full);
        var truncated = new MemoryStream(full.ToArray()[..(int)(full.Length / 2)]);
        Assert.Throws<InvalidDataException>(() => KernelSvmModel.Load(truncated));
        Assert.Throws<InvalidDataException>(() => KernelSvmModel.Load(new MemoryStream()));
    }

    [Fact]
    public void Two_fits_on_the_same_data_give_byte_identical_models()
    {
        var (x, y) = Blobs(15, seed: 4);
        byte[] Fit()
        {
            using var s = new MemoryStream();
            Trainer().Fit(x, y, 4).Save(s);
            return s.ToArray();
        }

        Assert.Equal(Fit(), Fit());
    }

    [Fact]
    public void A_class_without_samples_gets_probability_zero()
    {
        var (x, y) = Blobs(10, seed: 6);
        var keep = Enumerable.Range(0, y.Length).Where(i => y[i] != 2).ToArray();
        var model = Trainer(folds: 0).Fit(keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray(), classCount: 5);

        Assert.Equal(3, model.Pairs.Count); // pairs among classes 0, 1, 3
        float[] p = model.PredictProbabilities(Centres[3]);
        Assert.Equal(5, p.Length);
        Assert.Equal(0f, p[2]);
        Assert.Equal(0f, p[4]);
        Assert.Equal(1.0, p.Sum(), 1e-5);
        Assert.Equal(3, model.Predict(Centres[3]));
    }

    [Fact]
    public void Cubic_kernel_with_class_weights_learns_the_blobs()
    {
        var (x, y) = Blobs(20, seed: 8);
        var options = new KernelSvmOptions
        {
            Kernel = SvmKernel.Polynomial(3), C = 1, ClassWeights = KernelSvmOptions.BalancedClassWeights(y, 4), ProbabilityFolds = 0,
        };
        var model = new KernelSvmTrainer(options).Fit(x, y, 4);
        double accuracy = Enumerable.Range(0, x.Length).Count(i => model.Predict(x[i]) == y[i]) / (double)x.Length;
        Assert.True(accuracy > 0.95, $"training accuracy {accuracy:P1}");
    }

    [Fact]
    public void Balanced_weights_are_inverse_class_frequencies()
    {
        // n = 4, k = 3: class 0 has 3 samples -> 4/9, class 1 has 1 -> 4/3, class 2 is absent -> 1.
        var w = KernelSvmOptions.BalancedClassWeights([0, 0, 0, 1], 3);
        Assert.Equal(4.0 / 9, w[0], 1e-12);
        Assert.Equal(4.0 / 3, w[1], 1e-12);
        Assert.Equal(1.0, w[2]);
    }

    [Fact]
    public void Progress_reaches_one()
    {
        var (x, y) = Blobs(8, seed: 7);
        var reports = new List<double>();
        Trainer(folds: 0).Fit(x, y, 4, new SynchronousProgress(v => { lock (reports) { reports.Add(v); } }));
        Assert.Equal(1.0, reports.Max(), 1e-12);
        Assert.Equal(7, reports.Count); // initial 0 plus one per pair
    }

    [Fact]
    public void Cancelled_token_throws_operation_cancelled()
    {
        var (x, y) = Blobs(8, seed: 7);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Trainer().Fit(x, y, 4, cancellationToken: cts.Token));
    }

    [Fact]
    public void Cancelling_during_training_stops_it()
    {
        var (x, y) = Blobs(8, seed: 7);
        using var cts = new CancellationTokenSource();
        var trainer = new KernelSvmTrainer(new KernelSvmOptions { MaxDegreeOfParallelism = 1, ProbabilityFolds = 0 });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            trainer.Fit(x, y, 4, new SynchronousProgress(v => { if (v > 0) { cts.Cancel(); } }), cts.Token));
    }

    [Fact]
    public void Invalid_inputs_are_rejected_with_helpful_messages()
    {
        var t = Trainer();
        var ragged = Assert.Throws<ArgumentException>(() => t.Fit([[1, 2], [3]], [0, 1], 2));
        Assert.Contains("row 1 has 1", ragged.Message);
        var nan = Assert.Throws<ArgumentException>(() => t.Fit([[1, float.NaN], [3, 4]], [0, 1], 2));
        Assert.Contains("NaN", nan.Message);
        var mismatch = Assert.Throws<ArgumentException>(() => t.Fit([[1, 2], [3, 4]], [0], 2));
        Assert.Contains("2 feature rows but 1 labels", mismatch.Message);
        Assert.Throws<ArgumentException>(() => t.Fit([[1, 2], [3, 4]], [0, 2], 2));
        Assert.Throws<ArgumentException>(() => BlobModel.Value.Predict([1f, 2f, 3f]));
        Assert.Throws<ArgumentException>(() => new KernelSvmTrainer(new KernelSvmOptions { C = -1 }).Fit([[1, 2], [3, 4]], [0, 1], 2));
    }

    [Fact]
    public void Platt_sigmoid_is_increasing_in_the_decision_value_for_the_positive_class()
    {
        double[] f = [-2, -1.5, -1, -0.2, 0.3, 1, 1.2, 2];
        bool[] positive = [false, false, false, true, false, true, true, true];
        var s = PlattSigmoid.Fit(f, positive);

        Assert.True(s.A < 0);
        Assert.True(s.Probability(2) > 0.8);
        Assert.True(s.Probability(-2) < 0.2);
        Assert.Equal(1.0, s.Probability(0) + new PlattSigmoid(-s.A, -s.B).Probability(0), 1e-12);
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
