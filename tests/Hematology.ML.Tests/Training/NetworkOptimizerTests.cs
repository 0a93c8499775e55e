using Hematology.ML.Runtime;
using Hematology.ML.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Tests.Training;

/// <summary>
/// Our update rules against TorchSharp's, which they replace. The networks are initialised from torch's
/// seeded generator, hence the collection.
/// </summary>
[Collection(TorchRandomCollection.Name)]
public class NetworkOptimizerTests
{
    public NetworkOptimizerTests() => TorchRuntime.EnsureInitialized();

    public static TheoryData<string> Rules => ["adam", "adamw", "sgd"];

    private const int Steps = 6;

    [Theory, MemberData(nameof(Rules))]
    public void Steps_give_the_parameters_of_torchsharps_optimizer(string rule)
    {
        var (x, y) = Batch();
        using var ours = Network();
        using var theirs = Network();
        using var ourOptimizer = Ours(rule, ours.parameters());
        using var theirOptimizer = Theirs(rule, theirs.parameters());
        for (var step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            ourOptimizer.LearningRate = Rate(step);
            foreach (var group in theirOptimizer.ParamGroups) group.LearningRate = Rate(step);
            ourOptimizer.ZeroGrad();
            theirOptimizer.zero_grad();
            Loss(ours, x, y).backward();
            Loss(theirs, x, y).backward();
            // The very same gradients, so that only the update rules are compared.
            foreach (var (mine, their) in ours.parameters().Zip(theirs.parameters())) their.grad!.copy_(mine.grad!);
            ourOptimizer.Step();
            theirOptimizer.step();
        }
        using var initial = Network();
        foreach (var ((mine, their), start) in ours.parameters().Zip(theirs.parameters()).Zip(initial.parameters()))
        {
            Assert.False(mine.allclose(start), "the step changes the parameters");
            Assert.True(mine.allclose(their, rtol: 1e-5, atol: 1e-8), $"{rule}: largest difference {(mine - their).abs().max().item<float>()}");
        }
    }

    [Theory, MemberData(nameof(Rules))]
    public void Frozen_parameters_and_those_without_gradient_keep_their_values(string rule)
    {
        var (x, y) = Batch();
        using var network = Network();
        using var unused = new Parameter(ones(3));
        using var optimizer = Ours(rule, network.parameters().Append(unused));
        Train(network, optimizer, x, y, 0);
        // Frozen after a step, as fine-tuning may do: its gradient is still there, zeroed, every step.
        var convolution = network.parameters().First();
        convolution.requires_grad = false;
        using var frozen = convolution.detach().clone();
        for (var step = 1; step < Steps; step++) Train(network, optimizer, x, y, step);
        Assert.Equal(frozen.data<float>().ToArray(), convolution.data<float>().ToArray()); // weight decay included
        Assert.Equal([1f, 1f, 1f], unused.data<float>().ToArray()); // the loss does not reach it
        using var initial = Network();
        Assert.False(network.parameters().Last().allclose(initial.parameters().Last()), "the trainable ones moved");
    }

    [Theory, MemberData(nameof(Rules))]
    public void Saved_state_continues_the_run_exactly(string rule)
    {
        var (x, y) = Batch();
        using var original = Network();
        using var optimizer = Ours(rule, original.parameters());
        for (var step = 0; step < Steps / 2; step++) Train(original, optimizer, x, y, step);
        var path = Path.Combine(TestPaths.NewTempFolder(), NetworkTrainer.OptimizerStateFile);
        optimizer.Save(path);

        using var resumed = Network();
        using (no_grad())
            foreach (var (target, source) in resumed.parameters().Zip(original.parameters())) target.copy_(source);
        using var loaded = Ours(rule, resumed.parameters());
        loaded.Load(path);
        for (var step = Steps / 2; step < Steps; step++)
        {
            Train(original, optimizer, x, y, step);
            Train(resumed, loaded, x, y, step);
        }
        foreach (var (a, b) in original.parameters().Zip(resumed.parameters()))
            Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
    }

    [Fact]
    public void State_saved_by_torchsharps_optimizer_is_refused_with_a_message()
    {
        using var network = Network();
        using var theirs = optim.AdamW(network.parameters(), 0.01, weight_decay: 0.1);
        var path = Path.Combine(TestPaths.NewTempFolder(), NetworkTrainer.OptimizerStateFile);
        theirs.save_state_dict(path);
        using var ours = Ours("adamw", network.parameters());
        var error = Assert.Throws<HematologyException>(() => ours.Load(path));
        Assert.Contains("TorchSharp", error.Message);
    }

    [Fact]
    public void State_of_another_rule_or_network_is_refused()
    {
        using var network = Network();
        var path = Path.Combine(TestPaths.NewTempFolder(), NetworkTrainer.OptimizerStateFile);
        using (var sgd = Ours("sgd", network.parameters())) sgd.Save(path);
        using var adam = Ours("adamw", network.parameters());
        Assert.Throws<HematologyException>(() => adam.Load(path));
        using var part = Ours("sgd", network.parameters().Skip(1));
        Assert.Throws<HematologyException>(() => part.Load(path));
    }

    private static NetworkOptimizer Ours(string rule, IEnumerable<Parameter> parameters) => rule switch
    {
        "adam" => new AdamWOptimizer(parameters, Rate(0)),
        "adamw" => new AdamWOptimizer(parameters, Rate(0), weightDecay: 0.1),
        "sgd" => new SgdMomentumOptimizer(parameters, Rate(0), momentum: 0.9, weightDecay: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    private static OptimizerHelper Theirs(string rule, IEnumerable<Parameter> parameters) => rule switch
    {
        "adam" => optim.Adam(parameters, Rate(0)),
        "adamw" => optim.AdamW(parameters, Rate(0), weight_decay: 0.1),
        "sgd" => optim.SGD(parameters, Rate(0), momentum: 0.9, weight_decay: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    /// <summary>Changes every step, as the trainer's schedule does.</summary>
    private static double Rate(int step) => 0.02 / (1 + step);

    private static Sequential Network()
    {
        manual_seed(3);
        return nn.Sequential(nn.Conv2d(3, 4, 3), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 6 * 6, 3));
    }

    private static (Tensor X, Tensor Y) Batch()
    {
        manual_seed(4);
        return (randn(5, 3, 8, 8), tensor(new long[] { 0, 1, 2, 0, 1 }));
    }

    private static Tensor Loss(Sequential network, Tensor x, Tensor y) => nn.functional.cross_entropy(network.call(x), y);

    private static void Train(Sequential network, NetworkOptimizer optimizer, Tensor x, Tensor y, int step)
    {
        using var scope = NewDisposeScope();
        optimizer.LearningRate = Rate(step);
        optimizer.ZeroGrad();
        Loss(network, x, y).backward();
        optimizer.Step();
    }
}
