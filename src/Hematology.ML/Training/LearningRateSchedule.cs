namespace Hematology.ML.Training;

/// <summary>
/// The learning rate at each step: a linear warm-up (large early steps would wreck the ImageNet
/// features a fine-tuned network starts from), then constant, step (/10 at half and three quarters of
/// the run) or cosine decay to zero, which lets short CPU runs end at a settled minimum.
/// </summary>
/// <param name="Kind"><c>cosine</c>, <c>step</c> or <c>constant</c>.</param>
/// <param name="Peak">The rate after warm-up.</param>
/// <param name="WarmupEpochs">Epochs of linear warm-up (fractions allowed).</param>
/// <param name="Epochs">Length of the whole run.</param>
internal sealed record LearningRateSchedule(string Kind, double Peak, double WarmupEpochs, int Epochs)
{
    /// <summary>Schedule names.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["cosine", "step", "constant"];

    /// <summary>Checks the values a user gave.</summary>
    /// <exception cref="HematologyException">An unknown kind or a value out of range.</exception>
    public LearningRateSchedule Validate()
    {
        if (!Kinds.Contains(Kind)) throw new HematologyException($"Unknown learning-rate schedule '{Kind}'; use {string.Join(", ", Kinds)}.");
        if (!(Peak > 0)) throw new HematologyException($"The learning rate must be positive, got {Peak}.");
        if (WarmupEpochs < 0 || WarmupEpochs >= Math.Max(Epochs, 1)) throw new HematologyException($"Warm-up of {WarmupEpochs} epochs does not fit a run of {Epochs}.");
        return this;
    }

    /// <summary>The rate at <paramref name="progress"/> epochs into the run (0 = first step).</summary>
    public double At(double progress)
    {
        if (progress < WarmupEpochs) return Peak * (progress + 1e-3) / WarmupEpochs;
        var t = Math.Clamp((progress - WarmupEpochs) / Math.Max(Epochs - WarmupEpochs, 1e-9), 0, 1);
        return Kind switch
        {
            "cosine" => Peak * 0.5 * (1 + Math.Cos(Math.PI * t)),
            "step" => Peak * (t < 0.5 ? 1 : t < 0.75 ? 0.1 : 0.01),
            _ => Peak,
        };
    }
}
