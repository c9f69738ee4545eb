using Kan.Physics.Networks;
using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Problems.References;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Optimization;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// The benchmark set of Rigas et al. 2024 (jaxKAN): KAN [2,8,8,1], 4,096 Sobol collocation points, relative L2 error
/// on a test mesh against the exact or a reference solution. Shared set-up of point sets and training options.
/// </summary>
internal static class Rigas
{
    /// <summary>The settings every Rigas module reads through <see cref="Options"/>, <see cref="Network"/> and <see cref="Interior"/>.</summary>
    public static IReadOnlyList<ProblemSetting> CommonSettings { get; } =
    [
        new("resample_every", "0", "RAD resampling every n steps (0: off)"),
        new("rad_k", "1", "RAD: exponent k of the sampling density |r|^k / mean |r|^k + c (larger: sharper)"),
        new("rad_c", "1", "RAD: constant c of the sampling density (smaller: fewer points away from large residuals)"),
        new("causal", "0", "causal-training epsilon (0: off)"),
        new("time_windows", "0", "time marching: the first grid's steps learn t in [0, k/K] in K windows (0: off)"),
        new("window_grids", "1", "time marching: the windows spread over this many grids of the schedule"),
        new("grids", "5,10,20", "grid schedule, comma-separated"),
        new("steps", "50", "L-BFGS steps per grid"),
        new("grid_eps", "0.02", "grid update: 1 uniform, 0 quantiles"),
        // off by default: on all four problems the updates (every 5 steps of a grid's first 50, each an L-BFGS restart) slowed convergence
        new("update_grid", "0", "1: grid updates on the collocation points"),
        new("adam_steps", "0", "Adam warm-up steps before L-BFGS"),
        new("adam_lr", "1e-3", "Adam learning rate"),
        new("widths", "2,8,8,1", "network widths, comma-separated"),
        new("points", "4096", "Sobol collocation points"),
        new("rba_eta", "0", "residual-based attention: multiplier gain eta (0: off)"),
        new("rba_gamma", "0.9", "residual-based attention: multiplier memory gamma, in [0,1)"),
        new("rba_every", "1", "residual-based attention: steps between multiplier updates"),
        new("normalize", "0", "1: divide the PDE term by the source's mean square"),
    ];

    /// <summary>The common settings with one default changed (for a module whose problem needs another one).</summary>
    public static IReadOnlyList<ProblemSetting> CommonWith(string key, string defaultValue) => CommonWith((key, defaultValue));

    /// <summary>The common settings with several defaults changed.</summary>
    public static IReadOnlyList<ProblemSetting> CommonWith(params (string Key, string DefaultValue)[] changes)
    {
        foreach (var (key, _) in changes)
            if (!CommonSettings.Any(c => c.Key == key)) throw new ArgumentException($"'{key}' is not a common Rigas setting.", nameof(changes));
        return CommonSettings.Select(c => changes.FirstOrDefault(x => x.Key == c.Key) is { Key: not null } x ? c with { DefaultValue = x.DefaultValue } : c).ToArray();
    }

    /// <summary>Solver options from settings; <paramref name="domain"/> supplies candidate points for RAD (resample_every = n).</summary>
    public static PinnOptions Options(ProblemSettings s, Domain domain, int seed)
    {
        double gamma = s.Double("rba_gamma");
        if (!(gamma >= 0 && gamma < 1)) throw new ProblemSettingException(s.Problem, "rba_gamma", s.Text("rba_gamma"), "must lie in [0, 1)");
        if (s.Double("rba_eta") < 0) throw new ProblemSettingException(s.Problem, "rba_eta", s.Text("rba_eta"), "must be >= 0");
        if (s.Int("rba_every") < 1) throw new ProblemSettingException(s.Problem, "rba_every", s.Text("rba_every"), "must be at least 1");
        if (s.Double("rad_k") < 0) throw new ProblemSettingException(s.Problem, "rad_k", s.Text("rad_k"), "must be >= 0");
        if (s.Double("rad_c") < 0) throw new ProblemSettingException(s.Problem, "rad_c", s.Text("rad_c"), "must be >= 0");
        if (s.Int("window_grids") < 1) throw new ProblemSettingException(s.Problem, "window_grids", s.Text("window_grids"), "must be >= 1");
        if (s.Int("time_windows") < 0) throw new ProblemSettingException(s.Problem, "time_windows", s.Text("time_windows"), "must be >= 0");
        if (s.Double("causal") < 0) throw new ProblemSettingException(s.Problem, "causal", s.Text("causal"), "must be >= 0");
        return OptionsUnchecked(s, domain, seed);
    }

