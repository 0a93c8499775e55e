using Hematology.ML.Adaptation;
using Hematology.ML.Imaging;

namespace Hematology.ML.Detection;

/// <summary>A cell pasted into a synthetic field: its true box (the pasted cell's mask, cytoplasm included), class and
/// whether the border cuts it.</summary>
internal sealed record SyntheticCell(CellBox Box, string CellClass, bool Cut)
{
    /// <summary>Platelets are their own kind; every other PBC class is a nucleated cell.</summary>
    public FieldCellKind Kind => CellClass == "platelet" ? FieldCellKind.Platelet : FieldCellKind.Nucleated;
}

/// <summary>A SYNTHETIC field with the boxes of the cells pasted into it, and the red-cell diameter it was made at.</summary>
internal sealed record SyntheticField(RgbImage Image, IReadOnlyList<SyntheticCell> Cells, double RedCellDiameter, string Recolouring);

/// <summary>
/// SYNTHETIC microscope-camera fields for testing detection: real cells (PBC crops, segmented by <see cref="CellRegions"/>)
/// pasted onto a background of real red cells (the same crops with their centred cell painted over with their plasma),
/// at a random magnification, with touching pairs and cells cut by the border, then recoloured by one of the shift
/// families (restain in optical density, white balance, camera optics). The true boxes are the pasted masks. These
/// are not real fields: the seams between tiles and the flat plasma where a cell was painted over are the generator's.
/// </summary>
internal sealed class SyntheticFields
{
    /// <summary>PBC's red cell is 25 px of the 128 px working set: the crops' own scale.</summary>
    private const double SourceRedCellFraction = 25.0 / 128;

    /// <summary>Farthest a true cell's cytoplasm reaches beyond its nucleus, in red-cell diameters.</summary>
    private const double MaximumCytoplasmReach = 0.7;

    // Every usable crop gives a background; the nucleated ones and the platelets are pasted.
    private readonly IReadOnlyList<Source> _cells;
    private readonly Source[] _nucleated;
    private readonly Source[] _platelets;

    private SyntheticFields(IReadOnlyList<Source> cells, int width, int height)
    {
        _cells = cells;
        _nucleated = cells.Where(c => c.CellClass != "platelet").ToArray();
        _platelets = cells.Where(c => c.CellClass == "platelet").ToArray();
        Width = width;
        Height = height;
    }

    /// <summary>Width of the fields made.</summary>
    public int Width { get; }

    /// <summary>Height of the fields made.</summary>
    public int Height { get; }

    /// <summary>Recolourings applied to a field, one drawn per field ("none" leaves it as pasted).</summary>
    public static IReadOnlyList<string> Recolourings { get; } = ["none", "restain", "white-balance", "optics"];

    /// <summary>Prepares the source crops: each is segmented once; crops whose cell reaches their border are not used.</summary>
    /// <exception cref="HematologyException">No crop is usable.</exception>
    public static SyntheticFields FromCells(IReadOnlyList<(RgbImage Image, string CellClass)> crops, int width = 640, int height = 480)
    {
        if (width < 64 || height < 64 || (long)width * height > ImageBudget.MaxPixels)
            throw new HematologyException($"A synthetic field of {width}x{height} is outside 64x64 to the image budget.");
        var sources = new Source?[crops.Count];
        Parallel.For(0, crops.Count, i => sources[i] = Source.TryCreate(crops[i].Image, crops[i].CellClass));
        var usable = sources.OfType<Source>().ToArray();
        if (usable.Length == 0) throw new HematologyException("No source crop could be segmented for synthetic fields.");
        return new SyntheticFields(usable, width, height);
    }

    /// <summary>One field; the same seed gives the same field.</summary>
    public SyntheticField Generate(int seed)
    {
        int width = Width, height = Height;
        var random = new Random(seed);
        var diameter = Math.Min(width, height) * (0.09 + 0.08 * random.NextDouble());
        var canvas = Background(random, width, height, diameter);
        var placed = new List<SyntheticCell>();
        var nucleated = random.Next(0, 5);
        var platelets = random.Next(0, 4);
        for (var k = 0; k < nucleated + platelets; k++)
        {
            var pool = k < nucleated || _platelets.Length == 0 ? _nucleated : _platelets;
            if (pool.Length == 0) continue;
            var source = pool[random.Next(pool.Length)];
            var touching = k > 0 && k < nucleated && random.NextDouble() < 0.3 ? placed[^1] : null;
            if (Paste(canvas, source, random, diameter, placed, touching) is { } cell) placed.Add(cell);
        }
        var recolouring = Recolourings[random.Next(Recolourings.Count)];
        var image = recolouring == "none" ? canvas : LabShift.Apply(canvas, recolouring, random.Next());
        return new SyntheticField(image, placed, diameter, recolouring);
    }

