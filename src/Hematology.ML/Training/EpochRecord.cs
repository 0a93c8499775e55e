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
public sealed record EpochRecord(int Epoch, double TrainLoss, double TrainAccuracy, double ValidationLoss, double ValidationAccuracy, double Seconds, bool IsBest, double LearningRate = 0)
{
    /// <summary>The CSV header.</summary>
    public const string CsvHeader = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,seconds,best,learning_rate";

    /// <summary>The record as one CSV line (invariant culture).</summary>
    public string ToCsv() => string.Join(',', Epoch.ToString(CultureInfo.InvariantCulture),
        F(TrainLoss), F(TrainAccuracy), F(ValidationLoss), F(ValidationAccuracy), Seconds.ToString("F1", CultureInfo.InvariantCulture), IsBest ? "1" : "0",
        LearningRate.ToString("G6", CultureInfo.InvariantCulture));

    private static string F(double value) => value.ToString("F6", CultureInfo.InvariantCulture);
}
