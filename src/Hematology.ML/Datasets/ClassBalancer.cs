namespace Hematology.ML.Datasets;

/// <summary>
/// Class balancing by augmentation (thesis ch. 4.3): each class is brought up to a target count by
/// adding augmented views of its own images, drawn round-robin so every original contributes alike.
/// </summary>
internal static class ClassBalancer
{
    /// <summary>One training item: an original image and, for added views, the augmentation seed.</summary>
    public sealed record Item(CellSample Sample, int? AugmentationSeed);

    /// <summary>
    /// Originals first (all of them, even above the target), then views up to
    /// <paramref name="targetPerClass"/> per class; deterministic for <paramref name="seed"/>.
    /// </summary>
    public static IReadOnlyList<Item> Balance(IReadOnlyList<CellSample> samples, int targetPerClass, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetPerClass);
        var random = new Random(seed);
        var items = samples.Select(s => new Item(s, null)).ToList();
        foreach (var group in samples.GroupBy(s => s.CellClass).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var members = group.ToArray();
            // Shuffle once so that, when the target is not a multiple of the class size, which
            // originals get one extra view is random but reproducible.
            random.Shuffle(members);
            for (var i = 0; members.Length + i < targetPerClass; i++)
                items.Add(new Item(members[i % members.Length], random.Next()));
        }
        return items;
    }
}