    private static PinnOptions OptionsUnchecked(ProblemSettings s, Domain domain, int seed) => new()
    {
        ResampleEvery = s.Int("resample_every"),
        ResampleExponent = s.Double("rad_k"),
        ResampleConstant = s.Double("rad_c"),
        CausalEpsilon = s.Double("causal"),
        TimeWindows = s.Int("time_windows"),
        TimeWindowGrids = s.Int("window_grids"),
        CandidateSampler = (count, seed) => domain.SampleInterior(count, PointDistribution.UniformRandom, seed),
        GridSchedule = s.Ints("grids"),
        StepsPerGrid = s.Int("steps"),
        GridEps = s.Double("grid_eps"),
        UpdateGrid = s.Bool("update_grid"),
        AdamWarmupSteps = s.Int("adam_steps"),
        AdamLearningRate = s.Double("adam_lr"),
        RbaEta = s.Double("rba_eta"),
        RbaGamma = s.Double("rba_gamma"),
        RbaEvery = s.Int("rba_every"),
        NormalizePde = s.Bool("normalize"),
        Seed = seed,
    };

    /// <summary>The KAN of the widths setting; <paramref name="inputs"/> replaces its first width (the coordinates) when the network sees an embedding of them.</summary>
    public static KanNetwork Network(ProblemSettings s, int seed, int? inputs = null)
    {
        int[] widths = s.Ints("widths");
        if (inputs is { } n && widths.Length > 0) widths = [n, .. widths[1..]];
        return KanNetwork.Create(widths, new KanOptions { GridSize = s.Ints("grids")[0], Order = 3, Seed = seed });
    }

    public static double[] Interior(Domain domain, ProblemSettings s, int seed) => domain.SampleInterior(s.Int("points"), PointDistribution.Sobol, seed);

    /// <summary>n x m mesh over [x0,x1] x [t0,t1] including the edges, x varying slowest.</summary>
    public static double[] Mesh(double x0, double x1, int n, double t0, double t1, int m)
        => Box.Mesh([x0, t0], [x1, t1], [n, m], includeBoundary: true);
}

/// <summary>u = s sin(pi x) + t (1 - x^2) N: the initial value s sin(pi x) and zero walls hold by construction (hard_bc=1).</summary>
internal sealed class SineStartAndWalls(double sign) : OutputTransform
{
    public override T Particular<T>(ReadOnlySpan<T> x, int field) => sign * T.Sin(Math.PI * x[0]);
    public override T Distance<T>(ReadOnlySpan<T> x, int field) => x[1] * (1.0 - x[0] * x[0]);
}

/// <summary>Diffusion: u_t = u_xx - e^-t (sin(pi x) - pi^2 sin(pi x)) on [-1,1] x [0,1]; u = e^-t sin(pi x).</summary>
internal sealed class Diffusion1D : PdeModule
{
    private sealed class Equation() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p)
            => p.U.Dt - p.U.Dxx + Math.Exp(-p.Time) * (Math.Sin(Math.PI * p.X) - Math.PI * Math.PI * Math.Sin(Math.PI * p.X));
    }

    public override string Name => "diffusion1d";
    public override string Description => "Rigas et al.: u_t = u_xx + source on [-1,1]x[0,1], u = e^-t sin(pi x), KAN [2,8,8,1]";

    public override IReadOnlyList<ProblemSetting> Settings { get; } =
    [
        .. Rigas.CommonSettings,
        new("boundary", "256", "boundary points (per side for meshes)"),
        new("hard_bc", "0", "1: boundary (and initial) conditions built into the output transform"),
        new("alpha", "0.01", "weight of the PDE term"),
    ];

    protected override PdeSetup Create(ProblemSettings s, int seed)
    {
        var domain = new TimeDomain(new Interval(-1, 1), 0, 1);
        int nb = s.Int("boundary");
        var walls = domain.SampleBoundary(nb, PointDistribution.Sobol, seed + 1);
        var initial = domain.SampleInitial(nb, PointDistribution.Sobol, seed + 2);
        var test = Rigas.Mesh(-1, 1, 101, 0, 1, 101);
        var reference = ReferenceSolution.FromFunctions(test, 2, [p => Math.Exp(-p[1]) * Math.Sin(Math.PI * p[0])]);
        var problem = s.Bool("hard_bc")
            ? new PinnProblem(new Equation(), Rigas.Interior(domain, s, seed), [], s.Double("alpha"), reference, transform: new SineStartAndWalls(1))
            : new PinnProblem(new Equation(), Rigas.Interior(domain, s, seed),
                [new DirichletCondition(walls, _ => 0, name: "boundary"), new InitialCondition(initial, p => Math.Sin(Math.PI * p[0]))],
                s.Double("alpha"), reference);
        return new PdeSetup(problem, Rigas.Network(s, seed), Rigas.Options(s, domain, seed))
        { CoordinateNames = ["x", "t"], GridShape = [101, 101] };
    }
}

