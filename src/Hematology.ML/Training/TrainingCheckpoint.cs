using System.Text.Json;

namespace Hematology.ML.Training;

/// <summary>
/// Where a run stands after an epoch (checkpoint.json beside last.dat), enough to resume it: the next
/// epoch, the best validation accuracy so far and how long it has not improved.
/// </summary>
/// <param name="Network">The registry name, checked on resume.</param>
/// <param name="CompletedEpochs">Epochs done.</param>
/// <param name="BestValidationAccuracy">Best validation accuracy so far.</param>
/// <param name="BestEpoch">The epoch of best.dat.</param>
/// <param name="EpochsWithoutImprovement">For early stopping.</param>
internal sealed record TrainingCheckpoint(string Network, int CompletedEpochs, double BestValidationAccuracy, int BestEpoch, int EpochsWithoutImprovement)
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "checkpoint.json";

    /// <summary>Writes it atomically (a half-written checkpoint would be worse than none).</summary>
    public void Save(string directory)
    {
        var path = Path.Combine(directory, FileName);
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>Reads the checkpoint of <paramref name="directory"/>.</summary>
    /// <exception cref="HematologyException">There is none, or it is unreadable.</exception>
    public static TrainingCheckpoint Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) throw new HematologyException($"Nothing to resume: {path} does not exist.");
        try
        {
            return JsonSerializer.Deserialize<TrainingCheckpoint>(File.ReadAllText(path))
                ?? throw new HematologyException($"{path} is empty.");
        }
        catch (JsonException e)
        {
            throw new HematologyException($"{path} is not a training checkpoint: {e.Message}", e);
        }
    }
}
