using Hematology.ML.Imaging;

namespace Hematology.ML.Detection;

/// <summary>
/// Finds the nucleated cells (white cells, erythroblasts) and the platelets of a microscope-camera field: a classical
/// pipeline, every threshold taken from the field itself and every length from its red cells, so that another camera,
/// magnification or stain moves the numbers with it.
/// </summary>
/// <remarks>
/// <para>1. Stain (<see cref="FieldStain"/>): optical density against the field's own white; three classes of absorbance
/// (plasma | red cells and cytoplasm | nuclei); the red cells' colour is the median of the middle class. A nucleus is
/// dark (at least <see cref="FieldStain.DarkCut"/> times a red cell's absorbance) and of another colour: its absorbance
/// departs from the red cells' direction (on PBC it absorbs green far more than blue), by at least
/// <see cref="NuclearToRedCell"/> of a red cell's absorbance. A pale or dark stain, a restain or a white balance move
/// both colours together; two overlapping red cells are dark but of the red cells' colour, and score nothing.</para>
/// <para>2. Scale: the median diameter D of the stained pixels of the red cells' colour (<see cref="RedCellRuler"/>,
/// about 7.5 µm in every lab); a field without red cells takes <see cref="FallbackDiameterFraction"/> of its shorter side.</para>
/// <para>3. Lobes become one nucleus (<see cref="NuclearGroups"/>): fragments closer than <see cref="LobeGapFraction"/> D
/// are grouped, nearest first, while the nucleus stays within <see cref="NucleusExtentFraction"/> D (a neutrophil's lobes
/// do; two touching cells' nuclei do not). A group is a nucleated cell when its area is at least
/// <see cref="NucleusAreaFraction"/> of a red cell's (<see cref="CutNucleusAreaFraction"/> at the border, where part of it
/// is out of view), a platelet when it is smaller.</para>
/// <para>4. The box (<see cref="CellOutline"/>): rays from the nucleus's centre walk out to the plasma, stop at another
/// nucleus, and a ray much longer than the others (into a touching red cell) is brought back; the box holds the rays'
/// ends and at least <see cref="NucleusMarginFraction"/> D around the nucleus. A cell touching the border is cut. Boxes
/// that hold most of one another are one cell.</para>
/// </remarks>
public sealed class FieldDetector
{
    /// <summary>Scale of a field without measurable red cells: a red cell this fraction of the shorter side (a 640x480
    /// field at 100x shows red cells about 65 px across).</summary>
    public const double FallbackDiameterFraction = 0.14;

    /// <summary>The nuclear-stain cut as a fraction of the red cells' absorbance (the length of their optical-density vector).</summary>
    public const double NuclearToRedCell = 0.7;

    /// <summary>Lowest nuclear-stain cut (optical density), for fields whose red cells are barely stained.</summary>
    public const double MinimumNuclearLevel = 0.05;

    /// <summary>Nuclear fragments closer than this (fraction of D) are one nucleus, if it stays within <see cref="NucleusExtentFraction"/>.</summary>
    public const double LobeGapFraction = 0.45;

    /// <summary>Widest nucleus (fraction of D): a band or segmented neutrophil's spans up to about 1.5 red cells.</summary>
    public const double NucleusExtentFraction = 1.9;

    /// <summary>Smallest nucleus of a nucleated cell, as a fraction of a red cell's area (a small lymphocyte's is about
    /// 0.6, a platelet about 0.1).</summary>
    public const double NucleusAreaFraction = 0.55;

    /// <summary>Smallest nucleus of a cell cut by the border (fraction of a red cell's area): the part in view.</summary>
    public const double CutNucleusAreaFraction = 0.3;

    /// <summary>Smallest stained fragment kept at all (fraction of a red cell's area): dust and noise are smaller.</summary>
    public const double DebrisAreaFraction = 0.012;

    /// <summary>Smallest margin of the box around the nucleus (fraction of D).</summary>
    public const double NucleusMarginFraction = 0.1;

    /// <summary>Longest side the pipeline works at; larger fields (4K cameras) are averaged down first and the boxes scaled back.</summary>
    public const int WorkingSide = 1280;

