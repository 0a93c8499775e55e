using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Hematology.ML.Training;

/// <summary>
/// The part every update rule of <see cref="NetworkTrainer"/> shares: the parameters, the learning rate
/// the schedule sets before each step, per-parameter step counts and state tensors, and their file.
/// </summary>
/// <remarks>
/// TorchSharp's optimizers were replaced because their steps pass doubles that convert implicitly to
/// <see cref="Scalar"/> objects nothing holds during the native call: a garbage collection in that window
/// (the batch loader allocates a lot) let Scalar's finalizer free the native value while libtorch read it,
/// and a long run died with "Unknown scalar type". The update rules here create every Scalar with
/// <c>using</c>, so it lives until the call has returned, and call only the overloads that take all their
/// Scalars from the caller (TorchSharp's <c>add_(tensor)</c> and <c>add_(scalar)</c> make a hidden
/// <c>alpha = 1</c>). The networks' own per-step Scalars (batch-norm's step counter, the residual sums) are held too:
/// see <see cref="Networks.StableBatchNorm2d"/> and <see cref="Networks.ResidualBlock"/>.
/// </remarks>
internal abstract class NetworkOptimizer : IDisposable
{
    /// <summary>Written first in a state file: TorchSharp's own state files start with a type name instead.</summary>
    private const string FileSignature = "Hematology.ML optimizer state";

    private const int FileVersion = 1;

    private readonly Parameter[] parameters;
    private readonly long[] steps;
    private readonly Tensor[][] states;

    /// <param name="kind">Names the update rule in the state file, so that a resume with another one is refused.</param>
    /// <param name="parameters">The parameters to update.</param>
    /// <param name="learningRate">The learning rate until <see cref="LearningRate"/> is set.</param>
    /// <param name="stateTensorsPerParameter">How many tensors of a parameter's shape the rule keeps.</param>
    protected NetworkOptimizer(string kind, IEnumerable<Parameter> parameters, double learningRate, int stateTensorsPerParameter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(learningRate);
        Kind = kind;
        LearningRate = learningRate;
        this.parameters = parameters.ToArray();
        steps = new long[this.parameters.Length];
        // zeros_like keeps each parameter's device and dtype; detached so that creating the optimizer
        // inside a dispose scope does not free its state when that scope ends.
        states = this.parameters
            .Select(p => Enumerable.Range(0, stateTensorsPerParameter).Select(_ => zeros_like(p).DetachFromDisposeScope()).ToArray())
            .ToArray();
    }

    /// <summary>The update rule's name in the state file.</summary>
    public string Kind { get; }

    /// <summary>The learning rate of the next <see cref="Step"/>.</summary>
    public double LearningRate { get; set; }

    /// <summary>Zeroes the gradients in place, as TorchSharp's optimizers do (they stay allocated).</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in parameters)
        {
            using var gradient = parameter.grad;
            gradient?.zero_();
        }
    }

    /// <summary>
    /// Updates each parameter that requires a gradient and has one; a frozen parameter, or one the loss
    /// did not reach, keeps its value, state and step count.
    /// </summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (!parameter.requires_grad) continue;
            using var gradient = parameter.grad;
            if (gradient is null) continue;
            Update(parameter, gradient, states[i], ++steps[i]);
        }
    }

    /// <summary>
    /// Updates <paramref name="parameter"/> in place from <paramref name="gradient"/>; runs without autograd
    /// inside a dispose scope. Every Scalar it passes to a native call must be created and disposed here.
    /// </summary>
    /// <param name="parameter">The parameter.</param>
    /// <param name="gradient">Its gradient.</param>
    /// <param name="state">The parameter's state tensors, updated in place.</param>
    /// <param name="step">This parameter's step count, this step included (1 on the first).</param>
    protected abstract void Update(Tensor parameter, Tensor gradient, Tensor[] state, long step);

    /// <summary>Writes the step counts and state tensors to <paramref name="path"/>, atomically.</summary>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(FileSignature);
            writer.Write(FileVersion);
            writer.Write(Kind);
            writer.Write(parameters.Length);
            writer.Write(states.Length == 0 ? 0 : states[0].Length);
            for (var i = 0; i < parameters.Length; i++)
            {
                writer.Write(steps[i]);
                foreach (var tensor in states[i]) tensor.Save(writer);
            }
        }
        // A run killed while writing keeps the previous epoch's state, which matches its last.dat.
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Restores what <see cref="Save"/> wrote, onto the parameters' devices.</summary>
    /// <exception cref="HematologyException">The file is of another format, update rule or network.</exception>
    public void Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        string signature;
        try { signature = reader.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            throw new HematologyException($"{path} is not an optimizer state file.", e);
        }
        if (signature != FileSignature)
            throw new HematologyException(
                $"{path} holds optimizer state in TorchSharp's format ('{signature}'), which this version no longer reads. "
                + "Delete it to resume from the saved weights with a fresh optimizer state.");
        try
        {
            var version = reader.ReadInt32();
            if (version != FileVersion) throw new HematologyException($"{path} is optimizer state format {version}; this version reads {FileVersion}.");
            var kind = reader.ReadString();
            if (kind != Kind) throw new HematologyException($"{path} is the state of {kind}, but this run uses {Kind}.");
            var count = reader.ReadInt32();
            var perParameter = reader.ReadInt32();
            if (count != parameters.Length || perParameter != (states.Length == 0 ? 0 : states[0].Length))
                throw new HematologyException($"{path} holds state for {count} parameters, but this run trains {parameters.Length}.");
            for (var i = 0; i < parameters.Length; i++)
            {
                steps[i] = reader.ReadInt64();
                foreach (var tensor in states[i]) tensor.Load(reader);
            }
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException)
        {
            throw new HematologyException($"{path} does not match the parameters of this run: {e.Message}", e);
        }
    }

    /// <summary>Frees the state tensors; the parameters belong to the network.</summary>
    public void Dispose()
    {
        foreach (var tensor in states.SelectMany(s => s)) tensor.Dispose();
    }
}