/// <summary>Helmholtz: u_xx + u_yy + k^2 u = q on [-1,1]^2, u = sin(a1 pi x) sin(a2 pi y), a1 = 1, a2 = 4, k = 1.</summary>
internal sealed class Helmholtz2D : PdeModule
{
    private sealed class Equation(double a1, double a2, double k) : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            double q = (k * k - Math.Pow(a1 * Math.PI, 2) - Math.Pow(a2 * Math.PI, 2)) * Math.Sin(a1 * Math.PI * p.X) * Math.Sin(a2 * Math.PI * p.Y);
            return p.U.Dxx + p.U.Dyy + k * k * p.U.Value - q;
        }
    }

    public override string Name => "helmholtz2d";
    public override string Description => "Rigas et al.: Helmholtz, u = sin(pi x) sin(4 pi y) on [-1,1]^2, KAN [2,8,8,1]";

    public override IReadOnlyList<ProblemSetting> Settings { get; } =
    [
        // 70 L-BFGS steps per grid: 50 stop at rel. L2 1.1e-3, just above the paper's 1.0e-3
        .. Rigas.CommonWith("steps", "70"),
        new("a1", "1", "x wave number factor"),
        new("a2", "4", "y wave number factor"),
        new("k", "1", "Helmholtz k"),
        new("boundary", "512", "boundary points (per side for meshes)"),
        new("hard_bc", "0", "1: boundary (and initial) conditions built into the output transform"),
        new("alpha", "1e-4", "weight of the PDE term (the source reaches about 170, so the PDE residual is scaled down)"),
    ];

    protected override PdeSetup Create(ProblemSettings s, int seed)
    {
        double a1 = s.Double("a1"), a2 = s.Double("a2"), k = s.Double("k");
        var domain = new Rectangle(-1, 1, -1, 1);
        var walls = domain.SampleBoundary(s.Int("boundary"), PointDistribution.Sobol, seed + 1);
        var test = Rigas.Mesh(-1, 1, 101, -1, 1, 101);
        var reference = ReferenceSolution.FromFunctions(test, 2, [p => Math.Sin(a1 * Math.PI * p[0]) * Math.Sin(a2 * Math.PI * p[1])]);
        var problem = s.Bool("hard_bc")
            ? new PinnProblem(new Equation(a1, a2, k), Rigas.Interior(domain, s, seed), [], s.Double("alpha"), reference, transform: new SquareWalls())
            : new PinnProblem(new Equation(a1, a2, k), Rigas.Interior(domain, s, seed), [new DirichletCondition(walls, _ => 0, name: "boundary")],
                s.Double("alpha"), reference);
        return new PdeSetup(problem, Rigas.Network(s, seed), Rigas.Options(s, domain, seed))
        { CoordinateNames = ["x", "y"], GridShape = [101, 101] };
    }
}

