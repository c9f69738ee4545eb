namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// The axis-aligned box [lower_0, upper_0] x ... x [lower_(d-1), upper_(d-1)] in any dimension d &gt;= 1, the usual
/// computational domain of a PINN. Its faces are the boundary parts "x-", "x+", "y-", "y+", "z-", "z+" for d &lt;= 3
/// and "x0-", "x0+", "x1-", ... (zero-based axes) for d &gt; 3, in that order, which is also the tie-break at edges and
/// corners: a corner belongs to, and takes the normal of, the lowest axis's face it lies on, lower face first.
/// </summary>
public class Box : Domain
{
    private readonly double[] lo;
    private readonly double[] hi;
    private readonly IReadOnlyList<string> parts;

    /// <summary>The box with corners <paramref name="lower"/> and <paramref name="upper"/>; every upper bound must exceed its lower bound.</summary>
    public Box(double[] lower, double[] upper) : this(lower, upper, null)
    {
    }

    /// <summary>Lets <see cref="Interval"/> and <see cref="Rectangle"/> rename the faces after their usual sides.</summary>
    private protected Box(double[] lower, double[] upper, string[]? partNames) : base(lower, upper)
    {
        lo = (double[])lower.Clone();
        hi = (double[])upper.Clone();
        partNames ??= DefaultPartNames(lo.Length);
        parts = Array.AsReadOnly(partNames);
    }

    /// <inheritdoc/>
    public override IReadOnlyList<string> BoundaryParts => parts;

    /// <summary>
    /// A tensor mesh over the box [<paramref name="lower"/>, <paramref name="upper"/>] with
    /// <paramref name="pointsPerAxis"/>[i] points along axis i, row-major with the first axis varying slowest (like
    /// numpy's meshgrid with indexing="ij"). With <paramref name="includeBoundary"/> the points are
    /// lower + j (upper - lower) / (n - 1), j = 0..n-1 (n &gt;= 2); without, the n interior nodes of the same grid with
    /// n + 1 cells, lower + j (upper - lower) / (n + 1), j = 1..n, so they pair with separately placed boundary points.
    /// </summary>
    public static double[] Mesh(double[] lower, double[] upper, int[] pointsPerAxis, bool includeBoundary)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        ArgumentNullException.ThrowIfNull(pointsPerAxis);
        if (lower.Length == 0) throw new ArgumentException("A mesh needs at least one axis.", nameof(lower));
        if (upper.Length != lower.Length) throw new ArgumentException($"upper has {upper.Length} entries but lower has {lower.Length}.", nameof(upper));
        if (pointsPerAxis.Length != lower.Length)
            throw new ArgumentException($"pointsPerAxis has {pointsPerAxis.Length} entries but there are {lower.Length} axes.", nameof(pointsPerAxis));
        long total = 1;
        for (int i = 0; i < lower.Length; i++)
        {
            if (!double.IsFinite(lower[i])) throw new ArgumentException($"lower[{i}] = {lower[i]} is not finite.", nameof(lower));
            if (!double.IsFinite(upper[i]) || !(upper[i] > lower[i]))
                throw new ArgumentException($"upper[{i}] = {upper[i]} must be finite and exceed lower[{i}] = {lower[i]}.", nameof(upper));
            int min = includeBoundary ? 2 : 1;
            if (pointsPerAxis[i] < min)
                throw new ArgumentOutOfRangeException(nameof(pointsPerAxis), pointsPerAxis[i],
                    $"Axis {i} needs at least {min} point(s){(includeBoundary ? " to include both ends" : "")}.");
            total *= pointsPerAxis[i];
            if (total * lower.Length > Array.MaxLength) throw new ArgumentOutOfRangeException(nameof(pointsPerAxis), "The mesh is too large for one array.");
        }
        return MeshCore(lower, upper, pointsPerAxis, includeBoundary);
    }

    internal static double[] MeshCore(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, int[] perAxis, bool includeBoundary)
    {
        int d = perAxis.Length;
        long total = 1;
        foreach (int n in perAxis) total = checked(total * n);
        if (total * d > Array.MaxLength) throw new InvalidOperationException("The mesh is too large for one array.");
        var axes = new double[d][];
        for (int i = 0; i < d; i++)
        {
            int n = perAxis[i];
            axes[i] = new double[n];
            double width = upper[i] - lower[i];
            for (int j = 0; j < n; j++)
                axes[i][j] = includeBoundary
                    ? (j == n - 1 ? upper[i] : lower[i] + width * j / (n - 1))
                    : lower[i] + width * (j + 1) / (n + 1);
        }
        var points = new double[total * d];
        var index = new int[d];
        for (long r = 0; r < total; r++)
        {
            for (int i = 0; i < d; i++) points[r * d + i] = axes[i][index[i]];
            for (int i = d - 1; i >= 0; i--)
            {
                if (++index[i] < perAxis[i]) break;
                index[i] = 0;
            }
        }
        return points;
    }

    /// <inheritdoc/>
    protected internal override PointLocation LocateCore(ReadOnlySpan<double> point, double tolerance)
    {
        bool near = false;
        for (int i = 0; i < lo.Length; i++)
        {
            double x = point[i];
            if (!(x >= lo[i] - tolerance && x <= hi[i] + tolerance)) return PointLocation.Outside;
            if (x - lo[i] <= tolerance || hi[i] - x <= tolerance) near = true;
        }
        return near ? PointLocation.Boundary : PointLocation.Inside;
    }

    /// <inheritdoc/>
    protected internal override int BoundaryPartIndexCore(ReadOnlySpan<double> point, double tolerance)
    {
        if (LocateCore(point, tolerance) != PointLocation.Boundary) return -1;
        for (int i = 0; i < lo.Length; i++)
        {
            if (Math.Abs(point[i] - lo[i]) <= tolerance) return 2 * i;
            if (Math.Abs(point[i] - hi[i]) <= tolerance) return 2 * i + 1;
        }
        return -1;
    }

    /// <inheritdoc/>
    protected internal override void NormalCore(int part, ReadOnlySpan<double> point, Span<double> normal)
    {
        normal.Clear();
        normal[part / 2] = part % 2 == 0 ? -1 : 1;
    }

    /// <inheritdoc/>
    protected internal override double PartMeasure(int part)
    {
        double measure = 1;
        for (int i = 0; i < lo.Length; i++)
            if (i != part / 2) measure *= hi[i] - lo[i];
        return measure;
    }

    /// <inheritdoc/>
    protected internal override void PartExtents(int part, Span<double> extents)
    {
        if (lo.Length == 1) { extents[0] = 1; return; }
        int j = 0;
        for (int i = 0; i < lo.Length; i++)
            if (i != part / 2) extents[j++] = hi[i] - lo[i];
    }

    /// <inheritdoc/>
    protected internal override void MapToPart(int part, ReadOnlySpan<double> u, Span<double> point)
    {
        int axis = part / 2, j = 0;
        for (int i = 0; i < lo.Length; i++)
            point[i] = i == axis ? (part % 2 == 0 ? lo[i] : hi[i]) : lo[i] + (hi[i] - lo[i]) * u[j++];
    }

    private static string[] DefaultPartNames(int dimension)
    {
        var names = new string[2 * dimension];
        for (int i = 0; i < dimension; i++)
        {
            string axis = dimension <= 3 ? "xyz"[i].ToString() : $"x{i}";
            names[2 * i] = axis + "-";
            names[2 * i + 1] = axis + "+";
        }
        return names;
    }
}
