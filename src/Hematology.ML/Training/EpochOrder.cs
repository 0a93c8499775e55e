namespace Hematology.ML.Training;

/// <summary>
/// Which training images an epoch visits, in which order. Unbalanced: each image once, shuffled.
/// Balanced (the thesis's class balancing, ch. 4.3): the same number of draws per class, so the rare
/// classes (basophils, lymphocytes) are seen as often as neutrophils; small classes repeat their images,
/// which the per-epoch augmentation turns into different views, large classes show a fresh random
/// subset each epoch.
/// </summary>
internal static class EpochOrder
{
    /// <summary>Image indices for one epoch; deterministic for (<paramref name="seed"/>, <paramref name="epoch"/>).</summary>
    public static int[] For(IReadOnlyList<long> labels, int epoch, int seed, bool balanced)
    {
        var random = new Random(Seeds.Combine(seed, epoch));
        int[] order;
        if (!balanced) order = Enumerable.Range(0, labels.Count).ToArray();
        else
        {
            var byClass = Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
            var perClass = labels.Count / byClass.Length;
            order = byClass.SelectMany(members =>
            {
                var shuffled = members.ToArray();
                random.Shuffle(shuffled);
                return Enumerable.Range(0, perClass).Select(k => shuffled[k % shuffled.Length]);
            }).ToArray();
        }
        random.Shuffle(order);
        return order;
    }
}
