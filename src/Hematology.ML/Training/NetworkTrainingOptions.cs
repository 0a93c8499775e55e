namespace Hematology.ML.Training;

/// <summary>How a network is trained: plain values, so a run can be written down and repeated.</summary>
internal sealed record NetworkTrainingOptions
{
    /// <summary>Defaults (the thesis trained with Adam at 1e-4 and early stopping).</summary>
    public static class Defaults
    {
        /// <summary>Passes over the training images.</summary>
        public const int Epochs = 30;

        /// <summary>Images per step.</summary>
        public const int BatchSize = 32;

        /// <summary>Adam's learning rate.</summary>
        public const double LearningRate = 1e-4;

        /// <summary>Epochs without a better validation accuracy before stopping.</summary>
        public const int Patience = 5;
    }

    /// <summary>A name of <see cref="Networks.NetworkRegistry"/>.</summary>
    public required string Network { get; init; }

    /// <summary>Class names in label-index order.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>Input side in pixels (default: the network's own).</summary>
    public int? InputSize { get; init; }

    /// <summary>Folder for best.dat, last.dat, training-log.csv and checkpoint.json.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Passes over the training images.</summary>
    public int Epochs { get; init; } = Defaults.Epochs;

    /// <summary>Images per step.</summary>
    public int BatchSize { get; init; } = Defaults.BatchSize;

    /// <summary><c>adam</c> or <c>sgd</c> (with momentum 0.9).</summary>
    public string Optimizer { get; init; } = "adam";

    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = Defaults.LearningRate;

    /// <summary>Learning-rate schedule: <c>cosine</c>, <c>step</c> or <c>constant</c> (<see cref="LearningRateSchedule"/>).</summary>
    public string Schedule { get; init; } = "cosine";

    /// <summary>Epochs of linear learning-rate warm-up.</summary>
    public double WarmupEpochs { get; init; }

    /// <summary>Decoupled weight decay (AdamW; SGD's L2 term); 0 for none.</summary>
    public double WeightDecay { get; init; }

    /// <summary>Label smoothing of the cross-entropy (0 = none; 0.1 keeps a network from over-trusting ambiguous cells).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>Draw the same number of images per class each epoch (<see cref="EpochOrder"/>).</summary>
    public bool BalanceClasses { get; init; }

    /// <summary>Epochs without improvement before stopping; 0 never stops early.</summary>
    public int Patience { get; init; } = Defaults.Patience;

    /// <summary>Random flips and rotation of training images each epoch (the thesis's augmentation).</summary>
    public bool Augment { get; init; } = true;

    /// <summary>Start from ImageNet weights where the network has them.</summary>
    public bool Pretrained { get; init; }

    /// <summary>Train only the last k blocks (<see cref="Networks.NetworkFreezing"/>); null trains all.</summary>
    public int? TrainLastBlocks { get; init; }

    /// <summary>Weights to start from (TorchSharp .dat, PyTorch state_dict .pt/.pth, or safetensors); null starts from scratch or ImageNet.</summary>
    public string? InitialWeights { get; init; }

    /// <summary>Tensors of <see cref="InitialWeights"/> to leave as initialised (e.g. a 1,000-class head).</summary>
    public IReadOnlyList<string>? SkipWeights { get; init; }

    /// <summary>Freeze the first k blocks (<see cref="Networks.NetworkFreezing"/>); null freezes none.</summary>
    public int? FreezeFirstBlocks { get; init; }

    /// <summary>Continue from checkpoint.json and last.dat in <see cref="OutputDirectory"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Seed of shuffling, augmentation and weight initialisation. Weights and dropout draw from libtorch's one
    /// process-wide generator, so two runs repeat exactly only when nothing else in the process uses it meanwhile.
    /// </summary>
    public int Seed { get; init; }

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cpu";
}
