using System.Runtime.InteropServices;
using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Problems.Zoo;

/// <summary>How many points a zoo case samples: interior (collocation), boundary (lateral, for time-dependent cases) and initial.</summary>
/// <param name="Interior">Collocation points inside the domain (Sobol).</param>
/// <param name="Boundary">Boundary points in all (Sobol along the boundary; a 1-D case uses its two ends instead).</param>
/// <param name="Initial">Points on the initial slice t = t0 (time-dependent cases only).</param>
internal sealed record ZooPoints(int Interior, int Boundary, int Initial)
{
    /// <summary>
    /// The rule every case uses unless told otherwise, by the number of coordinates D (space plus time): 256 interior
    /// points for D = 1, 2,048 for D = 2, 4,096 for D = 3; 256 boundary points for D = 2 and 1,024 for D = 3; 128
    /// initial points for D = 2 and 512 for D = 3.
    /// </summary>
    public static ZooPoints For(int coordinates) => coordinates switch
    {
        1 => new ZooPoints(256, 2, 0),
        2 => new ZooPoints(2048, 256, 128),
        _ => new ZooPoints(4096, 1024, 512),
    };
}

/// <summary>
/// One problem of the PDE zoo, written the way a user writes their own PDE from the README: a <see cref="Pde"/>
/// subclass with the source written out by hand, a <see cref="Domain"/>, the conditions at sampled points and an exact
/// solution for the errors. The exact solution is written once as generic code (<see cref="Exact{T}"/>), so its
/// values, gradients and second derivatives come from the PDE number types; the tests check that it satisfies the PDE
/// and every condition.
/// </summary>
internal abstract class ZooCase
{
    /// <summary>The case's key (the <c>case</c> setting of <c>pde-zoo</c>).</summary>
    public abstract string Name { get; }

    /// <summary>One line: the equation, domain, conditions and exact solution.</summary>
    public abstract string Description { get; }

    /// <summary>What kind of problem it is (elliptic, parabolic, hyperbolic, multi-scale, nonlinear, system).</summary>
    public abstract string Kind { get; }

    /// <summary>The PDE.</summary>
    public abstract Pde Pde { get; }

    /// <summary>The domain (a <see cref="TimeDomain"/> for time-dependent cases).</summary>
    public abstract Domain Domain { get; }

    /// <summary>The names of the fields, in the network's output order.</summary>
    public virtual IReadOnlyList<string> FieldNames => ["u"];

    /// <summary>Per field, whether the solution is fixed only up to a constant (a pressure); null: none is.</summary>
    public virtual IReadOnlyList<bool>? UpToConstant => null;

    /// <summary>The exact solution's field <paramref name="field"/> at the point <paramref name="x"/> (space then time).</summary>
    public abstract T Exact<T>(ReadOnlySpan<T> x, int field) where T : unmanaged, IPdeNumber<T>;

    /// <summary>The conditions at points sampled with <paramref name="points"/> counts and <paramref name="seed"/>.</summary>
    public abstract IReadOnlyList<Condition> Conditions(ZooPoints points, int seed);

    /// <summary>Periodic conditions (paired points), none by default.</summary>
    public virtual IReadOnlyList<PeriodicCondition> Periodic(ZooPoints points, int seed) => [];

    /// <summary>Number of coordinates (space, then time).</summary>
    public int Dimension => Pde.Dimension;

    /// <summary>The collocation points: <paramref name="count"/> Sobol points inside the domain.</summary>
    public double[] Interior(int count, int seed) => Domain.SampleInterior(count, PointDistribution.Sobol, seed);

    /// <summary>The exact value of field <paramref name="field"/> at a point given as plain numbers.</summary>
    public double U(ReadOnlySpan<double> x, int field = 0) => Exact(MemoryMarshal.Cast<double, Real>(x), field).Value;

    /// <summary>
    /// The exact solution's gradient (D values) of field <paramref name="field"/> at <paramref name="x"/>, each partial
    /// from one run of <see cref="Exact{T}"/> on hyper-dual numbers.
    /// </summary>
    public double[] Gradient(ReadOnlySpan<double> x, int field = 0)
    {
        int d = x.Length;
        var g = new double[d];
        var h = new HyperDual[d];
        for (int a = 0; a < d; a++)
        {
            for (int c = 0; c < d; c++) h[c] = new HyperDual(x[c], c == a ? 1 : 0, 0, 0);
            g[a] = Exact<HyperDual>(h, field).D1;
        }
        return g;
    }