/// <summary>Burgers: u_t + u u_x = nu u_xx, nu = 0.01/pi, u(x,0) = -sin(pi x), u(+-1,t) = 0; Cole-Hopf reference.</summary>
internal sealed class Burgers1D : PdeModule
{
    private sealed class Equation(double nu) : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt + p.U.Value * p.U.Dx - nu * p.U.Dxx;
    }

    public override string Name => "burgers1d";
    public override string Description => "Rigas et al.: viscous Burgers, nu = 0.01/pi, reference by Cole-Hopf quadrature, KAN [2,8,8,1]";

    public override IReadOnlyList<ProblemSetting> Settings { get; } =
    [
        .. Rigas.CommonSettings,
        new("nu", "0.0031830988618379067", "viscosity (0.01/pi)"),
        new("boundary", "256", "boundary points (per side for meshes)"),
        new("hard_bc", "0", "1: boundary (and initial) conditions built into the output transform"),
        new("alpha", "0.1", "weight of the PDE term"),
        new("scale_t", "0", "1: the network sees 2t - 1, so t uses the whole grid range [-1, 1]"),
        // without it the shock drifts off x = 0 (rel. L2 4.6e-2 seed 0, 6.9e-2 seed 1; with it 9.4e-3 and 8.3e-3)
        new("symmetry", "1", "1: u(0, t) = 0 as a condition (the solution is odd in x: odd u0, symmetric walls), which pins the shock at x = 0"),
    ];

    /// <summary>n points (0, t) with Sobol times.</summary>
    private static double[] Centre(int n) => Sobol.Points(n, 1, skipFirst: true).SelectMany(t => new[] { 0.0, t }).ToArray();

    protected override PdeSetup Create(ProblemSettings s, int seed)
    {
        double nu = s.Double("nu");
        var domain = new TimeDomain(new Interval(-1, 1), 0, 1);
        int nb = s.Int("boundary");
        var walls = domain.SampleBoundary(nb, PointDistribution.Sobol, seed + 1);
        var initial = domain.SampleInitial(nb, PointDistribution.Sobol, seed + 2);
        var xs = Enumerable.Range(0, 256).Select(i => -1 + 2.0 * i / 255).ToArray();
        var ts = Enumerable.Range(0, 100).Select(j => j / 99.0).ToArray();
        var u = BurgersReference.EvaluateGrid(xs, ts, nu);
        InputTransform? input = s.Bool("scale_t") ? new ScaledEmbedding([-1, 0], [1, 1]) : null;
        Condition[] symmetry = s.Bool("symmetry") ? [new DirichletCondition(Centre(nb), _ => 0, name: "symmetry")] : [];
        var test = new double[xs.Length * ts.Length * 2];
        for (int i = 0; i < xs.Length; i++)
            for (int j = 0; j < ts.Length; j++) { test[(i * ts.Length + j) * 2] = xs[i]; test[(i * ts.Length + j) * 2 + 1] = ts[j]; }
        var problem = s.Bool("hard_bc")
            ? new PinnProblem(new Equation(nu), Rigas.Interior(domain, s, seed), symmetry, s.Double("alpha"), new ReferenceSolution(test, 2, u),
                transform: new SineStartAndWalls(-1), input: input)
            : new PinnProblem(new Equation(nu), Rigas.Interior(domain, s, seed),
                [new DirichletCondition(walls, _ => 0, name: "boundary"), new InitialCondition(initial, p => -Math.Sin(Math.PI * p[0])), .. symmetry],
                s.Double("alpha"), new ReferenceSolution(test, 2, u), input: input);
        return new PdeSetup(problem, Rigas.Network(s, seed), Rigas.Options(s, domain, seed))
        { CoordinateNames = ["x", "t"], GridShape = [256, 100] };
    }
}

