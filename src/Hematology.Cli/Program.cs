using System.CommandLine;
using Hematology.Cli.Commands;

var root = new RootCommand("hemato: peripheral-blood cell recognition and MDS screening support (Hematology.ML)")
{
    FeaturesCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