    /// <summary>
    /// The exact solution's jet at <paramref name="x"/> in the layout a <see cref="PdePoint{T}"/> reads, field after field:
    /// value, then (order &gt;= 1) the D first derivatives, then (order 2) the second derivatives by pair a &lt;= b.
    /// </summary>
    public double[] Jet(ReadOnlySpan<double> x, int order)
    {
        int d = x.Length, fields = Pde.Fields;
        int perField = 1 + (order >= 1 ? d : 0) + (order >= 2 ? d * (d + 1) / 2 : 0);
        var jet = new double[perField * fields];
        var h = new HyperDual[d];
        for (int f = 0; f < fields; f++)
        {
            int o = f * perField;
            jet[o] = U(x, f);
            if (order < 1) continue;
            for (int p = 0, i = 0; i < d; i++)
                for (int j = i; j < d; j++, p++)
                {
                    for (int c = 0; c < d; c++) h[c] = new HyperDual(x[c], c == i ? 1 : 0, c == j ? 1 : 0, 0);
                    var v = Exact<HyperDual>(h, f);
                    if (i == j) jet[o + 1 + i] = v.D1;
                    if (order >= 2) jet[o + 1 + d + p] = v.D12;
                }
        }
        return jet;
    }

    /// <summary>
    /// The exact solution with its gradients on a test mesh: 1,001 points for one coordinate, 101 x 101 for two, 21 x 21
    /// x 21 for three, over the bounding box, the nodes outside the domain dropped. Also returns the mesh shape when no
    /// node was dropped (so figures can draw heatmaps).
    /// </summary>
    public (ReferenceSolution Reference, int[]? Shape) Reference()
    {
        var (lower, upper) = Domain.BoundingBox;
        int d = Dimension;
        int per = d switch { 1 => 1001, 2 => 101, _ => 21 };
        int[] shape = Enumerable.Repeat(per, d).ToArray();
        var mesh = Box.Mesh(lower, upper, shape, includeBoundary: true);
        var kept = new List<double>(mesh.Length);
        for (int s = 0; s < mesh.Length / d; s++)
        {
            var point = mesh.AsSpan(s * d, d);
            if (Domain.Contains(point)) kept.AddRange(point);
        }
        var points = kept.ToArray();
        int n = points.Length / d, fields = Pde.Fields;
        var values = new double[n * fields];
        var gradients = new double[n * fields * d];
        for (int s = 0; s < n; s++)
        {
            var x = points.AsSpan(s * d, d);
            for (int f = 0; f < fields; f++)
            {
                values[s * fields + f] = U(x, f);
                Gradient(x, f).CopyTo(gradients, (s * fields + f) * d);
            }
        }
        var reference = new ReferenceSolution(points, d, values, fields, gradients) { FieldNames = FieldNames, UpToConstant = UpToConstant };
        return (reference, n * d == mesh.Length ? shape : null);
    }

    // helpers the cases share

    /// <summary>Sobol points on the whole (lateral) boundary.</summary>
    protected double[] Boundary(int count, int seed) => Domain.SampleBoundary(count, PointDistribution.Sobol, seed);

    /// <summary>Sobol points on the initial slice of a time-dependent case.</summary>
    protected double[] Initial(int count, int seed) => ((TimeDomain)Domain).SampleInitial(count, PointDistribution.Sobol, seed);

    /// <summary>u = exact solution at <paramref name="points"/>.</summary>
    protected DirichletCondition Dirichlet(double[] points, int field = 0, string? name = null)
        => new(points, x => U(x, field), field, name: name ?? (FieldNames.Count > 1 ? $"dirichlet_{FieldNames[field]}" : "dirichlet"));

    /// <summary>u(x, t0) = exact solution at the initial points.</summary>
    protected InitialCondition InitialValue(double[] points, int field = 0)
        => new(points, x => U(x, field), field: field, name: FieldNames.Count > 1 ? $"initial_{FieldNames[field]}" : "initial");
}
