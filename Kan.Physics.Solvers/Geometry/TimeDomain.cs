namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// Space-time Omega x [t0, t1] for evolution equations, with time as the last coordinate of every point, as the
/// network's input is (x, ..., t).
/// </summary>
/// <remarks>
/// Boundary conditions act on the lateral boundary dOmega x [t0, t1] and initial conditions on Omega x {t0}, so the two
/// are kept apart: <see cref="Domain.OnBoundary"/>, <see cref="Domain.BoundaryParts"/> (the spatial domain's part
/// names), <see cref="Domain.Normal"/> (the spatial normal with a zero time component) and
/// <see cref="Domain.SampleBoundary(int, PointDistribution, int)"/> all refer to the lateral boundary only, and a point
/// with t = t0 or t = t1 whose spatial part is strictly inside Omega is located <see cref="PointLocation.Inside"/>.
/// Initial points come from <see cref="SampleInitial"/> and are recognised by <see cref="OnInitial"/>. For meshes the
/// time axis counts like a spatial axis of length t1 - t0.
/// </remarks>
public sealed class TimeDomain : Domain
{
    private readonly Domain space;
    private readonly double t0;
    private readonly double t1;

    /// <summary><paramref name="space"/> x [<paramref name="t0"/>, <paramref name="t1"/>] with <paramref name="t1"/> &gt; <paramref name="t0"/>.</summary>
    public TimeDomain(Domain space, double t0, double t1) : base(Check(space, t0, t1), Append(space.BoundingBox.Upper, t1))
    {
        this.space = space;
        this.t0 = t0;
        this.t1 = t1;
    }

    /// <summary>The spatial domain.</summary>
    public Domain Space => space;

    /// <summary>The initial time.</summary>
    public double T0 => t0;

    /// <summary>The final time.</summary>
    public double T1 => t1;

    /// <inheritdoc/>
    public override IReadOnlyList<string> BoundaryParts => space.BoundaryParts;

    /// <summary>
    /// The spatial outward unit normals (row-major, N x spatial dimension, as <c>NeumannCondition</c> and
    /// <c>RobinCondition</c> take them) at points of the lateral boundary: <see cref="Domain.BoundaryNormals"/> without
    /// its time component, which is zero there.
    /// </summary>
    public double[] SpatialNormals(double[] boundaryPoints)
    {
        var all = BoundaryNormals(boundaryPoints);
        int d = Dimension, n = boundaryPoints.Length / d;
        var normals = new double[n * (d - 1)];
        for (int s = 0; s < n; s++) Array.Copy(all, s * d, normals, s * (d - 1), d - 1);
        return normals;
    }

    /// <summary>
    /// Points (x, t0) for initial conditions, with x from the spatial domain's
    /// <see cref="Domain.SampleInterior"/> (same count rules and seed), so x avoids the spatial boundary where the
    /// initial and boundary data may disagree.
    /// </summary>
    public double[] SampleInitial(int count, PointDistribution distribution, int seed)
    {
        double[] x = space.SampleInterior(count, distribution, seed);
        int ds = space.Dimension, n = x.Length / ds;
        var points = new double[n * (ds + 1)];
        for (int r = 0; r < n; r++)
        {
            Array.Copy(x, r * ds, points, r * (ds + 1), ds);
            points[r * (ds + 1) + ds] = t0;
        }
        return points;
    }

    /// <summary>Whether <paramref name="point"/> is in the closed spatial domain with time within <paramref name="tolerance"/> of t0.</summary>
    public bool OnInitial(ReadOnlySpan<double> point, double tolerance = DefaultTolerance)
    {
        if (point.Length != Dimension)
            throw new ArgumentException($"The point has {point.Length} coordinates but the domain has dimension {Dimension}.", nameof(point));
        if (!(tolerance >= 0) || double.IsInfinity(tolerance))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be finite and non-negative.");
        int ds = space.Dimension;
        return Math.Abs(point[ds] - t0) <= tolerance && space.LocateCore(point[..ds], tolerance) != PointLocation.Outside;
    }

    private static double[] Check(Domain space, double t0, double t1)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (!double.IsFinite(t0)) throw new ArgumentException($"t0 = {t0} is not finite.", nameof(t0));
        if (!double.IsFinite(t1)) throw new ArgumentException($"t1 = {t1} is not finite.", nameof(t1));
        if (!(t1 > t0)) throw new ArgumentException($"t1 = {t1} must exceed t0 = {t0}.", nameof(t1));
        return Append(space.BoundingBox.Lower, t0);
    }

    private static double[] Append(double[] values, double last) => [.. values, last];

    private bool InTime(ReadOnlySpan<double> point, double tolerance)
    {
        double t = point[space.Dimension];
        return t >= t0 - tolerance && t <= t1 + tolerance;
    }

    /// <inheritdoc/>
    protected internal override PointLocation LocateCore(ReadOnlySpan<double> point, double tolerance)
        => InTime(point, tolerance) ? space.LocateCore(point[..space.Dimension], tolerance) : PointLocation.Outside;

    /// <inheritdoc/>
    protected internal override int BoundaryPartIndexCore(ReadOnlySpan<double> point, double tolerance)
        => InTime(point, tolerance) ? space.BoundaryPartIndexCore(point[..space.Dimension], tolerance) : -1;

    /// <inheritdoc/>
    protected internal override void NormalCore(int part, ReadOnlySpan<double> point, Span<double> normal)
    {
        int ds = space.Dimension;
        space.NormalCore(part, point[..ds], normal[..ds]);
        normal[ds] = 0;
    }

    /// <inheritdoc/>
    protected internal override double PartMeasure(int part) => space.PartMeasure(part) * (t1 - t0);

    /// <inheritdoc/>
    protected internal override void PartExtents(int part, Span<double> extents)
    {
        int ds = space.Dimension;
        if (ds > 1) space.PartExtents(part, extents[..(ds - 1)]);
        extents[^1] = t1 - t0;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The last unit coordinate is time; the others go to the spatial part. A one-dimensional space has point-like
    /// parts, which need no coordinate, so time then uses the only one.
    /// </remarks>
    protected internal override void MapToPart(int part, ReadOnlySpan<double> u, Span<double> point)
    {
        int ds = space.Dimension;
        space.MapToPart(part, ds > 1 ? u[..(ds - 1)] : u, point[..ds]);
        point[ds] = t0 + (t1 - t0) * u[^1];
    }
}
