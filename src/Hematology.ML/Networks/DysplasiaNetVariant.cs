namespace Hematology.ML.Networks;

/// <summary>
/// One of the eight candidate networks M1-M8 of the thesis (Fig 5.2 / Table 5.2); M1 is DysplasiaNet
/// (Acevedo et al. 2021). Every convolution block has the same number of filters, and every hidden FC
/// layer has as many units as a block has filters.
/// </summary>
/// <param name="Name">M1 ... M8.</param>
/// <param name="Blocks">Convolution blocks (3x3 valid conv + ReLU + 2x2 max-pool): 4 or 6.</param>
/// <param name="Filters">Filters per block: 16 or 32.</param>
/// <param name="HiddenLayers">Hidden FC layers before the output: 1 or 2.</param>
/// <param name="PublishedParameters">The count in the thesis, at 299x299 input with one sigmoid output.</param>
/// <remarks>
/// The paper's abstract says the eight models vary "convolutional blocks, number of layer nodes and fully
/// connected layers": the three factors here, two levels each. No table of their layers was found, so the
/// levels were derived from the eight published counts, which this rule matches exactly and as the only
/// solution in a search over 2-7 blocks, 8-64 filters (constant or doubling), same/valid padding, flatten or
/// global pooling, and up to two hidden layers of 8-128 units. At 299: four blocks give
/// 299 -> 297 -> 148 -> 146 -> 73 -> 71 -> 35 -> 33 -> 16, six continue 16 -> 14 -> 7 -> 5 -> 2.
/// M1: convs 448 + 3*2,320 = 7,408; flatten 16*16*16 = 4,096; FC 4,096*16+16 = 65,552; output 17: 72,977.
/// M2: convs 448 + 5*2,320 = 12,048; flatten 2*2*16 = 64; FC 1,040; output 17: 13,105.
/// M3: convs 896 + 3*9,248 = 28,640; flatten 16*16*32 = 8,192; FC 262,176; output 33: 290,849.
/// M4: convs 896 + 5*9,248 = 47,136; flatten 2*2*32 = 128; FC 4,128; output 33: 51,297.
/// M5-M8 add a second hidden layer of 16*16+16 = 272 or 32*32+32 = 1,056 parameters to M1-M4:
/// 73,249, 13,377, 291,905, 52,353.
/// </remarks>
internal sealed record DysplasiaNetVariant(string Name, int Blocks, int Filters, int HiddenLayers, long PublishedParameters)
{
    /// <summary>The input side of the thesis's experiments.</summary>
    public const int DefaultInputSize = 299;

    /// <summary>M1 to M8 in order.</summary>
    public static IReadOnlyList<DysplasiaNetVariant> All { get; } =
    [
        new("M1", 4, 16, 1, 72_977),
        new("M2", 6, 16, 1, 13_105),
        new("M3", 4, 32, 1, 290_849),
        new("M4", 6, 32, 1, 51_297),
        new("M5", 4, 16, 2, 73_249),
        new("M6", 6, 16, 2, 13_377),
        new("M7", 4, 32, 2, 291_905),
        new("M8", 6, 32, 2, 52_353),
    ];

    /// <summary>DysplasiaNet itself.</summary>
    public static DysplasiaNetVariant DysplasiaNet => All[0];
}
