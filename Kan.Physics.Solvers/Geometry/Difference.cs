namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// The domain <c>outer</c> minus the open interiors of <c>holes</c>: a plate with holes, a channel around an obstacle,
/// an L-shape (a square minus a corner square). Its boundary is the outer boundary outside the holes plus the hole
/// boundaries inside the outer domain, both only where the domain's interior is next to them: an edge that a hole
/// shares with the outer boundary (the two sides of an L-shape's cut corner that lie on the square) has the hole on
/// one side and nothing on the other, so it is not boundary and its points are outside. On hole boundaries the
/// outward normal points into the hole, i.e. out of this domain, as flux conditions require.
/// </summary>
/// <remarks>
/// Boundary parts are the outer domain's parts followed by each hole's parts, prefixed "hole:" when there is one hole
/// ("hole:circle") and "hole:k:" with k = 1, 2, ... in argument order when there are several ("hole:1:circle",
/// "hole:2:circle"), so names stay distinct. A point on both the outer and a hole boundary belongs to the outer part.
/// Only parts that keep some boundary are listed: a part trimmed away entirely (a hole's side that lies on the outer
/// boundary or outside it) is left out, found by mapping <see cref="ProbePoints"/> Sobol points onto each part when
/// the domain is built, so a part keeping less than about 1/<see cref="ProbePoints"/> of its measure may be left out
/// too. Samples come from the parts' own samplers and are kept only where they lie on this domain's boundary (or
/// inside it), so the whole boundary is sampled in proportion to the length (area) that each part keeps, and an
/// empty result, such as a hole that covers the outer domain, surfaces as an <see cref="InvalidOperationException"/>
/// when sampling, not here.
/// </remarks>
public sealed class Difference : Domain
{
    private readonly Domain outer;
    private readonly Domain[] holes;
    private readonly int[] offsets;
    private readonly IReadOnlyList<string> parts;
    // the listed parts among all parts (outer's, then each hole's), and each part's listed index or -1
    private readonly int[] listed, listedIndex;

