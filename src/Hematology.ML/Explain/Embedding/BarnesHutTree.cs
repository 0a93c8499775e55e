namespace Hematology.ML.Explain.Embedding;

/// <summary>
/// Quadtree over a 2-D embedding that sums the t-SNE repulsive forces on a point in O(log n): a cell far enough away,
/// relative to its width, acts as one body of its point count placed at its centre of mass.
/// </summary>
/// <remarks>
/// Built on one thread (insertion order fixes the centre-of-mass sums, so they are the same on every run), then only
/// read, so <see cref="Repulsion"/> may run for many points at once.
/// </remarks>
internal sealed class BarnesHutTree
{
    // Cells this deep are narrower than double precision can tell apart for any sensible embedding; stopping here keeps
    // near-duplicates from splitting forever.
    private const int MaxDepth = 48;

    private Node[] _nodes = new Node[64];
    private int _nodeCount;
    private int[] _nextInLeaf = [];
    private double[] _positions = [];

    private struct Node
    {
        public double CenterX, CenterY, HalfWidth;
        public double MassX, MassY;
        public int Count, FirstChild, FirstPoint, Depth;
    }

    private struct Accumulator
    {
        public double X, Y, ThetaSquared, ForceX, ForceY, Z;
        public int Point;
    }

    /// <summary>Rebuilds the tree over <paramref name="positions"/>, n points stored as x0, y0, x1, y1, ….</summary>
    public void Build(double[] positions)
    {
        int n = positions.Length / 2;
        _positions = positions;
        if (_nextInLeaf.Length < n) _nextInLeaf = new int[n];

        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            minX = Math.Min(minX, positions[2 * i]);
            maxX = Math.Max(maxX, positions[2 * i]);
            minY = Math.Min(minY, positions[2 * i + 1]);
            maxY = Math.Max(maxY, positions[2 * i + 1]);
        }

        _nodeCount = 0;
        AddNode((minX + maxX) / 2, (minY + maxY) / 2, Math.Max(maxX - minX, maxY - minY) / 2, 0);
        for (int i = 0; i < n; i++) Insert(i);
        for (int c = 0; c < _nodeCount; c++)
        {
            ref var node = ref _nodes[c];
            if (node.Count == 0) continue;
            node.MassX /= node.Count;
            node.MassY /= node.Count;
        }
    }

    /// <summary>
    /// Sums over all other points j of q_ij = 1 / (1 + |y_i - y_j|²): returns Σ q_ij (this point's share of the
    /// normalisation Z) and sets the unnormalised repulsion Σ q_ij² (y_i - y_j).
    /// </summary>
    public double Repulsion(int point, double theta, out double forceX, out double forceY)
    {
        var acc = new Accumulator
        {
            X = _positions[2 * point],
            Y = _positions[2 * point + 1],
            ThetaSquared = theta * theta,
            Point = point,
        };
        Visit(0, true, ref acc);
        forceX = acc.ForceX;
        forceY = acc.ForceY;
        return acc.Z;
    }

    private void Visit(int index, bool holdsPoint, ref Accumulator acc)
    {
        ref readonly var node = ref _nodes[index];
        if (node.Count == 0) return;
        bool leaf = node.FirstChild < 0;
        if (leaf && holdsPoint)
        {
            // Leaving the point itself out here, rather than subtracting it from a summary, keeps theta = 0 exact.
            for (int j = node.FirstPoint; j >= 0; j = _nextInLeaf[j])
            {
                if (j != acc.Point) AddBody(ref acc, _positions[2 * j], _positions[2 * j + 1], 1);
            }

            return;
        }

        double dx = acc.X - node.MassX;
        double dy = acc.Y - node.MassY;
        double width = 2 * node.HalfWidth;
        // A leaf's points coincide (below MaxDepth), so treating it as one body is exact. A cell holding the point
        // is always opened so the point never repels itself.
        if (leaf || (!holdsPoint && width * width < acc.ThetaSquared * (dx * dx + dy * dy)))
        {
            AddBody(ref acc, node.MassX, node.MassY, node.Count);
            return;
        }

        int own = holdsPoint ? Quadrant(in node, acc.X, acc.Y) : -1;
        for (int c = 0; c < 4; c++) Visit(node.FirstChild + c, c == own, ref acc);
    }

    private static void AddBody(ref Accumulator acc, double x, double y, int count)
    {
        double dx = acc.X - x;
        double dy = acc.Y - y;
        double q = 1.0 / (1.0 + dx * dx + dy * dy);
        acc.Z += count * q;
        double force = count * q * q;
        acc.ForceX += force * dx;
        acc.ForceY += force * dy;
    }

    private void Insert(int point)
    {
        double x = _positions[2 * point];
        double y = _positions[2 * point + 1];
        int index = 0;
        while (true)
        {
            ref var node = ref _nodes[index];
            node.MassX += x;
            node.MassY += y;
            node.Count++;
            if (node.FirstChild >= 0)
            {
                index = node.FirstChild + Quadrant(in node, x, y);
                continue;
            }

            int first = node.FirstPoint;
            if (first < 0 || node.Depth >= MaxDepth || (_positions[2 * first] == x && _positions[2 * first + 1] == y))
            {
                _nextInLeaf[point] = first;
                node.FirstPoint = point;
                return;
            }

            index = Split(index, x, y);
        }
    }

    /// <summary>
    /// Turns a leaf into four children, moves its (coinciding) points into the child that holds them and returns the
    /// child that <paramref name="x"/>, <paramref name="y"/> falls into, whose sums do not yet include that point.
    /// </summary>
    private int Split(int index, double x, double y)
    {
        var parent = _nodes[index];
        double half = parent.HalfWidth / 2;
        int firstChild = _nodeCount;
        for (int c = 0; c < 4; c++)
        {
            AddNode(parent.CenterX + ((c & 1) == 0 ? -half : half), parent.CenterY + ((c & 2) == 0 ? -half : half),
                half, parent.Depth + 1);
        }

        int first = parent.FirstPoint;
        ref var holder = ref _nodes[firstChild + Quadrant(in parent, _positions[2 * first], _positions[2 * first + 1])];
        holder.FirstPoint = first;
        for (int j = first; j >= 0; j = _nextInLeaf[j])
        {
            holder.MassX += _positions[2 * j];
            holder.MassY += _positions[2 * j + 1];
            holder.Count++;
        }

        ref var node = ref _nodes[index];
        node.FirstChild = firstChild;
        node.FirstPoint = -1;
        return firstChild + Quadrant(in node, x, y);
    }

    private static int Quadrant(in Node node, double x, double y) =>
        (x >= node.CenterX ? 1 : 0) + (y >= node.CenterY ? 2 : 0);

    private void AddNode(double centerX, double centerY, double halfWidth, int depth)
    {
        if (_nodeCount == _nodes.Length) Array.Resize(ref _nodes, _nodes.Length * 2);
        _nodes[_nodeCount++] = new Node
        {
            CenterX = centerX,
            CenterY = centerY,
            HalfWidth = halfWidth,
            FirstChild = -1,
            FirstPoint = -1,
            Depth = depth,
        };
    }
}
