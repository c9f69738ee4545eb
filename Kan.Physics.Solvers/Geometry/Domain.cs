namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// A closed region of R^d on which a PDE is posed, with the collocation-point samplers a physics-informed network
/// needs: points in the interior, on the boundary or on one named part of it, and outward unit normals for Neumann
/// and Robin conditions. Points are row-major <c>double[]</c> arrays (N x <see cref="Dimension"/>), the layout the
/// KAN consumes, so samples feed a network without copying.
/// </summary>
/// <remarks>
/// <para>
/// This is an abstract class rather than an interface because all the sampling (distributions, rejection, meshes,
/// splitting a count over boundary parts) is shared: a concrete domain only supplies geometric primitives, namely
/// where a point lies (<see cref="LocateCore"/>), which boundary part a point is on, that part's normal, its measure,
/// and a measure-preserving map from the unit cube onto it. Those primitives are <c>protected internal</c> so that
/// composite domains (<see cref="Difference"/>, <see cref="TimeDomain"/>) can call them on arbitrary domains while
/// domains defined elsewhere can still implement them.
/// </para>
/// <para>
/// Interior sampling maps points of the chosen distribution from the bounding box and keeps those located
/// <see cref="PointLocation.Inside"/> (rejection). For a box every candidate is kept, so a box gets exactly the
/// distribution (e.g. a Latin hypercube stays one); other domains get the distribution restricted to the domain.
/// Boundary sampling picks a part with probability proportional to its measure (length, area, or 1 for the
/// end points of an interval), maps the remaining unit coordinates onto it, and keeps the point when it lies on that
/// part of this domain's boundary (which trims, for a <see cref="Difference"/>, outer boundary inside holes and hole
/// boundary outside the outer domain). Rejection gives up with <see cref="InvalidOperationException"/> after
/// max(100 000, 1000 x count) candidates, which is how an empty interior or boundary is reported.
/// </para>
/// </remarks>
public abstract class Domain
{
    /// <summary>
    /// Absolute distance within which a point counts as on the boundary for <see cref="Contains"/>,
    /// <see cref="BoundaryPartOf"/>, <see cref="Normal"/> and sampling. Suited to domains of size about 1; pass a
    /// larger tolerance to <see cref="OnBoundary"/> or <see cref="Locate"/> when coordinates are large.
    /// </summary>
    public const double DefaultTolerance = 1e-10;

    private const long MinCandidateBudget = 100_000;
    private const long CandidatesPerPoint = 1000;
    private const int MaxBatch = 1 << 22;

    private readonly double[] lower;
    private readonly double[] upper;

