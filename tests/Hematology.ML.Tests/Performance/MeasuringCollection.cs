namespace Hematology.ML.Tests.Performance;

/// <summary>Tests that time the product: beside other tests they would time the other tests. They run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuringCollection
{
    public const string Name = "measures speed (alone)";
}
