using Kan.Physics.Networks;
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
internal static class Square
{
    /// <summary>n x n tensor mesh including the boundary (as pykan's "mesh" sampling).</summary>
    public static double[] Mesh(int n)
    {
        var p = new double[n * n * 2];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                p[(i * n + j) * 2] = -1 + 2.0 * i / (n - 1);
                p[(i * n + j) * 2 + 1] = -1 + 2.0 * j / (n - 1);
            }
        return p;
    }

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

    /// <summary>n uniform random points in the square.</summary>
    public static double[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, 2 * n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
    }

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

/// <summary>
/// pykan's PDE tutorial: u = sin(pi x) sin(pi y), f = -2 pi^2 u, 51 x 51 mesh, 204 boundary points, KAN [2,2,1], grids
/// 5 -> 10 -> 20 with 50 L-BFGS steps each, PDE weight alpha = 0.01, uniform grid updates (grid_eps = 1). The boundary
/// condition is built into the output by default (hard_bc = 1: 5e-4 relative L2 against pykan's 1.7e-2); hard_bc = 0
/// is pykan's formulation with a boundary loss term.
/// </summary>
internal sealed class Poisson2DTutorial : PdeModule
{
    public override string Name => "poisson2d";
    public override string Description => "pykan's Poisson tutorial: u = sin(pi x) sin(pi y) on [-1,1]^2, KAN [2,2,1], grids 5->10->20";

    public override IReadOnlyList<ProblemSetting> Settings { get; } =
    [
        new("mesh", "51", "interior mesh points per side"),
        new("boundary", "51", "boundary points (per side for meshes)"),
        new("alpha", "0.01", "weight of the PDE term"),
        new("grids", "5,10,20", "grid schedule, comma-separated"),
        new("steps", "50", "L-BFGS steps per grid"),
        new("hard_bc", "1", "1: boundary (and initial) conditions built into the output transform"),
        new("widths", "2,2,1", "network widths, comma-separated"),
        new("grid_eps", "1.0", "grid update: 1 uniform, 0 quantiles"),
        new("update_grid", "1", "1: grid updates on the collocation points"),
        new("adam_steps", "0", "Adam warm-up steps before L-BFGS"),
        new("adam_lr", "1e-3", "Adam learning rate"),
    ];

    protected override PdeSetup Create(ProblemSettings s, int seed)
    {
        int mesh = s.Int("mesh"), boundary = s.Int("boundary");
        double alpha = s.Double("alpha");
        var grids = s.Ints("grids");
        int steps = s.Int("steps");
        var pde = new Poisson2DEquation((x, y) => -2 * Math.PI * Math.PI * Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y));
        var interior = Square.Mesh(mesh);
        var reference = ReferenceSolution.FromFunctions(interior, 2,
            [p => Math.Sin(Math.PI * p[0]) * Math.Sin(Math.PI * p[1])],
            [[p => Math.PI * Math.Cos(Math.PI * p[0]) * Math.Sin(Math.PI * p[1]), p => Math.PI * Math.Sin(Math.PI * p[0]) * Math.Cos(Math.PI * p[1])]]);
        bool hard = s.Bool("hard_bc");
        var problem = hard
            ? new PinnProblem(pde, interior, [], alpha, reference, transform: new SquareWalls())
            : new PinnProblem(pde, interior, [new DirichletCondition(Square.BoundaryMesh(boundary), _ => 0)], alpha, reference);
        var net = KanNetwork.Create(s.Ints("widths"), new KanOptions { GridSize = grids[0], Order = 3, Seed = seed });
        return new PdeSetup(problem, net, new PinnOptions { GridSchedule = grids, StepsPerGrid = steps, GridEps = s.Double("grid_eps"), UpdateGrid = s.Bool("update_grid"), AdamWarmupSteps = s.Int("adam_steps"), AdamLearningRate = s.Double("adam_lr"), Seed = seed })
        { CoordinateNames = ["x", "y"], GridShape = [mesh, mesh] };
    }
}

/// <summary>
/// The KAN paper's Poisson problem: u = sin(pi x) sin(pi y^2) on [-1,1]^2, u = 0 on the boundary, 10,000 random
/// interior and 800 random boundary points, PDE weight alpha = 0.01, KAN [2,10,1].
/// </summary>
internal sealed class Poisson2DPaper : PdeModule
{
    public override string Name => "poisson2d-paper";
    public override string Description => "the KAN paper's Poisson problem: u = sin(pi x) sin(pi y^2), KAN [2,10,1], 10,000 + 800 points";

    public override IReadOnlyList<ProblemSetting> Settings { get; } =
    [
        new("interior", "10000", "random interior points"),
        new("boundary", "800", "boundary points (per side for meshes)"),
        new("steps", "50", "L-BFGS steps per grid"),
        new("grids", "5,10,20", "grid schedule, comma-separated"),
        new("alpha", "0.01", "weight of the PDE term"),
        new("test_mesh", "101", "test mesh points per side"),
        new("hard_bc", "0", "1: boundary (and initial) conditions built into the output transform"),
        new("widths", "2,10,1", "network widths, comma-separated"),
        new("grid_eps", "0.02", "grid update: 1 uniform, 0 quantiles"),
        new("update_grid", "1", "1: grid updates on the collocation points"),
        new("adam_steps", "0", "Adam warm-up steps before L-BFGS"),
        new("adam_lr", "1e-3", "Adam learning rate"),
    ];

    protected override PdeSetup Create(ProblemSettings s, int seed)
    {
        int nInterior = s.Int("interior"), nBoundary = s.Int("boundary"), steps = s.Int("steps");
        var grids = s.Ints("grids");
        double alpha = s.Double("alpha");
        // u = sin(pi x) sin(pi y^2): u_xx = -pi^2 u, u_yy = 2 pi cos(pi y^2) sin(pi x) - 4 pi^2 y^2 u
        static double U(double x, double y) => Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y * y);
        var pde = new Poisson2DEquation((x, y) => -Math.PI * Math.PI * U(x, y)
            + 2 * Math.PI * Math.Cos(Math.PI * y * y) * Math.Sin(Math.PI * x) - 4 * Math.PI * Math.PI * y * y * U(x, y));
        var test = Square.Mesh(s.Int("test_mesh"));
        var reference = ReferenceSolution.FromFunctions(test, 2, [p => U(p[0], p[1])],
            [[p => Math.PI * Math.Cos(Math.PI * p[0]) * Math.Sin(Math.PI * p[1] * p[1]),
              p => 2 * Math.PI * p[1] * Math.Sin(Math.PI * p[0]) * Math.Cos(Math.PI * p[1] * p[1])]]);
        bool hard = s.Bool("hard_bc");
        var interior = Square.Random(nInterior, seed);
        var problem = hard
            ? new PinnProblem(pde, interior, [], alpha, reference, transform: new SquareWalls())
            : new PinnProblem(pde, interior, [new DirichletCondition(Square.RandomBoundary(nBoundary, seed + 1), _ => 0)], alpha, reference);
        var net = KanNetwork.Create(s.Ints("widths"), new KanOptions { GridSize = grids[0], Order = 3, Seed = seed });
        int testMesh = s.Int("test_mesh");
        return new PdeSetup(problem, net, new PinnOptions { GridSchedule = grids, StepsPerGrid = steps, GridEps = s.Double("grid_eps"), UpdateGrid = s.Bool("update_grid"), AdamWarmupSteps = s.Int("adam_steps"), AdamLearningRate = s.Double("adam_lr"), Seed = seed })
        { CoordinateNames = ["x", "y"], GridShape = [testMesh, testMesh] };
    }
}
