namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// The domain <c>outer</c> minus the open interiors of <c>holes</c>: a plate with holes, a channel around an obstacle.
/// Its boundary is the outer boundary outside the holes plus the hole boundaries inside the outer domain; on hole
/// boundaries the outward normal points into the hole, i.e. out of this domain, as flux conditions require.
/// </summary>
/// <remarks>
/// Boundary parts are the outer domain's parts followed by each hole's parts, prefixed "hole:" when there is one hole
/// ("hole:circle") and "hole:k:" with k = 1, 2, ... in argument order when there are several ("hole:1:circle",
/// "hole:2:circle"), so names stay distinct. A point on both the outer and a hole boundary belongs to the outer part.
/// Samples come from the parts' own samplers and are kept only where they lie on this domain's boundary (or inside
/// it), so an empty result, such as a hole that covers the outer domain, surfaces as an
/// <see cref="InvalidOperationException"/> when sampling, not here.
/// </remarks>
public sealed class Difference : Domain
{
    private readonly Domain outer;
    private readonly Domain[] holes;
    private readonly int[] offsets;
    private readonly IReadOnlyList<string> parts;

    /// <summary>
    /// <paramref name="outer"/> minus <paramref name="holes"/> (at least one), all of the same dimension. Nesting a
    /// Difference as a hole or outer is allowed; if that makes two part names equal, pass all holes to one Difference.
    /// </summary>
    public Difference(Domain outer, params Domain[] holes) : base(Check(outer, holes).Lower, outer.BoundingBox.Upper)
    {
        this.outer = outer;
        this.holes = (Domain[])holes.Clone();
        offsets = new int[holes.Length];
        var names = new List<string>(outer.BoundaryParts);
        for (int h = 0; h < holes.Length; h++)
        {
            offsets[h] = names.Count;
            string prefix = holes.Length == 1 ? "hole:" : $"hole:{h + 1}:";
            foreach (string name in holes[h].BoundaryParts)
            {
                string full = prefix + name;
                if (names.Contains(full))
                    throw new ArgumentException($"Boundary part name '{full}' would occur twice; pass all holes to a single Difference.", nameof(holes));
                names.Add(full);
            }
        }
        parts = names.AsReadOnly();
    }

    /// <summary>The domain holes are cut from.</summary>
    public Domain Outer => outer;

    /// <summary>The removed domains, in argument order.</summary>
    public IReadOnlyList<Domain> Holes => Array.AsReadOnly(holes);

    /// <inheritdoc/>
    public override IReadOnlyList<string> BoundaryParts => parts;

    private static (double[] Lower, double[] Upper) Check(Domain outer, Domain[] holes)
    {
        ArgumentNullException.ThrowIfNull(outer);
        ArgumentNullException.ThrowIfNull(holes);
        if (holes.Length == 0) throw new ArgumentException("A difference needs at least one hole.", nameof(holes));
        for (int h = 0; h < holes.Length; h++)
        {
            if (holes[h] is null) throw new ArgumentException($"Hole {h} is null.", nameof(holes));
            if (holes[h].Dimension != outer.Dimension)
                throw new ArgumentException($"Hole {h} has dimension {holes[h].Dimension} but the outer domain has dimension {outer.Dimension}.", nameof(holes));
        }
        return outer.BoundingBox;
    }

    /// <inheritdoc/>
    protected internal override PointLocation LocateCore(ReadOnlySpan<double> point, double tolerance)
    {
        bool onHole = false;
        foreach (var hole in holes)
        {
            var where = hole.LocateCore(point, tolerance);
            if (where == PointLocation.Inside) return PointLocation.Outside;
            onHole |= where == PointLocation.Boundary;
        }
        var inOuter = outer.LocateCore(point, tolerance);
        if (inOuter == PointLocation.Outside) return PointLocation.Outside;
        return onHole || inOuter == PointLocation.Boundary ? PointLocation.Boundary : PointLocation.Inside;
    }

    /// <inheritdoc/>
    protected internal override int BoundaryPartIndexCore(ReadOnlySpan<double> point, double tolerance)
    {
        if (LocateCore(point, tolerance) != PointLocation.Boundary) return -1;
        int part = outer.BoundaryPartIndexCore(point, tolerance);
        if (part >= 0) return part;
        for (int h = 0; h < holes.Length; h++)
        {
            part = holes[h].BoundaryPartIndexCore(point, tolerance);
            if (part >= 0) return offsets[h] + part;
        }
        return -1;
    }

    /// <inheritdoc/>
    protected internal override void NormalCore(int part, ReadOnlySpan<double> point, Span<double> normal)
    {
        var (owner, local) = Owner(part);
        owner.NormalCore(local, point, normal);
        if (owner != outer)
            for (int i = 0; i < normal.Length; i++) normal[i] = -normal[i];
    }

    /// <inheritdoc/>
    protected internal override double PartMeasure(int part)
    {
        var (owner, local) = Owner(part);
        return owner.PartMeasure(local);
    }

    /// <inheritdoc/>
    protected internal override void PartExtents(int part, Span<double> extents)
    {
        var (owner, local) = Owner(part);
        owner.PartExtents(local, extents);
    }

    /// <inheritdoc/>
    protected internal override void MapToPart(int part, ReadOnlySpan<double> u, Span<double> point)
    {
        var (owner, local) = Owner(part);
        owner.MapToPart(local, u, point);
    }

    private (Domain Owner, int Local) Owner(int part)
    {
        for (int h = holes.Length - 1; h >= 0; h--)
            if (part >= offsets[h]) return (holes[h], part - offsets[h]);
        return (outer, part);
    }
}
