// Classifies every cell image under a folder with a shipped model (the default one unless a name or a
// model file is given) and prints each cell's class, then the differential count.
using Hematology.ML.Cells;
using Hematology.ML.Datasets;
using Hematology.ML.Models;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: ClassifyFolder <folder of cell images> [model name or file]");
    return 2;
}
var folder = Path.GetFullPath(args[0]);
var images = CellImageFolder.FromPaths([folder]);
using var classifier = ModelCatalog.Shipped().LoadClassifier(args.Length > 1 ? args[1] : null);
var classification = classifier.Classify(images.Samples.Select(s => s.Path).ToArray());

// Thesis ch. 6.4: a cell the model is unsure of (top probability under 50 %) is "other", not forced into a class.
var cells = classification.Predictions.OfType<CellPrediction>().Select(p => OtherRejection.Apply(p)).ToArray();
foreach (var cell in cells)
    Console.WriteLine($"{Path.GetRelativePath(folder, cell.Source)}\t{cell.PredictedClass}\t{cell.Probability:F3}");

Console.WriteLine();
Console.WriteLine($"Differential count, {cells.Length} cells:");
foreach (var cellClass in classifier.Classes.Append(OtherRejection.Label))
{
    var count = cells.Count(c => c.PredictedClass == cellClass);
    Console.WriteLine($"  {cellClass,-14}{count,5}{100.0 * count / Math.Max(1, cells.Length),8:F1} %");
}
foreach (var skipped in images.Skipped.Concat(classification.Skipped))
    Console.WriteLine($"skipped {skipped.Path}: {skipped.Reason}");
return cells.Length > 0 ? 0 : 1;