    /// <summary>Finds the cells of a field.</summary>
    public FieldDetection Detect(RgbImage field)
    {
        var factor = (Math.Max(field.Width, field.Height) + WorkingSide - 1) / WorkingSide;
        var image = factor > 1 ? BoxAverage(field, factor) : field;
        var found = DetectAtWorkingScale(image);
        if (factor == 1) return found;
        var cells = found.Cells.Select(c => c with
        {
            Box = new CellBox(c.Box.X0 * factor, c.Box.Y0 * factor, Math.Min(field.Width, c.Box.X1 * factor), Math.Min(field.Height, c.Box.Y1 * factor)),
        }).ToArray();
        return new FieldDetection(field.Width, field.Height, found.RedCellDiameter * factor, found.RedCellsMeasured, cells);
    }

    private static FieldDetection DetectAtWorkingScale(RgbImage image)
    {
        int w = image.Width, h = image.Height, n = w * h;
        var stain = FieldStain.Measure(image, NuclearToRedCell);
        var measured = RedCellRuler.MaskDiameter(stain.RedCells, w, h, centredCell: false);
        var diameter = Math.Clamp(measured ?? FallbackDiameterFraction * Math.Min(w, h), 8, Math.Min(w, h) / 2.0);
        var redCellArea = Math.PI * diameter * diameter / 4;

        var nuclear = MaskOps.GaussianBlur(stain.Nuclear, w, h, 1.0);
        var cut = Math.Max(MinimumNuclearLevel, NuclearToRedCell * stain.RedCellDensity);
        var nucleus = new bool[n];
        for (var i = 0; i < n; i++) nucleus[i] = nuclear[i] > cut;
        nucleus = MaskOps.Close(nucleus, w, h, Math.Max(1, (int)Math.Round(0.05 * diameter)));

        var (groups, labels) = NuclearGroups.Find(nucleus, w, h, LobeGapFraction * diameter, NucleusExtentFraction * diameter, DebrisAreaFraction * redCellArea);
        // A nucleus the border cuts shows only part of its area.
        bool IsNucleus(NuclearGroup g) => g.Area >= (g.Box.TouchesBorder(w, h, 2) ? CutNucleusAreaFraction : NucleusAreaFraction) * redCellArea;
        var nucleated = groups.Where(IsNucleus).ToArray();
        var boxes = CellOutline.Boxes(nucleated, labels, stain, w, h, diameter, (int)Math.Round(NucleusMarginFraction * diameter));
        var cells = MergeOverlapping(boxes).Select(b => new DetectedCell(b, FieldCellKind.Nucleated, b.TouchesBorder(w, h))).ToList();
        foreach (var platelet in groups.Where(g => !IsNucleus(g)))
        {
            var box = platelet.Box.Grow((int)Math.Round(0.04 * diameter), w, h);
            if (cells.Any(c => c.Box.Intersect(box).Area > box.Area / 2)) continue;
            cells.Add(new DetectedCell(box, FieldCellKind.Platelet, box.TouchesBorder(w, h)));
        }
        return new FieldDetection(w, h, diameter, measured is not null, cells);
    }

    // Boxes that share most of the smaller one's area are one cell seen twice (a nucleus split by a pale band).
    private static List<CellBox> MergeOverlapping(IReadOnlyList<CellBox> boxes)
    {
        var merged = boxes.ToList();
        for (var changed = true; changed;)
        {
            changed = false;
            for (var a = 0; a < merged.Count && !changed; a++)
                for (var b = a + 1; b < merged.Count && !changed; b++)
                {
                    var inter = merged[a].Intersect(merged[b]).Area;
                    if (inter <= 0.75 * Math.Min(merged[a].Area, merged[b].Area)) continue;
                    merged[a] = merged[a].Union(merged[b]);
                    merged.RemoveAt(b);
                    changed = true;
                }
        }
        return merged;
    }

    // A large field averaged over factor x factor blocks: the cells stay tens of pixels across, the work drops by factor².
    private static RgbImage BoxAverage(RgbImage image, int factor)
    {
        int w = image.Width / factor, h = image.Height / factor;
        var pixels = new byte[w * h * 3];
        var src = image.Pixels;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < factor; dy++)
                        for (var dx = 0; dx < factor; dx++)
                            sum += src[((y * factor + dy) * image.Width + x * factor + dx) * 3 + c];
                    pixels[(y * w + x) * 3 + c] = (byte)(sum / (factor * factor));
                }
        return new RgbImage(w, h, pixels);
    }
}
