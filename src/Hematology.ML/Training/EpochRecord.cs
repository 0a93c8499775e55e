using System.Globalization;

namespace Hematology.ML.Training;

/// <summary>One line of training-log.csv.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean training loss.</param>
/// <param name="TrainAccuracy">Training accuracy (of the augmented views, in training mode).</param>
/// <param name="ValidationLoss">Mean validation loss.</param>
/// <param name="ValidationAccuracy">Validation accuracy.</param>
/// <param name="Seconds">Wall time of the epoch.</param>
/// <param name="IsBest">Whether this epoch's weights became best.dat.</param>
/// <param name="LearningRate">The learning rate at the epoch's last step.</param>
internal sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds, bool IsBest, double LearningRate = 0)
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds,best,learning_rate";

    /// <summary>The record as one CSV line (invariant culture).</summary>
    public string ToCsv() => string.Join(',', Epoch.ToString(CultureInfo.InvariantCulture),
        F(TrainLoss), F(TrainAccuracy), F(ValidationLoss), F(ValidationAccuracy), Seconds.ToString("F1", CultureInfo.InvariantCulture), IsBest ? "1" : "0",
        LearningRate.ToString("G6", CultureInfo.InvariantCulture));

    /// <summary>
    /// The records of a run folder's training-log.csv (empty when there is none): a resumed run's log holds the
    /// epochs of every process that worked on it.
    /// </summary>
    public static IReadOnlyList<EpochRecord> ReadCsv(string runFolder)
    {
        var path = Path.Combine(runFolder, NetworkTrainer.LogFile);
        if (!File.Exists(path)) return [];
        return File.ReadLines(path).Skip(1).Where(line => line.Length > 0).Select(line =>
        {
            var f = line.Split(',');
            double D(int i) => double.Parse(f[i], CultureInfo.InvariantCulture);
            return new EpochRecord(int.Parse(f[0], CultureInfo.InvariantCulture), D(1), D(2), D(3), D(4), D(5), f[6] == "1", f.Length > 7 ? D(7) : 0);
        }).ToArray();
    }

    private static string F(double value) => value.ToString("F6", CultureInfo.InvariantCulture);
}
