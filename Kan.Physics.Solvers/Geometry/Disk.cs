namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// The closed disk of radius r about (cx, cy). Its boundary is the single part "circle" with outward normal
/// (p - c) / r. Interior points come from the bounding square by rejection (see <see cref="Domain"/>), which keeps
/// every distribution uniform in area at the cost of drawing about 4/pi candidates per point.
/// </summary>
public sealed class Disk : Domain
{
    private static readonly IReadOnlyList<string> Parts = Array.AsReadOnly(new[] { "circle" });

    /// <summary>The disk centred at (<paramref name="cx"/>, <paramref name="cy"/>) with radius <paramref name="r"/> &gt; 0.</summary>
    public Disk(double cx, double cy, double r) : base(Check(cx, cy, r), [cx + r, cy + r])
    {
        CenterX = cx;
        CenterY = cy;
        Radius = r;
    }

    /// <summary>The centre's x coordinate.</summary>
    public double CenterX { get; }

    /// <summary>The centre's y coordinate.</summary>
    public double CenterY { get; }

    /// <summary>The radius.</summary>
    public double Radius { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<string> BoundaryParts => Parts;

    private static double[] Check(double cx, double cy, double r)
    {
        if (!double.IsFinite(cx)) throw new ArgumentException($"cx = {cx} is not finite.", nameof(cx));
        if (!double.IsFinite(cy)) throw new ArgumentException($"cy = {cy} is not finite.", nameof(cy));
        if (!(r > 0) || double.IsInfinity(r)) throw new ArgumentOutOfRangeException(nameof(r), r, "The radius must be positive and finite.");
        return [cx - r, cy - r];
    }

    private double DistanceToCenter(ReadOnlySpan<double> point) => Math.Sqrt(
        (point[0] - CenterX) * (point[0] - CenterX) + (point[1] - CenterY) * (point[1] - CenterY));

    /// <inheritdoc/>
    protected internal override PointLocation LocateCore(ReadOnlySpan<double> point, double tolerance)
    {
        double distance = DistanceToCenter(point);
        if (!(distance <= Radius + tolerance)) return PointLocation.Outside;
        return distance >= Radius - tolerance ? PointLocation.Boundary : PointLocation.Inside;
    }

    /// <inheritdoc/>
    protected internal override int BoundaryPartIndexCore(ReadOnlySpan<double> point, double tolerance)
        => LocateCore(point, tolerance) == PointLocation.Boundary ? 0 : -1;

    /// <inheritdoc/>
    protected internal override void NormalCore(int part, ReadOnlySpan<double> point, Span<double> normal)
    {
        double distance = DistanceToCenter(point);
        normal[0] = (point[0] - CenterX) / distance;
        normal[1] = (point[1] - CenterY) / distance;
    }

    /// <inheritdoc/>
    protected internal override double PartMeasure(int part) => 2 * Math.PI * Radius;

    /// <inheritdoc/>
    protected internal override void PartExtents(int part, Span<double> extents) => extents[0] = 2 * Math.PI * Radius;

    /// <inheritdoc/>
    protected internal override void MapToPart(int part, ReadOnlySpan<double> u, Span<double> point)
    {
        double angle = 2 * Math.PI * u[0];
        point[0] = CenterX + Radius * Math.Cos(angle);
        point[1] = CenterY + Radius * Math.Sin(angle);
    }
}
