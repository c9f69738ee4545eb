using Kan.Physics.Networks;
using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Optimization;

namespace Kan.Physics.Problems.Modules;

/// <summary>u_xx + u_yy = f on [-1, 1]^2 with u = 0 on the boundary, for a given exact solution.</summary>
internal sealed class Poisson2DEquation(Func<double, double, double> source) : Pde(2)
{
    public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + p.U.Dyy - source(p.X, p.Y);
}

/// <summary>u = (1 - x^2)(1 - y^2) N: zero on the boundary of [-1, 1]^2 by construction (setting hard_bc=1).</summary>
internal sealed class SquareWalls : OutputTransform
{
    public override T Distance<T>(ReadOnlySpan<T> x, int field) => (1.0 - x[0] * x[0]) * (1.0 - x[1] * x[1]);
}

/// <summary>Point sets of the square [-1, 1]^2 used by the Poisson problems.</summary>
/// <remarks>
/// The interior sets come from <see cref="Solvers.Geometry"/>, which gives the points these problems always used, in
/// the same order. The two boundary sets stay here: pykan's boundary mesh repeats the corners on two sides each and
/// the random boundary picks a side with a separate draw per point, while the geometry spreads boundary points by arc
/// length (avoiding the corners on meshes), so it could not reproduce the published runs.
/// </remarks>
internal static class Square
{
    private static readonly Rectangle Whole = new(-1, 1, -1, 1);

    /// <summary>n x n tensor mesh including the boundary (as pykan's "mesh" sampling), x varying slowest.</summary>
    public static double[] Mesh(int n) => Box.Mesh([-1, -1], [1, 1], [n, n], includeBoundary: true);

    /// <summary>n points on each side (4n in all, corners repeated as in pykan).</summary>
    public static double[] BoundaryMesh(int n)
    {
        var p = new List<double>();
        for (int i = 0; i < n; i++)
        {
            double t = -1 + 2.0 * i / (n - 1);
            p.AddRange([-1, t]); p.AddRange([1, t]); p.AddRange([t, -1]); p.AddRange([t, 1]);
        }
        return p.ToArray();
    }

    /// <summary>
    /// n uniform random points in the square from <see cref="System.Random"/>(seed), drawn x, y, x, y, ...; a draw
    /// within <see cref="Domain.DefaultTolerance"/> of an edge would be replaced by the next one.
    /// </summary>
    public static double[] Random(int n, int seed) => Whole.SampleInterior(n, PointDistribution.UniformRandom, seed);

    /// <summary>n uniform random points on the boundary, sides chosen uniformly.</summary>
    public static double[] RandomBoundary(int n, int seed)
    {
        var rng = new Random(seed);
        var p = new double[2 * n];
        for (int s = 0; s < n; s++)
        {
            double t = 2 * rng.NextDouble() - 1;
            switch (rng.Next(4))
            {
                case 0: p[2 * s] = -1; p[2 * s + 1] = t; break;
                case 1: p[2 * s] = 1; p[2 * s + 1] = t; break;
                case 2: p[2 * s] = t; p[2 * s + 1] = -1; break;
                default: p[2 * s] = t; p[2 * s + 1] = 1; break;
            }
        }
        return p;
    }
}

/// <summary>The settings of <see cref="Poisson2DTutorial"/>.</summary>
internal sealed record Poisson2DTutorialOptions
{
    public int Mesh { get; init; } = 51;
    public int Boundary { get; init; } = 51;
    public double Alpha { get; init; } = 0.01;
    public int[] Grids { get; init; } = [5, 10, 20];
    public int Steps { get; init; } = 50;
    public bool HardBc { get; init; } = true;
    public int[] Widths { get; init; } = [2, 2, 1];
    public double GridEps { get; init; } = 1.0;
    public bool UpdateGrid { get; init; } = true;
    public int AdamSteps { get; init; }
    public double AdamLr { get; init; } = 1e-3;
}

/// <summary>
/// pykan's PDE tutorial: u = sin(pi x) sin(pi y), f = -2 pi^2 u, 51 x 51 mesh, 204 boundary points, KAN [2,2,1], grids
/// 5 -> 10 -> 20 with 50 L-BFGS steps each, PDE weight alpha = 0.01, uniform grid updates (grid_eps = 1). The boundary
/// condition is built into the output by default (hard_bc = 1: 5e-4 relative L2 against pykan's 1.7e-2); hard_bc = 0
/// is pykan's formulation with a boundary loss term.
/// </summary>
internal sealed class Poisson2DTutorial : PdeModule<Poisson2DTutorialOptions>
{
    public override string Name => "poisson2d";
    public override string Description => "pykan's Poisson tutorial: u = sin(pi x) sin(pi y) on [-1,1]^2, KAN [2,2,1], grids 5->10->20";

