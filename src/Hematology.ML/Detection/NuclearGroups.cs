using Hematology.ML.Imaging;

namespace Hematology.ML.Detection;

/// <summary>One nucleus in a field: the fragments (a neutrophil's lobes) grouped as one.</summary>
internal sealed record NuclearGroup(int Label, CellBox Box, int Area);

/// <summary>
/// Groups the nuclear-stain fragments of a field into nuclei, nearest pairs first (single linkage on the gaps between
/// their boxes): two fragments join when the gap is at most <c>gap</c> and the joined nucleus stays within
/// <c>extent</c> across. The extent is what keeps two touching cells apart: a neutrophil's lobes lie within one
/// nucleus's span, two cells' nuclei do not, however close their cytoplasms come.
/// </summary>
internal static class NuclearGroups
{
    /// <summary>The nuclei of a mask and a label per pixel (0: none, otherwise the group's <see cref="NuclearGroup.Label"/>);
    /// fragments smaller than <paramref name="minimumArea"/> are dropped.</summary>
    public static (IReadOnlyList<NuclearGroup> Groups, int[] Labels) Find(bool[] mask, int w, int h, double gap, double extent, double minimumArea)
    {
        var (fragments, sizes) = MaskOps.Components(mask, w, h);
        var boxes = new CellBox[sizes.Count];
        for (var k = 1; k < sizes.Count; k++) boxes[k] = new CellBox(int.MaxValue, int.MaxValue, int.MinValue, int.MinValue);
        for (int y = 0, i = 0; y < h; y++)
            for (var x = 0; x < w; x++, i++)
                if (fragments[i] is var k and > 0)
                {
                    var b = boxes[k];
                    boxes[k] = new CellBox(Math.Min(b.X0, x), Math.Min(b.Y0, y), Math.Max(b.X1, x + 1), Math.Max(b.Y1, y + 1));
                }
        var kept = Enumerable.Range(1, sizes.Count - 1).Where(k => sizes[k] >= minimumArea).ToArray();
        var parent = Enumerable.Range(0, sizes.Count).ToArray();
        var groupBox = (CellBox[])boxes.Clone();
        var groupArea = sizes.ToArray();
        var pairs = new List<(double Gap, int A, int B)>();
        for (var a = 0; a < kept.Length; a++)
            for (var b = a + 1; b < kept.Length; b++)
                if (Gap(boxes[kept[a]], boxes[kept[b]]) is var g && g <= gap) pairs.Add((g, kept[a], kept[b]));
        foreach (var (_, a, b) in pairs.OrderBy(p => p.Gap))
        {
            int ra = Root(a), rb = Root(b);
            if (ra == rb) continue;
            var joined = groupBox[ra].Union(groupBox[rb]);
            if (Math.Max(joined.Width, joined.Height) > extent) continue;
            parent[rb] = ra;
            groupBox[ra] = joined;
            groupArea[ra] += groupArea[rb];
        }
        var keep = new bool[sizes.Count];
        foreach (var k in kept) keep[k] = true;
        var labels = new int[w * h];
        for (var i = 0; i < labels.Length; i++)
            if (keep[fragments[i]]) labels[i] = Root(fragments[i]);
        var groups = kept.Select(Root).Distinct().Order().Select(r => new NuclearGroup(r, groupBox[r], groupArea[r])).ToArray();
        return (groups, labels);

        int Root(int k)
        {
            while (parent[k] != k) k = parent[k] = parent[parent[k]];
            return k;
        }
    }

    // The distance between two boxes (0 when they overlap).
    private static double Gap(CellBox a, CellBox b)
    {
        var dx = Math.Max(0, Math.Max(a.X0, b.X0) - Math.Min(a.X1, b.X1));
        var dy = Math.Max(0, Math.Max(a.Y0, b.Y0) - Math.Min(a.Y1, b.Y1));
        return Math.Sqrt(dx * dx + dy * dy);
    }
}