    // One crop's red cells and plasma at the field's scale, its centred cell painted over with its plasma, mirrored
    // tile after tile: mirroring continues each red cell across the seam, and one crop gives the field one illumination.
    private RgbImage Background(Random random, int width, int height, double diameter)
    {
        var canvas = new byte[width * height * 3];
        var background = _cells[random.Next(_cells.Count)];
        var tile = Math.Max(16, (int)Math.Round(diameter / SourceRedCellFraction));
        var scaled = background.Scaled(tile, tile, background.Cover);
        int offsetX = random.Next(tile), offsetY = random.Next(tile);
        for (var y = 0; y < height; y++)
        {
            var sy = Magnification.Mirror(y + offsetY, tile);
            for (var x = 0; x < width; x++)
            {
                var s = sy * tile + Magnification.Mirror(x + offsetX, tile);
                var d = (y * width + x) * 3;
                for (var c = 0; c < 3; c++) canvas[d + c] = scaled.Mask[s] ? background.Plasma[c] : scaled.Pixels[s * 3 + c];
            }
        }
        return new RgbImage(width, height, canvas);
    }

    // Pastes a cell at a free place (next to `touching` when given); null when no place was found.
    private static SyntheticCell? Paste(RgbImage canvas, Source source, Random random, double diameter, List<SyntheticCell> placed, SyntheticCell? touching)
    {
        var factor = diameter / (SourceRedCellFraction * source.Image.Width);
        var size = Math.Max(8, (int)Math.Round(source.Image.Width * factor));
        var sizeY = Math.Max(8, (int)Math.Round(source.Image.Height * factor));
        var scaled = source.Scaled(size, sizeY, source.Mask);
        var cellBox = new CellBox((int)(source.CellBox.X0 * factor), (int)(source.CellBox.Y0 * factor),
            (int)Math.Ceiling(source.CellBox.X1 * factor), (int)Math.Ceiling(source.CellBox.Y1 * factor));
        for (var attempt = 0; attempt < 40; attempt++)
        {
            double cx, cy;
            if (touching is { } other)
            {
                var angle = random.NextDouble() * 2 * Math.PI;
                var distance = 0.5 * (Math.Max(other.Box.Width, other.Box.Height) + Math.Max(cellBox.Width, cellBox.Height)) * 0.92;
                cx = other.Box.CentreX + distance * Math.Cos(angle);
                cy = other.Box.CentreY + distance * Math.Sin(angle);
            }
            else
            {
                cx = -0.25 * cellBox.Width + random.NextDouble() * (canvas.Width + 0.5 * cellBox.Width);
                cy = -0.25 * cellBox.Height + random.NextDouble() * (canvas.Height + 0.5 * cellBox.Height);
            }
            var left = (int)Math.Round(cx - cellBox.CentreX);
            var top = (int)Math.Round(cy - cellBox.CentreY);
            var box = new CellBox(left + cellBox.X0, top + cellBox.Y0, left + cellBox.X1, top + cellBox.Y1);
            var inside = box.Intersect(new CellBox(0, 0, canvas.Width, canvas.Height));
            if (inside.Area < 0.35 * box.Area) continue;
            // Touching cells may meet; others keep apart (the generator's truth would otherwise hide one under another).
            if (placed.Any(p => p.Box.Intersect(box).Area > (ReferenceEquals(p, touching) ? 0.12 : 0.0) * Math.Min(p.Box.Area, box.Area))) continue;
            var truth = Blend(canvas, scaled, left, top);
            if (truth is null) continue;
            return new SyntheticCell(truth.Value, source.CellClass, truth.Value.TouchesBorder(canvas.Width, canvas.Height, 0) || inside.Area < box.Area);
        }
        return null;
    }

    // Copies the masked cell onto the canvas (its edge half blended, so the paste leaves no hard seam); the box of what landed.
    private static CellBox? Blend(RgbImage canvas, Scaled cell, int left, int top)
    {
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        var px = canvas.Pixels;
        for (var y = 0; y < cell.Height; y++)
            for (var x = 0; x < cell.Width; x++)
            {
                int fx = left + x, fy = top + y;
                if (!cell.Mask[y * cell.Width + x] || fx < 0 || fy < 0 || fx >= canvas.Width || fy >= canvas.Height) continue;
                var edge = x == 0 || y == 0 || x == cell.Width - 1 || y == cell.Height - 1
                    || !cell.Mask[y * cell.Width + x - 1] || !cell.Mask[y * cell.Width + x + 1]
                    || !cell.Mask[(y - 1) * cell.Width + x] || !cell.Mask[(y + 1) * cell.Width + x];
                var d = (fy * canvas.Width + fx) * 3;
                for (var c = 0; c < 3; c++)
                {
                    var value = cell.Pixels[(y * cell.Width + x) * 3 + c];
                    px[d + c] = edge ? (byte)((px[d + c] + value) / 2) : value;
                }
                x0 = Math.Min(x0, fx); y0 = Math.Min(y0, fy); x1 = Math.Max(x1, fx + 1); y1 = Math.Max(y1, fy + 1);
            }
        return x1 < 0 ? null : new CellBox(x0, y0, x1, y1);
    }

