namespace Hematology.ML.Evaluation;

/// <summary>
/// Deterministic stratified k-fold assignment: each class's samples are shuffled with a seeded
/// generator and dealt round-robin over the folds, so every class is spread evenly (per-fold counts
/// of a class differ by at most one) and class proportions match the whole set, as the thesis' 
/// stratified splits require. The dealing continues from fold to fold across classes, so the total fold
/// sizes also differ by at most one.
/// </summary>
/// <remarks>
/// The shuffle uses its own SplitMix64 generator rather than <see cref="Random"/>, so the same seed
/// gives the same folds on every runtime and platform (fold files stay reproducible).
/// </remarks>
public static class StratifiedKFold
{
    /// <summary>Fold index (0..k-1) of every sample.</summary>
    /// <typeparam name="TLabel">Label type (class index, class name...).</typeparam>
    /// <param name="labels">Label of every sample.</param>
    /// <param name="k">Number of folds, at least 2.</param>
    /// <param name="seed">Shuffle seed; the same seed and labels always give the same folds.</param>
    public static int[] AssignFolds<TLabel>(IReadOnlyList<TLabel> labels, int k, int seed) where TLabel : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 2);

        // Group by label in order of first appearance: deterministic whatever the label type's hash.
        var groups = new List<List<int>>();
        var groupOf = new Dictionary<TLabel, int>();
        for (int i = 0; i < labels.Count; i++)
        {
            if (!groupOf.TryGetValue(labels[i], out int g))
            {
                g = groups.Count;
                groupOf[labels[i]] = g;
                groups.Add([]);
            }
            groups[g].Add(i);
        }

        var rng = new SplitMix64(unchecked((ulong)seed));
        var folds = new int[labels.Count];
        int next = 0;
        foreach (var group in groups)
        {
            // Fisher-Yates shuffle of the class, then deal.
            for (int i = group.Count - 1; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (group[i], group[j]) = (group[j], group[i]);
            }
            foreach (int index in group)
            {
                folds[index] = next;
                next = (next + 1) % k;
            }
        }
        return folds;
    }

    /// <summary>Train/test index sets of all k folds.</summary>
    /// <typeparam name="TLabel">Label type.</typeparam>
    /// <param name="labels">Label of every sample.</param>
    /// <param name="k">Number of folds, at least 2.</param>
    /// <param name="seed">Shuffle seed.</param>
    public static IReadOnlyList<FoldSplit> Split<TLabel>(IReadOnlyList<TLabel> labels, int k, int seed) where TLabel : notnull
    {
        var assignment = AssignFolds(labels, k, seed);
        var splits = new FoldSplit[k];
        for (int f = 0; f < k; f++)
        {
            var test = new List<int>();
            var train = new List<int>();
            for (int i = 0; i < assignment.Length; i++)
                (assignment[i] == f ? test : train).Add(i);
            splits[f] = new FoldSplit(f, train.ToArray(), test.ToArray());
        }
        return splits;
    }

    /// <summary>Small, fast, fully specified PRNG (Steele, Lea &amp; Flood 2014).</summary>
    private struct SplitMix64(ulong state)
    {
        private ulong _state = state;

        private ulong Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform integer in [0, exclusiveMax) by rejection, so there is no modulo bias.</summary>
        public int NextInt(int exclusiveMax)
        {
            ulong bound = (ulong)exclusiveMax;
            ulong limit = ulong.MaxValue - ulong.MaxValue % bound;
            ulong r;
            do r = Next(); while (r >= limit);
            return (int)(r % bound);
        }
    }
}