    public override SettingsSchema<Poisson2DTutorialOptions> Settings { get; } = new SettingsSchema<Poisson2DTutorialOptions>()
        .Int("mesh", o => o.Mesh, (o, v) => o with { Mesh = v }, "interior mesh points per side", min: 1)
        .Int("boundary", o => o.Boundary, (o, v) => o with { Boundary = v }, "boundary points (per side for meshes)")
        .Double("alpha", o => o.Alpha, (o, v) => o with { Alpha = v }, "weight of the PDE term")
        .Ints("grids", o => o.Grids, (o, v) => o with { Grids = v }, "grid schedule, comma-separated")
        .Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "L-BFGS steps per grid", min: 1)
        .Bool("hard_bc", o => o.HardBc, (o, v) => o with { HardBc = v }, "1: boundary (and initial) conditions built into the output transform")
        .Ints("widths", o => o.Widths, (o, v) => o with { Widths = v }, "network widths, comma-separated")
        .Double("grid_eps", o => o.GridEps, (o, v) => o with { GridEps = v }, "grid update: 1 uniform, 0 quantiles", min: 0, max: 1)
        .Bool("update_grid", o => o.UpdateGrid, (o, v) => o with { UpdateGrid = v }, "1: grid updates on the collocation points")
        .Int("adam_steps", o => o.AdamSteps, (o, v) => o with { AdamSteps = v }, "Adam warm-up steps before L-BFGS")
        .Double("adam_lr", o => o.AdamLr, (o, v) => o with { AdamLr = v }, "Adam learning rate", above: 0);

    protected override PdeSetup Create(Poisson2DTutorialOptions s, int seed)
    {
        int mesh = s.Mesh, boundary = s.Boundary;
        double alpha = s.Alpha;
        var grids = s.Grids;
        int steps = s.Steps;
        var pde = new Poisson2DEquation((x, y) => -2 * Math.PI * Math.PI * Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y));
        var interior = Square.Mesh(mesh);
        var reference = ReferenceSolution.FromFunctions(interior, 2,
            [p => Math.Sin(Math.PI * p[0]) * Math.Sin(Math.PI * p[1])],
            [[p => Math.PI * Math.Cos(Math.PI * p[0]) * Math.Sin(Math.PI * p[1]), p => Math.PI * Math.Sin(Math.PI * p[0]) * Math.Cos(Math.PI * p[1])]]);
        bool hard = s.HardBc;
        var problem = hard
            ? new PinnProblem(pde, interior, [], alpha, reference, transform: new SquareWalls())
            : new PinnProblem(pde, interior, [new DirichletCondition(Square.BoundaryMesh(boundary), _ => 0)], alpha, reference);
        var net = KanNetwork.Create(s.Widths, new KanOptions { GridSize = grids[0], Order = 3, Seed = seed });
        return new PdeSetup(problem, net, new PinnOptions { GridSchedule = grids, StepsPerGrid = steps, GridEps = s.GridEps, UpdateGrid = s.UpdateGrid, AdamWarmupSteps = s.AdamSteps, LearningRate = s.AdamLr, Seed = seed,
                // the defaults before the PDE zoo, which the published figures were measured with
                NormalizePde = false, FitGridToInputs = false })
        { CoordinateNames = ["x", "y"], GridShape = [mesh, mesh] };
    }
}

/// <summary>The settings of <see cref="Poisson2DPaper"/>.</summary>
internal sealed record Poisson2DPaperOptions
{
    public int Interior { get; init; } = 10000;
    public int Boundary { get; init; } = 800;
    public int Steps { get; init; } = 50;
    public int[] Grids { get; init; } = [5, 10, 20];
    public double Alpha { get; init; } = 0.01;
    public int TestMesh { get; init; } = 101;
    public bool HardBc { get; init; }
    public int[] Widths { get; init; } = [2, 10, 1];
    public double GridEps { get; init; } = 0.02;
    public bool UpdateGrid { get; init; } = true;
    public int AdamSteps { get; init; }
    public double AdamLr { get; init; } = 1e-3;
}

