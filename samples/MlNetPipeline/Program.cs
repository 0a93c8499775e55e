// The thesis's system (Acevedo 2021, ch. 4) as an ML.NET pipeline: ImageNet ResNet-18 deep features of each cell
// into a cubic-kernel SVM, 5-fold cross-validated on the shipped sample cells (one folder per class).
using Hematology.ML.MlNet;
using Microsoft.ML;

var folder = Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine("samples", "pbc-sample"));
if (!Directory.Exists(folder)) { Console.Error.WriteLine($"usage: MlNetPipeline [folder of class folders]; '{folder}' does not exist"); return 2; }
var cells = Directory.GetDirectories(folder).Order(StringComparer.Ordinal)
    .SelectMany(d => Directory.GetFiles(d).Order(StringComparer.Ordinal).Select(f => new Cell { ImagePath = f, CellClass = Path.GetFileName(d) })).ToArray();

var ml = new MLContext(seed: 0);
var data = ml.Data.LoadFromEnumerable(cells);
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Cell.CellClass))
    .Append(ml.Transforms.ExtractCellFeatures("Features", nameof(Cell.ImagePath)))
    .Append(ml.MulticlassClassification.Trainers.KernelSvm(CellSvmKernel.Cubic));
var folds = ml.MulticlassClassification.CrossValidate(data, pipeline, numberOfFolds: 5);

Console.WriteLine($"{cells.Length} cells, deep features + cubic SVM, 5-fold cross-validation:");
foreach (var fold in folds) Console.WriteLine($"  fold {fold.Fold}: accuracy {fold.Metrics.MicroAccuracy:P1}, macro {fold.Metrics.MacroAccuracy:P1}");
Console.WriteLine($"Accuracy {folds.Average(f => f.Metrics.MicroAccuracy):P1}, macro accuracy {folds.Average(f => f.Metrics.MacroAccuracy):P1}");
return 0;

/// <summary>A cell image and its class (its folder's name).</summary>
internal sealed class Cell
{
    public string ImagePath { get; set; } = "";
    public string CellClass { get; set; } = "";
}
