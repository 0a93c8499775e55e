using Hematology.ML.Training;

namespace Hematology.ML.Tests.Training;

public class EpochRecordTests
{
    [Fact]
    public void Training_log_written_as_csv_reads_back_with_every_epochs_seconds()
    {
        var folder = TestPaths.NewTempFolder();
        EpochRecord[] records = [new(1, 0.8, 0.84, 0.37, 0.897, 200.4, true, 2.96e-4), new(2, 0.58, 0.96, 0.40, 0.88, 222.2, false, 2.78e-4)];
        File.WriteAllLines(Path.Combine(folder, NetworkTrainer.LogFile), [EpochRecord.CsvHeader, .. records.Select(r => r.ToCsv())]);

        var read = EpochRecord.ReadCsv(folder);

        Assert.Equal([1, 2], read.Select(r => r.Epoch));
        Assert.Equal(422.6, read.Sum(r => r.Seconds), 6);
        Assert.Equal([true, false], read.Select(r => r.IsBest));
        Assert.Equal(0.897, read[0].ValidationAccuracy, 6);
    }

    [Fact]
    public void A_run_folder_without_a_log_has_no_epochs()
    {
        Assert.Empty(EpochRecord.ReadCsv(TestPaths.NewTempFolder()));
    }
}