/// <summary>
/// The KAN paper's Poisson problem: u = sin(pi x) sin(pi y^2) on [-1,1]^2, u = 0 on the boundary, 10,000 random
/// interior and 800 random boundary points, PDE weight alpha = 0.01, KAN [2,10,1].
/// </summary>
internal sealed class Poisson2DPaper : PdeModule<Poisson2DPaperOptions>
{
    public override string Name => "poisson2d-paper";
    public override string Description => "the KAN paper's Poisson problem: u = sin(pi x) sin(pi y^2), KAN [2,10,1], 10,000 + 800 points";

    public override SettingsSchema<Poisson2DPaperOptions> Settings { get; } = new SettingsSchema<Poisson2DPaperOptions>()
        .Int("interior", o => o.Interior, (o, v) => o with { Interior = v }, "random interior points", min: 1)
        .Int("boundary", o => o.Boundary, (o, v) => o with { Boundary = v }, "boundary points (per side for meshes)")
        .Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "L-BFGS steps per grid", min: 1)
        .Ints("grids", o => o.Grids, (o, v) => o with { Grids = v }, "grid schedule, comma-separated")
        .Double("alpha", o => o.Alpha, (o, v) => o with { Alpha = v }, "weight of the PDE term")
        .Int("test_mesh", o => o.TestMesh, (o, v) => o with { TestMesh = v }, "test mesh points per side", min: 2)
        .Bool("hard_bc", o => o.HardBc, (o, v) => o with { HardBc = v }, "1: boundary (and initial) conditions built into the output transform")
        .Ints("widths", o => o.Widths, (o, v) => o with { Widths = v }, "network widths, comma-separated")
        .Double("grid_eps", o => o.GridEps, (o, v) => o with { GridEps = v }, "grid update: 1 uniform, 0 quantiles", min: 0, max: 1)
        .Bool("update_grid", o => o.UpdateGrid, (o, v) => o with { UpdateGrid = v }, "1: grid updates on the collocation points")
        .Int("adam_steps", o => o.AdamSteps, (o, v) => o with { AdamSteps = v }, "Adam warm-up steps before L-BFGS")
        .Double("adam_lr", o => o.AdamLr, (o, v) => o with { AdamLr = v }, "Adam learning rate", above: 0);

    protected override PdeSetup Create(Poisson2DPaperOptions s, int seed)
    {
        int nInterior = s.Interior, nBoundary = s.Boundary, steps = s.Steps;
        var grids = s.Grids;
        double alpha = s.Alpha;
        // u = sin(pi x) sin(pi y^2): u_xx = -pi^2 u, u_yy = 2 pi cos(pi y^2) sin(pi x) - 4 pi^2 y^2 u
        static double U(double x, double y) => Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y * y);
        var pde = new Poisson2DEquation((x, y) => -Math.PI * Math.PI * U(x, y)
            + 2 * Math.PI * Math.Cos(Math.PI * y * y) * Math.Sin(Math.PI * x) - 4 * Math.PI * Math.PI * y * y * U(x, y));
        var test = Square.Mesh(s.TestMesh);
        var reference = ReferenceSolution.FromFunctions(test, 2, [p => U(p[0], p[1])],
            [[p => Math.PI * Math.Cos(Math.PI * p[0]) * Math.Sin(Math.PI * p[1] * p[1]),
              p => 2 * Math.PI * p[1] * Math.Sin(Math.PI * p[0]) * Math.Cos(Math.PI * p[1] * p[1])]]);
        bool hard = s.HardBc;
        var interior = Square.Random(nInterior, seed);
        var problem = hard
            ? new PinnProblem(pde, interior, [], alpha, reference, transform: new SquareWalls())
            : new PinnProblem(pde, interior, [new DirichletCondition(Square.RandomBoundary(nBoundary, seed + 1), _ => 0)], alpha, reference);
        var net = KanNetwork.Create(s.Widths, new KanOptions { GridSize = grids[0], Order = 3, Seed = seed });
        int testMesh = s.TestMesh;
        return new PdeSetup(problem, net, new PinnOptions { GridSchedule = grids, StepsPerGrid = steps, GridEps = s.GridEps, UpdateGrid = s.UpdateGrid, AdamWarmupSteps = s.AdamSteps, LearningRate = s.AdamLr, Seed = seed,
                // the defaults before the PDE zoo, which the published figures were measured with
                NormalizePde = false, FitGridToInputs = false })
        { CoordinateNames = ["x", "y"], GridShape = [testMesh, testMesh] };
    }
}