    /// <summary>Stores the bounding box, which interior sampling draws candidates from, so it should be tight.</summary>
    protected Domain(double[] lower, double[] upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Length == 0) throw new ArgumentException("A domain needs at least one dimension.", nameof(lower));
        if (upper.Length != lower.Length)
            throw new ArgumentException($"upper has {upper.Length} entries but lower has {lower.Length}.", nameof(upper));
        for (int i = 0; i < lower.Length; i++)
        {
            if (!double.IsFinite(lower[i])) throw new ArgumentException($"lower[{i}] = {lower[i]} is not finite.", nameof(lower));
            if (!double.IsFinite(upper[i])) throw new ArgumentException($"upper[{i}] = {upper[i]} is not finite.", nameof(upper));
            if (!(upper[i] > lower[i]))
                throw new ArgumentException($"upper[{i}] = {upper[i]} must exceed lower[{i}] = {lower[i]}.", nameof(upper));
        }
        this.lower = (double[])lower.Clone();
        this.upper = (double[])upper.Clone();
    }

    /// <summary>The number of coordinates of a point (space dimension, plus one for time in a <see cref="TimeDomain"/>).</summary>
    public int Dimension => lower.Length;

    /// <summary>The smallest axis-aligned box holding the domain (fresh copies, so callers may modify them).</summary>
    public (double[] Lower, double[] Upper) BoundingBox => ((double[])lower.Clone(), (double[])upper.Clone());

    /// <summary>
    /// Names of the boundary parts, for conditions imposed on part of the boundary; the order is also the tie-break
    /// for points on several parts (a box corner belongs to the first face listed that it lies on).
    /// </summary>
    public abstract IReadOnlyList<string> BoundaryParts { get; }

    /// <summary>Where <paramref name="point"/> lies: inside, within <paramref name="tolerance"/> of the boundary, or outside.</summary>
    public PointLocation Locate(ReadOnlySpan<double> point, double tolerance = DefaultTolerance)
    {
        CheckPoint(point, nameof(point));
        if (!(tolerance >= 0) || double.IsInfinity(tolerance))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be finite and non-negative.");
        return LocateCore(point, tolerance);
    }

    /// <summary>Whether the closed domain holds <paramref name="point"/>, allowing <see cref="DefaultTolerance"/> for rounding.</summary>
    public bool Contains(ReadOnlySpan<double> point) => Locate(point) != PointLocation.Outside;

    /// <summary>Whether <paramref name="point"/> is within <paramref name="tolerance"/> of the boundary (and not outside).</summary>
    public bool OnBoundary(ReadOnlySpan<double> point, double tolerance = DefaultTolerance) => Locate(point, tolerance) == PointLocation.Boundary;

    /// <summary>
    /// The name of the boundary part <paramref name="point"/> lies on, or null when it is not on the boundary; a point on
    /// several parts gets the first in <see cref="BoundaryParts"/>, the same part <see cref="Normal"/> uses.
    /// </summary>
    public string? BoundaryPartOf(ReadOnlySpan<double> point)
    {
        CheckPoint(point, nameof(point));
        int part = BoundaryPartIndexCore(point, DefaultTolerance);
        return part < 0 ? null : BoundaryParts[part];
    }

    /// <summary>
    /// The outward unit normal at a boundary point. Where the boundary has a kink (a box corner or edge) the normal of
    /// the part reported by <see cref="BoundaryPartOf"/> is returned, i.e. of the first part listed in
    /// <see cref="BoundaryParts"/> that holds the point, so the choice is the same every time.
    /// </summary>
    public double[] Normal(ReadOnlySpan<double> boundaryPoint)
    {
        CheckPoint(boundaryPoint, nameof(boundaryPoint));
        var normal = new double[Dimension];
        if (!TryNormal(boundaryPoint, normal))
            throw new ArgumentException($"({string.Join(", ", boundaryPoint.ToArray())}) is not on the boundary (tolerance {DefaultTolerance}).", nameof(boundaryPoint));
        return normal;
    }

    /// <summary>Outward unit normals (row-major, N x <see cref="Dimension"/>) at each row of <paramref name="boundaryPoints"/>.</summary>
    public double[] BoundaryNormals(double[] boundaryPoints)
    {
        ArgumentNullException.ThrowIfNull(boundaryPoints);
        int d = Dimension;
        if (boundaryPoints.Length % d != 0)
            throw new ArgumentException($"{boundaryPoints.Length} values do not split into rows of {d}.", nameof(boundaryPoints));
        var normals = new double[boundaryPoints.Length];
        for (int r = 0; r < boundaryPoints.Length / d; r++)
            if (!TryNormal(boundaryPoints.AsSpan(r * d, d), normals.AsSpan(r * d, d)))
                throw new ArgumentException($"Row {r} is not on the boundary (tolerance {DefaultTolerance}).", nameof(boundaryPoints));
        return normals;
    }

    /// <summary>
    /// About <paramref name="count"/> points strictly inside the domain (located <see cref="PointLocation.Inside"/>),
    /// row-major. Every distribution except <see cref="PointDistribution.UniformMesh"/> returns exactly
    /// <paramref name="count"/> points.
    /// </summary>
    /// <remarks>
    /// <see cref="PointDistribution.UniformMesh"/> lays a mesh over the bounding box with spacing h = (V / count)^(1/d),
    /// V its volume: axis i of length L_i gets n_i = max(1, round(L_i / h)) nodes at lower_i + j L_i / (n_i + 1),
    /// j = 1..n_i, i.e. the interior nodes of a uniform grid, boundary excluded. A cube therefore gets
    /// round(count^(1/d)) points per axis, and exactly <paramref name="count"/> points when count is a d-th power
    /// (count = 2601 on the unit square gives 51 x 51 nodes at k/52). On a domain that is not a box, the nodes outside
    /// are dropped and the mesh is refined once by the fraction kept, so the result still holds about count points.
    /// </remarks>
    public double[] SampleInterior(int count, PointDistribution distribution, int seed)
    {
        CheckSampling(count, distribution, Dimension);
        if (distribution == PointDistribution.UniformMesh) return MeshInterior(count);
        int d = Dimension;
        return Reject(count, d, distribution, seed, (u, point) =>
        {
            for (int i = 0; i < d; i++) point[i] = lower[i] + (upper[i] - lower[i]) * u[i];
            return LocateCore(point, DefaultTolerance) == PointLocation.Inside;
        }, "interior");
    }

    /// <summary>
    /// <paramref name="count"/> points on the whole boundary, spread in proportion to the measure of each part
    /// (about <paramref name="count"/> for <see cref="PointDistribution.UniformMesh"/>).
    /// </summary>
    /// <remarks>
    /// <see cref="PointDistribution.UniformMesh"/> shares the count among the parts in proportion to their measure
    /// (largest remainder) and puts each part's share at the cell centres of a mesh on it whose spacing is equal along
    /// every direction, so points on the perimeter of a rectangle or disk are evenly spaced and avoid the corners.
    /// Each part's share is exact when the boundary is a curve (d = 2); for surfaces it is rounded per axis. The
    /// other distributions sample the unit cube of dimension max(1, d - 1), use the first coordinate both to choose
    /// the part and (rescaled) as its first coordinate, and map the rest onto the part, so the points are uniform
    /// in arc length or area, and on an untrimmed 2-D boundary (a rectangle, a disk) a Latin hypercube holds exactly one
    /// point per 1/count of the perimeter.
    /// </remarks>
    public double[] SampleBoundary(int count, PointDistribution distribution, int seed)
    {
        int q = BoundaryParameterDimension;
        CheckSampling(count, distribution, q);
        int partCount = BoundaryParts.Count;
        var all = new int[partCount];
        for (int p = 0; p < partCount; p++) all[p] = p;
        if (distribution == PointDistribution.UniformMesh) return MeshBoundary(all, count);

        var cumulative = new double[partCount + 1];
        for (int p = 0; p < partCount; p++) cumulative[p + 1] = cumulative[p] + Math.Max(0, PartMeasure(p));
        double total = cumulative[partCount];
        if (!(total > 0) || double.IsInfinity(total)) throw new InvalidOperationException("The boundary has no measure to sample.");
        var scratch = new double[q];
        return Reject(count, q, distribution, seed, (u, point) =>
        {
            u.CopyTo(scratch);
            double target = u[0] * total;
            int part = 0;
            while (part < partCount - 1 && (cumulative[part + 1] <= target || cumulative[part + 1] == cumulative[part])) part++;
            double width = cumulative[part + 1] - cumulative[part];
            scratch[0] = Math.Clamp((target - cumulative[part]) / width, 0, Math.BitDecrement(1.0));
            MapToPart(part, scratch, point);
            return BoundaryPartIndexCore(point, DefaultTolerance) == part;
        }, "boundary");
    }

    /// <summary>
    /// <paramref name="count"/> points on the boundary part named <paramref name="part"/> (one of
    /// <see cref="BoundaryParts"/>), for a condition that holds on that part only; distributions behave as in
    /// <see cref="SampleBoundary(int, PointDistribution, int)"/>.
    /// </summary>
    public double[] SampleBoundary(string part, int count, PointDistribution distribution, int seed)
    {
        int index = ResolvePart(part);
        int q = BoundaryParameterDimension;
        CheckSampling(count, distribution, q);
        if (distribution == PointDistribution.UniformMesh) return MeshBoundary([index], count);
        return Reject(count, q, distribution, seed, (u, point) =>
        {
            MapToPart(index, u, point);
            return BoundaryPartIndexCore(point, DefaultTolerance) == index;
        }, $"boundary part '{part}'");
    }

    /// <summary>The number of unit-cube coordinates a boundary part is parametrised by: d - 1, but at least 1.</summary>
    protected internal int BoundaryParameterDimension => Math.Max(1, Dimension - 1);

    /// <summary>
    /// Where <paramref name="point"/> (of length <see cref="Dimension"/>, already checked) lies, with
    /// <paramref name="tolerance"/> &gt;= 0 as the boundary band's half-width.
    /// </summary>
    protected internal abstract PointLocation LocateCore(ReadOnlySpan<double> point, double tolerance);

    /// <summary>
    /// The index into <see cref="BoundaryParts"/> of the first part that <paramref name="point"/> lies on within
    /// <paramref name="tolerance"/>, or -1 when the point is not on this domain's boundary.
    /// </summary>
    protected internal abstract int BoundaryPartIndexCore(ReadOnlySpan<double> point, double tolerance);

    /// <summary>Writes the outward unit normal of part <paramref name="part"/> at <paramref name="point"/>.</summary>
    protected internal abstract void NormalCore(int part, ReadOnlySpan<double> point, Span<double> normal);

    /// <summary>
    /// The (d-1)-dimensional measure of part <paramref name="part"/> (length, area; 1 for an end point of an interval)
    /// before any trimming by a composite domain; sampling splits counts by it.
    /// </summary>
    protected internal abstract double PartMeasure(int part);

    /// <summary>
    /// The lengths of part <paramref name="part"/> along its <see cref="BoundaryParameterDimension"/> unit coordinates,
    /// so that meshes on it get equal spacing in every direction.
    /// </summary>
    protected internal abstract void PartExtents(int part, Span<double> extents);

    /// <summary>
    /// Maps <paramref name="u"/> in [0, 1)^<see cref="BoundaryParameterDimension"/> onto part <paramref name="part"/>,
    /// preserving measure, so uniform <paramref name="u"/> gives uniform points on the part.
    /// </summary>
    protected internal abstract void MapToPart(int part, ReadOnlySpan<double> u, Span<double> point);

    private bool TryNormal(ReadOnlySpan<double> point, Span<double> normal)
    {
        int part = BoundaryPartIndexCore(point, DefaultTolerance);
        if (part < 0) return false;
        NormalCore(part, point, normal);
        return true;
    }

    private void CheckPoint(ReadOnlySpan<double> point, string paramName)
    {
        if (point.Length != Dimension)
            throw new ArgumentException($"The point has {point.Length} coordinates but the domain has dimension {Dimension}.", paramName);
    }

    private void CheckSampling(int count, PointDistribution distribution, int unitDimension)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "At least one point is needed.");
        if ((long)count * Dimension > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Too many points for one array.");
        if (!Enum.IsDefined(distribution))
            throw new ArgumentOutOfRangeException(nameof(distribution), distribution, "Unknown point distribution.");
        if (distribution == PointDistribution.Sobol && unitDimension > Sobol.MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(distribution), distribution,
                $"Sobol points are available up to dimension {Sobol.MaxDimension}; this needs {unitDimension}.");
    }

    private int ResolvePart(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        var parts = BoundaryParts;
        for (int p = 0; p < parts.Count; p++)
            if (parts[p] == part) return p;
        throw new ArgumentException(
            $"Unknown boundary part '{part}'. Valid parts of this {GetType().Name}: {string.Join(", ", parts.Select(n => $"'{n}'"))}.", nameof(part));
    }

    private delegate bool CandidateMap(ReadOnlySpan<double> u, Span<double> point);

    /// <summary>
    /// Draws unit points in batches, maps each to a candidate and keeps accepted ones in order until
    /// <paramref name="count"/> are kept; the first batch is exactly <paramref name="count"/> so that when all are
    /// accepted (a box) the result is the distribution itself, later batches are sized from the acceptance rate seen.
    /// </summary>
    private double[] Reject(int count, int unitDimension, PointDistribution distribution, int seed, CandidateMap map, string what)
    {
        int d = Dimension;
        var result = new double[count * d];
        var source = new UnitPointSource(distribution, unitDimension, seed);
        long budget = Math.Max(MinCandidateBudget, CandidatesPerPoint * count);
        var point = new double[d];
        long tried = 0, batch = count;
        int kept = 0;
        while (kept < count)
        {
            if (tried >= budget) throw Exhausted(what, count, kept, tried);
            int n = (int)Math.Min(Math.Min(batch, budget - tried), MaxBatch);
            double[] u = source.Next(n);
            int used = 0;
            for (; used < n && kept < count; used++)
            {
                if (!map(u.AsSpan(used * unitDimension, unitDimension), point)) continue;
                point.CopyTo(result, kept * d);
                kept++;
            }
            tried += used;
            double rate = Math.Max(kept, 1) / (double)tried;
            batch = (long)Math.Min(MaxBatch, Math.Ceiling((count - kept) / rate * 1.25) + 16);
        }
        return result;
    }

    private static InvalidOperationException Exhausted(string what, int count, long kept, long tried) =>
        new($"Could not place {count} points on the {what}: only {kept} of {tried} candidates were accepted. " +
            "The region is empty or a negligible part of its bounding box (for example a hole that covers the whole domain).");

    private long Budget(int count) => Math.Max(MinCandidateBudget, CandidatesPerPoint * count);

    private double[] MeshInterior(int count)
    {
        int d = Dimension;
        var extents = new double[d];
        for (int i = 0; i < d; i++) extents[i] = upper[i] - lower[i];
        long budget = Budget(count), target = count;
        while (true)
        {
            var (kept, total) = InteriorMesh(extents, target);
            int accepted = kept.Length / d;
            if (accepted == total) return kept;
            if (accepted > 0)
            {
                long refined = (long)Math.Min(budget, Math.Round(count * (double)total / accepted));
                return InteriorMesh(extents, Math.Max(refined, 1)).Kept;
            }
            target *= 8;
            if (target > budget) throw Exhausted("interior", count, 0, total);
        }
    }

    private (double[] Kept, long Total) InteriorMesh(double[] extents, long target)
    {
        int d = Dimension;
        double[] mesh = Box.MeshCore(lower, upper, MeshPlan.PerAxis(extents, target), includeBoundary: false);
        var kept = new double[mesh.Length];
        int n = 0;
        for (int r = 0; r < mesh.Length / d; r++)
        {
            var p = mesh.AsSpan(r * d, d);
            if (LocateCore(p, DefaultTolerance) != PointLocation.Inside) continue;
            p.CopyTo(kept.AsSpan(n * d, d));
            n++;
        }
        return (n * d == mesh.Length ? mesh : kept[..(n * d)], mesh.Length / d);
    }

    private double[] MeshBoundary(int[] parts, int count)
    {
        int d = Dimension;
        long budget = Budget(count);
        var fraction = new double[parts.Length];
        var weight = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            double measure = PartMeasure(parts[i]);
            if (!(measure > 0) || double.IsInfinity(measure)) continue;
            var (kept, total) = PartMesh(parts[i], Math.Max(count, 16));
            fraction[i] = kept.Length / d / (double)total;
            weight[i] = measure * fraction[i];
        }
        int[] share = MeshPlan.Apportion(weight, count);
        if (share.All(s => s == 0)) throw Exhausted("boundary", count, 0, 0);
        var result = new List<double>(count * d);
        for (int i = 0; i < parts.Length; i++)
        {
            if (share[i] == 0) continue;
            long target = fraction[i] >= 1 ? share[i] : (long)Math.Min(budget, Math.Max(1, Math.Round(share[i] / fraction[i])));
            result.AddRange(PartMesh(parts[i], target).Kept);
        }
        return [.. result];
    }

    /// <summary>Cell centres of an equal-spacing mesh of about <paramref name="target"/> cells on part <paramref name="part"/>, kept when on that part.</summary>
    private (double[] Kept, long Total) PartMesh(int part, long target)
    {
        int d = Dimension, q = BoundaryParameterDimension;
        var extents = new double[q];
        PartExtents(part, extents);
        int[] perAxis = MeshPlan.PerAxis(extents, target);
        long total = 1;
        foreach (int n in perAxis) total = checked(total * n);
        if (total * d > Array.MaxLength) throw new InvalidOperationException("The boundary mesh is too large for one array.");
        var kept = new double[total * d];
        var u = new double[q];
        var index = new int[q];
        int count = 0;
        for (long c = 0; c < total; c++)
        {
            for (int j = 0; j < q; j++) u[j] = (index[j] + 0.5) / perAxis[j];
            var p = kept.AsSpan(count * d, d);
            MapToPart(part, u, p);
            if (BoundaryPartIndexCore(p, DefaultTolerance) == part) count++;
            for (int j = q - 1; j >= 0; j--)
            {
                if (++index[j] < perAxis[j]) break;
                index[j] = 0;
            }
        }
        return (count == total ? kept : kept[..(count * d)], total);
    }
}