    /// <summary>Unit points mapped onto each part when the domain is built to find whether any of it is boundary.</summary>
    public const int ProbePoints = 4096;

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
        listedIndex = new int[names.Count];
        var kept = new List<int>();
        for (int part = 0; part < names.Count; part++)
        {
            listedIndex[part] = -1;
            if (HasBoundary(part)) kept.Add(part);
        }
        listed = [.. kept];
        foreach (int part in listed) listedIndex[part] = Array.IndexOf(listed, part);
        parts = listed.Select(part => names[part]).ToList().AsReadOnly();
    }

    /// <summary>Whether some of the probe points mapped onto part <paramref name="part"/> (of all parts) lie on this domain's boundary on that part.</summary>
    private bool HasBoundary(int part)
    {
        var (owner, local) = Owner(part);
        if (!(owner.PartMeasure(local) > 0)) return false;
        int q = BoundaryParameterDimension;
        double[] u = new UnitPointSource(PointDistribution.Sobol, q, 0).Next(ProbePoints);
        var point = new double[Dimension];
        for (int i = 0; i < ProbePoints; i++)
        {
            owner.MapToPart(local, u.AsSpan(i * q, q), point);
            if (AnyPartIndex(point, DefaultTolerance) == part) return true;
        }
        return false;
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
        if (!onHole) return inOuter;
        return TouchesInterior(point, inOuter == PointLocation.Boundary, tolerance) ? PointLocation.Boundary : PointLocation.Outside;
    }

    /// <summary>
    /// Whether the interior is next to a point on a hole boundary (and on the outer boundary when
    /// <paramref name="onOuter"/>): a short step along the sum of the directions into this domain (the inward normal
    /// of the outer boundary, the outward normals of the holes the point lies on) lands inside. The directions cancel
    /// on an edge a hole shares with the outer boundary, which is therefore not boundary; at a corner where a hole
    /// meets the outer boundary they add up to the diagonal into the domain.
    /// </summary>
    private bool TouchesInterior(ReadOnlySpan<double> point, bool onOuter, double tolerance)
    {
        int d = Dimension;
        Span<double> direction = stackalloc double[d], normal = stackalloc double[d];
        direction.Clear();
        if (onOuter)
        {
            int part = outer.BoundaryPartIndexCore(point, tolerance);
            if (part >= 0)
            {
                outer.NormalCore(part, point, normal);
                for (int i = 0; i < d; i++) direction[i] -= normal[i];
            }
        }
        foreach (var hole in holes)
        {
            int part = hole.BoundaryPartIndexCore(point, tolerance);
            if (part < 0) continue;
            hole.NormalCore(part, point, normal);
            for (int i = 0; i < d; i++) direction[i] += normal[i];
        }
        double length = 0;
        for (int i = 0; i < d; i++) length += direction[i] * direction[i];
        length = Math.Sqrt(length);
        if (length < 1e-6) return false;
        // far enough to leave the boundary band, near enough to stay by the point
        double step = Math.Max(1e3 * tolerance, 1e-9);
        Span<double> next = stackalloc double[d];
        for (int i = 0; i < d; i++) next[i] = point[i] + step * direction[i] / length;
        foreach (var hole in holes)
            if (hole.LocateCore(next, tolerance) != PointLocation.Outside) return false;
        return outer.LocateCore(next, tolerance) == PointLocation.Inside;
    }

    /// <inheritdoc/>
    protected internal override int BoundaryPartIndexCore(ReadOnlySpan<double> point, double tolerance)
    {
        int part = FirstPart(point, tolerance, listedOnly: true);
        return part >= 0 ? listedIndex[part] : -1;
    }

    /// <summary>The first of all parts (listed or not) that a boundary point lies on, or -1.</summary>
    private int AnyPartIndex(ReadOnlySpan<double> point, double tolerance) => FirstPart(point, tolerance, listedOnly: false);

    /// <summary>
    /// The first part, among all parts (the outer domain's, then each hole's), that the boundary point lies on, or -1;
    /// with <paramref name="listedOnly"/> only the listed parts count.
    /// </summary>
    private int FirstPart(ReadOnlySpan<double> point, double tolerance, bool listedOnly)
    {
        if (LocateCore(point, tolerance) != PointLocation.Boundary) return -1;
        int part = outer.BoundaryPartIndexCore(point, tolerance);
        if (part >= 0 && (!listedOnly || listedIndex[part] >= 0)) return part;
        for (int h = 0; h < holes.Length; h++)
        {
            part = holes[h].BoundaryPartIndexCore(point, tolerance);
            if (part >= 0 && (!listedOnly || listedIndex[offsets[h] + part] >= 0)) return offsets[h] + part;
        }
        return -1;
    }

    /// <inheritdoc/>
    protected internal override void NormalCore(int part, ReadOnlySpan<double> point, Span<double> normal)
    {
        var (owner, local) = Owner(listed[part]);
        owner.NormalCore(local, point, normal);
        if (owner != outer)
            for (int i = 0; i < normal.Length; i++) normal[i] = -normal[i];
    }

    /// <inheritdoc/>
    protected internal override double PartMeasure(int part)
    {
        var (owner, local) = Owner(listed[part]);
        return owner.PartMeasure(local);
    }

    /// <inheritdoc/>
    protected internal override void PartExtents(int part, Span<double> extents)
    {
        var (owner, local) = Owner(listed[part]);
        owner.PartExtents(local, extents);
    }

    /// <inheritdoc/>
    protected internal override void MapToPart(int part, ReadOnlySpan<double> u, Span<double> point)
    {
        var (owner, local) = Owner(listed[part]);
        owner.MapToPart(local, u, point);
    }

    /// <summary>The domain and its own part index for part <paramref name="part"/> of all parts (outer's, then each hole's).</summary>
    private (Domain Owner, int Local) Owner(int part)
    {
        for (int h = holes.Length - 1; h >= 0; h--)
            if (part >= offsets[h]) return (holes[h], part - offsets[h]);
        return (outer, part);
    }
}
