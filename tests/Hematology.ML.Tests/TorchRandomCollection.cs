namespace Hematology.ML.Tests;

/// <summary>
/// libtorch has one random generator per process: weight initialisation and dropout draw from it, so a
/// test that seeds it and expects the same numbers twice breaks whenever another test builds a network
/// at the same moment (it did on a many-core CI machine). Such tests run here, alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchRandomCollection
{
    public const string Name = "torch's process-wide random generator";
}
