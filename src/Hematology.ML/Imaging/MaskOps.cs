namespace Hematology.ML.Imaging;

/// <summary>Small binary-mask and blur operations of segmentation and simulation (plain C#, deterministic).</summary>
internal static class MaskOps
{
    /// <summary>City-block distance (two-pass chamfer) from every pixel to the nearest set pixel.</summary>
    public static int[] DistanceTo(bool[] mask, int w, int h)
    {
        const int far = int.MaxValue / 4;
        var d = new int[w * h];
        for (var i = 0; i < d.Length; i++) d[i] = mask[i] ? 0 : far;
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                if (x > 0) d[i] = Math.Min(d[i], d[i - 1] + 1);
                if (y > 0) d[i] = Math.Min(d[i], d[i - w] + 1);
            }
        for (var y = h - 1; y >= 0; y--)
            for (var x = w - 1; x >= 0; x--)
            {
                var i = y * w + x;
                if (x < w - 1) d[i] = Math.Min(d[i], d[i + 1] + 1);
                if (y < h - 1) d[i] = Math.Min(d[i], d[i + w] + 1);
            }
        return d;
    }

    /// <summary>Dilation by a city-block radius.</summary>
    public static bool[] Dilate(bool[] mask, int w, int h, int r)
    {
        var d = DistanceTo(mask, w, h);
        var result = new bool[d.Length];
        for (var i = 0; i < d.Length; i++) result[i] = d[i] <= r;
        return result;
    }

    /// <summary>Erosion by a city-block radius.</summary>
    public static bool[] Erode(bool[] mask, int w, int h, int r)
    {
        var d = DistanceTo(Not(mask), w, h);
        var result = new bool[d.Length];
        for (var i = 0; i < d.Length; i++) result[i] = d[i] > r;
        return result;
    }

    /// <summary>Closing (dilate then erode): bridges the gaps between nucleus lobes and granules.</summary>
    public static bool[] Close(bool[] mask, int w, int h, int r) => Erode(Dilate(mask, w, h, r), w, h, r);

    /// <summary>Fills holes: every unset pixel not connected to the image border becomes set.</summary>
    public static bool[] FillHoles(bool[] mask, int w, int h)
    {
        var outside = new bool[w * h];
        var stack = new Stack<int>();
        for (var x = 0; x < w; x++) { Push(x, 0); Push(x, h - 1); }
        for (var y = 0; y < h; y++) { Push(0, y); Push(w - 1, y); }
        while (stack.Count > 0)
        {
            var i = stack.Pop();
            int x = i % w, y = i / w;
            if (x > 0) Push(x - 1, y);
            if (x < w - 1) Push(x + 1, y);
            if (y > 0) Push(x, y - 1);
            if (y < h - 1) Push(x, y + 1);
        }
        return Not(outside);

        void Push(int x, int y)
        {
            var i = y * w + x;
            if (mask[i] || outside[i]) return;
            outside[i] = true;
            stack.Push(i);
        }
    }

    /// <summary>The 4-connected components of a mask, as a label per pixel (0 = unset) and their sizes.</summary>
    public static (int[] Labels, List<int> Sizes) Components(bool[] mask, int w, int h)
    {
        var labels = new int[w * h];
        var sizes = new List<int> { 0 };
        var stack = new Stack<int>();
        for (var start = 0; start < labels.Length; start++)
        {
            if (!mask[start] || labels[start] != 0) continue;
            var label = sizes.Count;
            var size = 0;
            labels[start] = label;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var i = stack.Pop();
                size++;
                int x = i % w, y = i / w;
                if (x > 0) Visit(i - 1);
                if (x < w - 1) Visit(i + 1);
                if (y > 0) Visit(i - w);
                if (y < h - 1) Visit(i + w);
                void Visit(int j)
                {
                    if (mask[j] && labels[j] == 0) { labels[j] = label; stack.Push(j); }
                }
            }
            sizes.Add(size);
        }
        return (labels, sizes);
    }

    /// <summary>The complement of a mask.</summary>
    public static bool[] Not(bool[] mask)
    {
        var result = new bool[mask.Length];
        for (var i = 0; i < mask.Length; i++) result[i] = !mask[i];
        return result;
    }

    /// <summary>Separable Gaussian blur of a float plane (edges clamped).</summary>
    public static float[] GaussianBlur(float[] plane, int w, int h, double sigma)
    {
        if (sigma <= 0) return (float[])plane.Clone();
        var r = Math.Max(1, (int)Math.Ceiling(3 * sigma));
        var k = new float[2 * r + 1];
        double sum = 0;
        for (var i = -r; i <= r; i++) sum += k[i + r] = (float)Math.Exp(-i * i / (2 * sigma * sigma));
        for (var i = 0; i < k.Length; i++) k[i] /= (float)sum;
        var tmp = new float[plane.Length];
        var result = new float[plane.Length];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                float s = 0;
                for (var i = -r; i <= r; i++) s += k[i + r] * plane[y * w + Math.Clamp(x + i, 0, w - 1)];
                tmp[y * w + x] = s;
            }
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                float s = 0;
                for (var i = -r; i <= r; i++) s += k[i + r] * tmp[Math.Clamp(y + i, 0, h - 1) * w + x];
                result[y * w + x] = s;
            }
        return result;
    }

    /// <summary>One channel of an interleaved RGB byte array as floats.</summary>
    public static float[] Channel(byte[] rgb, int c)
    {
        var n = rgb.Length / 3;
        var plane = new float[n];
        for (var i = 0; i < n; i++) plane[i] = rgb[i * 3 + c];
        return plane;
    }

    /// <summary>Rounds and clamps to a byte.</summary>
    public static byte ToByte(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);
}
