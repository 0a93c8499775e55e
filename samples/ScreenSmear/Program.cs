// Screens one smear (a folder of its cell images) for myelodysplastic syndrome with the shipped models:
// the eight-class model finds the neutrophils, DysplasiaNet scores their granularity, the dysplastic
// fraction against the calibrated smear threshold gives the decision; writes the pathologist's HTML report.
using Hematology.ML.Screening;

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: ScreenSmear <folder of one smear's cell images> [report.html]");
    return 2;
}
var smear = args[0];
var reportPath = Path.GetFullPath(args.Length > 1 ? args[1] : "screen-report.html");

// The shipped screen: DysplasiaNet, the thresholds calibrated with it, and the eight-class model they were
// calibrated with (the smear threshold holds for that model's differential).
using var models = ScreeningModels.Resolve();
var pipeline = models.Pipeline;
var thresholds = pipeline.Thresholds;
var simulated = models.Simulated;

var screening = pipeline.Screen(smear);
ScreeningReport.WriteHtml(screening, reportPath, pipeline.ExplainFlagged(screening));

if (simulated)
    Console.WriteLine("SIMULATED: DysplasiaNet and its thresholds learned from simulated dysplasia; this result is not clinical.");
Console.WriteLine($"Differential count, {screening.Cells} cells:");
foreach (var (cellClass, count) in screening.Differential)
    Console.WriteLine($"  {cellClass,-14}{count,5}");
Console.WriteLine($"Neutrophils: {screening.Neutrophils.Count}, dysplastic: {screening.DysplasticNeutrophils} " +
                  $"(fraction {screening.DysplasticFraction:P1}, smear threshold {thresholds.SmearThreshold:P1}); stain control: {screening.Stain.Status}");
Console.WriteLine($"Decision: {screening.Decision.ToText()}");
Console.WriteLine($"Report: {reportPath}");
return 0;
