using System.CommandLine;
using Hematology.Cli.Commands;

var root = new RootCommand("hemato: peripheral-blood cell recognition and MDS screening support (Hematology.ML)")
{
    DataCommand.Create(),
    FeaturesCommand.Create(),
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    ClassifyCommand.Create(),
    DetectCommand.Create(),
    AdaptCommand.Create(),
    ModelsCommand.Create(),
    BenchmarkCommand.Create(),
    DbCommand.Create(),
    SimulateCommand.Create(),
    DysplasiaCommand.Create(),
    ScreenCommand.Create(),
    ExplainCommand.Create(),
    ServeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