/// <summary>
/// Allen-Cahn: u_t - D u_xx + 5 u^3 - 5 u = 0, D = 1e-4, u(x,0) = x^2 cos(pi x), periodic in x on [-1,1]; the reference
/// comes from the project's Fourier-spectral ETDRK4 solver (1,024 modes, dt = 2.5e-4; error about 1e-10). By default the
/// network sees (cos(pi x), sin(pi x), 2t - 1) (exact periodicity, t over the whole grid), u = u0(x) + t N holds the
/// initial value exactly, and the first grid marches through time in 5 windows; without these the network stays near
/// the unstable state u = 0 where u0 is small (rel. L2 0.48).
/// </summary>
internal sealed class AllenCahn1D : PdeModule
{
    private sealed class Equation(double d) : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - d * p.U.Dxx + 5.0 * T.Pow(p.U.Value, 3) - 5.0 * p.U.Value;
    }

    /// <summary>u = x^2 cos(pi x) + t N: the initial value holds by construction (hard_ic=1).</summary>
    private sealed class InitialValue : OutputTransform
    {
        public override T Particular<T>(ReadOnlySpan<T> x, int field) => x[0] * x[0] * T.Cos(Math.PI * x[0]);
        public override T Distance<T>(ReadOnlySpan<T> x, int field) => x[1];
    }

    public override string Name => "allen-cahn1d";
    public override string Description => "Rigas et al.: Allen-Cahn, D = 1e-4, periodic, spectral ETDRK4 reference, KAN [2,8,8,1] (embedded: [3,8,8,1])";

    public override IReadOnlyList<ProblemSetting> Settings { get; } =
    [
        // time marching in 5 windows on the first grid: without it the network lags the growth from u0 (0.21 with the embedding)
        .. Rigas.CommonWith("time_windows", "5"),
        new("diffusion", "1e-4", "diffusion coefficient D"),
        new("boundary", "256", "boundary points (per side for meshes)"),
        new("alpha", "1.0", "weight of the PDE term"),
        new("embed", "1", "1: the network sees (cos(pi x), sin(pi x), t), so periodicity in x is exact (no periodic loss term); 0: x and a periodic loss term"),
        new("hard_ic", "1", "1: u = u0(x) + t N, so the initial condition holds exactly (needs embed=1); 0: an initial-condition term"),
        new("scale_t", "1", "1: the network sees 2t - 1, so t uses the whole grid range [-1, 1] (needs embed=1)"),
        new("ic_weight", "1", "weight of the initial-condition term"),
    ];

    protected override PdeSetup Create(ProblemSettings s, int seed)
    {
        double d = s.Double("diffusion");
        var domain = new TimeDomain(new Interval(-1, 1), 0, 1);
        int nb = s.Int("boundary");
        var initial = domain.SampleInitial(nb, PointDistribution.Sobol, seed + 2);
        // periodic pairs (-1, t) ~ (1, t)
        var times = Sobol.Points(nb, 1, skipFirst: true);
        var left = times.SelectMany(t => new[] { -1.0, t }).ToArray();
        var right = times.SelectMany(t => new[] { 1.0, t }).ToArray();
        var reference = AllenCahnReference.Solve(diffusion: d);
        var xs = Enumerable.Range(0, 201).Select(i => -1 + 2.0 * i / 200).ToArray();
        var ts = Enumerable.Range(0, 101).Select(j => j / 100.0).ToArray();
        var u = reference.EvaluateGrid(xs, ts);
        var test = new double[xs.Length * ts.Length * 2];
        for (int i = 0; i < xs.Length; i++)
            for (int j = 0; j < ts.Length; j++) { test[(i * ts.Length + j) * 2] = xs[i]; test[(i * ts.Length + j) * 2 + 1] = ts[j]; }
        bool embed = s.Bool("embed"), hardIc = s.Bool("hard_ic");
        if (s.Bool("scale_t") && !embed) throw new ProblemSettingException(Name, "scale_t", s.Text("scale_t"), "needs embed=1 (an input embedding cannot be combined with the periodic loss term)");
        if (hardIc && !embed) throw new ProblemSettingException(Name, "hard_ic", s.Text("hard_ic"), "needs embed=1 (an output transform cannot be combined with the periodic loss term)");
        Condition[] conditions = hardIc ? [] : [new InitialCondition(initial, p => AllenCahnReference.InitialCondition(p[0]), weight: s.Double("ic_weight"))];
        var problem = new PinnProblem(new Equation(d), Rigas.Interior(domain, s, seed), conditions,
            s.Double("alpha"), new ReferenceSolution(test, 2, u), embed ? null : [new PeriodicCondition(left, right, axis: 0)],
            transform: hardIc ? new InitialValue() : null, input: embed ? (s.Bool("scale_t") ? new PeriodicEmbedding(2, axis: 0, lower: [-1, 0], upper: [1, 1]) : new PeriodicEmbedding(2, axis: 0)) : null);
        return new PdeSetup(problem, Rigas.Network(s, seed, embed ? 3 : null), Rigas.Options(s, domain, seed))
        { CoordinateNames = ["x", "t"], GridShape = [201, 101] };
    }
}