    private sealed record Scaled(int Width, int Height, byte[] Pixels, bool[] Mask);

    // A source crop: its pixels, its centred cell's mask and box, and its plasma colour.
    private sealed class Source
    {
        private Source(RgbImage image, string cellClass, bool[] mask, bool[] cover, CellBox cellBox, byte[] plasma)
        {
            Image = image;
            CellClass = cellClass;
            Mask = mask;
            Cover = cover;
            CellBox = cellBox;
            Plasma = plasma;
        }

        public RgbImage Image { get; }

        public string CellClass { get; }

        public bool[] Mask { get; }

        // The cell and a rim around it: what a background tile paints over, so that no edge of the cell stays.
        public bool[] Cover { get; }

        public CellBox CellBox { get; }

        public byte[] Plasma { get; }

        public static Source? TryCreate(RgbImage image, string cellClass)
        {
            var regions = CellRegions.Segment(image);
            int w = image.Width, h = image.Height;
            var nucleus = regions.Mask(CellRegion.Nucleus);
            // The segmentation's cytoplasm can take in a red cell that touches the cell; no white cell's cytoplasm reaches
            // farther than about 0.7 red cells beyond its nucleus, so what lies beyond is left out of the truth.
            var reach = MaskOps.DistanceTo(nucleus, w, h);
            var cytoplasm = regions.Mask(CellRegion.Cytoplasm);
            var mask = new bool[nucleus.Length];
            for (var i = 0; i < mask.Length; i++)
                mask[i] = nucleus[i] || (cellClass != "platelet" && cytoplasm[i] && reach[i] <= MaximumCytoplasmReach * SourceRedCellFraction * w);
            int x0 = w, y0 = h, x1 = 0, y1 = 0, area = 0;
            for (var i = 0; i < mask.Length; i++)
            {
                if (!mask[i]) continue;
                int x = i % w, y = i / w;
                x0 = Math.Min(x0, x); y0 = Math.Min(y0, y); x1 = Math.Max(x1, x + 1); y1 = Math.Max(y1, y + 1);
                area++;
            }
            var box = new CellBox(x0, y0, x1, y1);
            // Only plausible segmentations are truth: a whole cell, round enough, no larger than a monocyte (about 2.4 red
            // cells across; a platelet about one). A mask that took in the red cells around would make a wrong box.
            var redCell = SourceRedCellFraction * w;
            var largest = cellClass == "platelet" ? 1.2 * redCell : 2.4 * redCell;
            if (area < 0.004 * w * h || box.TouchesBorder(w, h, 2) || Math.Max(box.Width, box.Height) > largest || area < 0.5 * box.Area) return null;
            var cover = MaskOps.Dilate(mask, w, h, 6);
            return new Source(image, cellClass, mask, cover, box, PlasmaColour(image, cover));
        }

        // The crop and one of its masks at another size (the mask by nearest neighbour).
        public Scaled Scaled(int width, int height, bool[] which)
        {
            var pixels = LanczosResampler.Resize(Image, width, height).Pixels;
            var mask = new bool[width * height];
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    mask[y * width + x] = which[Math.Min(Image.Height - 1, y * Image.Height / height) * Image.Width + Math.Min(Image.Width - 1, x * Image.Width / width)];
            return new Scaled(width, height, pixels, mask);
        }

        // The median colour of the brightest quarter of the pixels outside the cell: plasma, not red cells.
        private static byte[] PlasmaColour(RgbImage image, bool[] cell)
        {
            var px = image.Pixels;
            var outside = Enumerable.Range(0, cell.Length).Where(i => !cell[i])
                .OrderByDescending(i => px[i * 3] + px[i * 3 + 1] + px[i * 3 + 2]).ToArray();
            var bright = outside.Take(Math.Max(1, outside.Length / 4)).ToArray();
            return Enumerable.Range(0, 3).Select(c => bright.Select(i => px[i * 3 + c]).Order().ElementAt(bright.Length / 2)).ToArray();
        }
    }
}
