using System.Globalization;
using Kan.Physics.Problems.References;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Solvers.Discovery;

namespace Kan.Physics.Problems.Modules;

/// <summary>The settings every discovery module shares: the simulated grid, the noise, the surrogate and the regression.</summary>
internal record DiscoveryModuleOptions
{
    public int Nx { get; init; } = 256;
    public int Nt { get; init; } = 100;
    public double Noise { get; init; }
    public int Order { get; init; } = 3;
    public int MaxPower { get; init; } = 2;
    public int[] Hidden { get; init; } = [12];
    public int[] Grids { get; init; } = [6, 12, 24];
    public int SplineOrder { get; init; } = 5;
    public int Steps { get; init; } = 40;
    public double Smoothness { get; init; }
    public int TrainPoints { get; init; } = 8000;
    public int Collocation { get; init; } = 10000;
    public double Margin { get; init; } = 0.1;
    public string Selection { get; init; } = "parsimonious";
    public double Parsimony { get; init; } = 0.2;
    public string Terms { get; init; } = "";
    public string Formulation { get; init; } = "weak";
    public double WeakWidth { get; init; }
    public int WeakWindows { get; init; } = 20;
    public int WeakNodes { get; init; } = 10;
}

/// <summary>
/// A module that simulates a PDE with a known solution on an nx x nt grid, adds Gaussian noise of
/// <c>noise</c> times the field's standard deviation (seeded), and discovers the PDE back from the noisy samples
/// (<see cref="PdeDiscovery"/>); the result says whether the terms are right and how far off the coefficients are.
/// </summary>
internal abstract class DiscoveryModule<TOptions> : Problem<TOptions> where TOptions : DiscoveryModuleOptions, new()
{
    /// <summary>The space interval and time interval of the grid.</summary>
    protected abstract (double X0, double X1, double T0, double T1) Domain { get; }
    /// <summary>The exact solution.</summary>
    protected abstract double Solution(double x, double t);
    /// <summary>The PDE the data come from.</summary>
    protected abstract KnownPde Truth { get; }

    public override SettingsSchema<TOptions> Settings { get; } = new SettingsSchema<TOptions>()
        .Int("nx", o => o.Nx, (o, v) => (TOptions)(o with { Nx = v }), "grid points in x", min: 16)
        .Int("nt", o => o.Nt, (o, v) => (TOptions)(o with { Nt = v }), "grid points in t", min: 8)
        .Double("noise", o => o.Noise, (o, v) => (TOptions)(o with { Noise = v }), "Gaussian noise, as a fraction of the field's standard deviation (0.01: 1 %)", min: 0)
        .Int("order", o => o.Order, (o, v) => (TOptions)(o with { Order = v }), "highest spatial derivative in the library", min: 1, max: 8)
        .Int("max_power", o => o.MaxPower, (o, v) => (TOptions)(o with { MaxPower = v }), "highest power of the field in the library", min: 0, max: 6)
        .Ints("hidden", o => o.Hidden, (o, v) => (TOptions)(o with { Hidden = v }), "hidden widths of the surrogate KAN")
        .Ints("grids", o => o.Grids, (o, v) => (TOptions)(o with { Grids = v }), "grid schedule of the surrogate (the best on held-out points is kept)")
        .Int("spline_order", o => o.SplineOrder, (o, v) => (TOptions)(o with { SplineOrder = v }), "spline order of the surrogate (5: C^4)", min: 1, max: 7)
        .Int("steps", o => o.Steps, (o, v) => (TOptions)(o with { Steps = v }), "L-BFGS steps per grid", min: 1)
        .Double("smoothness", o => o.Smoothness, (o, v) => (TOptions)(o with { Smoothness = v }), "roughness penalty of the surrogate's splines", min: 0)
        .Int("train_points", o => o.TrainPoints, (o, v) => (TOptions)(o with { TrainPoints = v }), "most points the surrogate is trained on", min: 10)
        .Int("collocation", o => o.Collocation, (o, v) => (TOptions)(o with { Collocation = v }), "most interior points of the regression", min: 20)
        .Double("margin", o => o.Margin, (o, v) => (TOptions)(o with { Margin = v }), "share of each coordinate's range left out at both ends", min: 0, below: 0.5)
        .Choice("selection", o => o.Selection, (o, v) => (TOptions)(o with { Selection = v }), "how the model is chosen from the sparsity path", "parsimonious", "bic", "heldout")
        .Double("parsimony", o => o.Parsimony, (o, v) => (TOptions)(o with { Parsimony = v }), "held-out error a sparser model may add (parsimonious selection)", min: 0)
        .Text("terms", o => o.Terms, (o, v) => (TOptions)(o with { Terms = v }), "extra library terms, ';'-separated expressions over u, u_x, u_xx, ..., x, t")
        .Choice("formulation", o => o.Formulation, (o, v) => (TOptions)(o with { Formulation = v }), "regression on pointwise terms (strong) or on their integrals against test functions, derivatives moved onto them by parts (weak)", "strong", "weak")
        .Double("weak_width", o => o.WeakWidth, (o, v) => (TOptions)(o with { WeakWidth = v }), "weak form: test-function half-width as a share of each coordinate's interior range (0: chosen from the noise estimated in the data, 0.1 to 0.2)", min: 0, max: 0.5)
        .Int("weak_windows", o => o.WeakWindows, (o, v) => (TOptions)(o with { WeakWindows = v }), "weak form: test functions along each coordinate", min: 1)
        .Int("weak_nodes", o => o.WeakNodes, (o, v) => (TOptions)(o with { WeakNodes = v }), "weak form: quadrature nodes per half-width", min: 2);

    /// <summary>
    /// The clean field on the grid: result[i * ts.Length + j] = u(xs[i], ts[j]). By default <see cref="Solution"/> at every
    /// point; a module with a numerical solver overrides this to solve once.
    /// </summary>
    protected virtual double[] Sample(TOptions o, double[] xs, double[] ts)
    {
        var u = new double[xs.Length * ts.Length];
        Parallel.For(0, xs.Length, i =>
        {
            for (int j = 0; j < ts.Length; j++) u[i * ts.Length + j] = Solution(xs[i], ts[j]);
        });
        return u;
    }

    /// <summary>The grid's positions (x1 excluded, as PDE-FIND's periodic-style data sets) and times (both ends).</summary>
    protected (double[] Xs, double[] Ts) GridOf(TOptions o)
    {
        var (x0, x1, t0, t1) = Domain;
        return (Enumerable.Range(0, o.Nx).Select(i => x0 + (x1 - x0) * i / o.Nx).ToArray(),
            Enumerable.Range(0, o.Nt).Select(j => t0 + (t1 - t0) * j / (o.Nt - 1)).ToArray());
    }

    /// <summary>The simulated data with its noise (the noise seeded by <paramref name="seed"/>).</summary>
    public FieldData Simulate(TOptions o, int seed)
    {
        var (xs, ts) = GridOf(o);
        int nx = o.Nx, nt = o.Nt;
        var points = new double[nx * nt * 2];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < nt; j++)
            {
                int k = i * nt + j;
                points[2 * k] = xs[i]; points[2 * k + 1] = ts[j];
            }
        var u = Sample(o, xs, ts);
        if (o.Noise > 0)
        {
            double mean = u.Average(), std = Math.Sqrt(u.Sum(v => (v - mean) * (v - mean)) / u.Length);
            var rng = new Random(seed + 7919);
            for (int k = 0; k < u.Length; k++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                u[k] += o.Noise * std * g;
            }
        }
        return new FieldData(["x", "t"], "t", ["u"], points, [u]);
    }

    /// <summary>The discovery settings from the module's.</summary>
    public static DiscoveryOptions Options(TOptions o, int seed) => new()
    {
        Order = o.Order, MaxPower = o.MaxPower, Margin = o.Margin, CollocationPoints = o.Collocation,
        UserTerms = o.Terms.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        Formulation = o.Formulation == "weak" ? DiscoveryFormulation.Weak : DiscoveryFormulation.Strong,
        Weak = new WeakFormOptions { HalfWidth = o.WeakWidth, WindowsPerAxis = o.WeakWindows, NodesPerHalfWidth = o.WeakNodes },
        Surrogate = new SurrogateOptions
        {
            Hidden = o.Hidden, Grids = o.Grids, SplineOrder = o.SplineOrder, StepsPerGrid = o.Steps, Smoothness = o.Smoothness,
            MaxTrainPoints = o.TrainPoints, Seed = seed,
        },
        Regression = new SparseRegressionOptions
        {
            Seed = seed, ParsimonyTolerance = o.Parsimony,
            Selection = o.Selection switch { "bic" => ModelSelection.Bic, "heldout" => ModelSelection.HeldOut, _ => ModelSelection.Parsimonious },
        },
    };

    protected override ResultDocument Run(ProblemContext context, TOptions o)
    {
        var data = Simulate(o, context.Seed);
        var result = PdeDiscovery.Run(data, Options(o, context.Seed), line => context.Logger.LogDiscovery(line), context.CancellationToken);
        var errors = DerivativeErrors(result, o);
        var doc = DiscoveryReport.Document(Name, context.Seed, ResultConfig.Json(context, new { pde = Truth.ToString() }), result, [Truth], errors);
        if (context.OutputDirectory is { } dir) DiscoveryReport.Figures(Path.Combine(dir, context.Job.Id), result);
        return doc;
    }

    /// <summary>
    /// The exact solution's derivative of <paramref name="order"/> along <paramref name="axis"/> (0: x, 1: t) at a grid
    /// point: by default seven-point central differences of <see cref="Solution"/> with step <paramref name="h"/>.
    /// </summary>
    protected virtual double ExactDerivative(TOptions o, double x, double t, int axis, int order, double h)
    {
        double F(int k) => axis == 0 ? Solution(x + k * h, t) : Solution(x, t + k * h);
        return order switch
        {
            1 => (-F(-3) + 9 * F(-2) - 45 * F(-1) + 45 * F(1) - 9 * F(2) + F(3)) / (60 * h),
            2 => (2 * F(-3) - 27 * F(-2) + 270 * F(-1) - 490 * F(0) + 270 * F(1) - 27 * F(2) + 2 * F(3)) / (180 * h * h),
            3 => (F(-3) - 8 * F(-2) + 13 * F(-1) - 13 * F(1) + 8 * F(2) - F(3)) / (8 * h * h * h),
            _ => (-F(-3) + 12 * F(-2) - 39 * F(-1) + 56 * F(0) - 39 * F(1) + 12 * F(2) - F(3)) / (6 * h * h * h * h),
        };
    }

    /// <summary>
    /// Relative L2 errors of the surrogate's derivatives at (up to 2,000, evenly spread, of) the collocation points against seven-point
    /// central differences of the exact solution (steps of 1/100 of the grid spacing scaled to the order, far below the
    /// surrogate's own errors).
    /// </summary>
    private Dictionary<string, double> DerivativeErrors(DiscoveryResult r, TOptions o)
    {
        var (x0, x1, t0, t1) = Domain;
        int total = r.Collocation.Length / 2, n = Math.Min(2000, total), stride = total / n; // spread over the whole interior
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        var names = new List<(string Name, int Axis, int Order)> { ("u_t", 1, 1) };
        for (int q = 1; q <= Math.Min(4, o.Order); q++) names.Add(("u_" + new string('x', q), 0, q));
        foreach (var (name, axis, order) in names)
        {
            if (!r.Columns.TryGetValue(name, out var fitted)) continue;
            double h = (axis == 0 ? (x1 - x0) / o.Nx : (t1 - t0) / (o.Nt - 1)) * (order <= 2 ? 0.05 : 0.2);
            double num = 0, den = 0;
            for (int k = 0; k < n; k++)
            {
                int i = k * stride;
                double x = r.Collocation[2 * i], t = r.Collocation[2 * i + 1];
                double exact = ExactDerivative(o, x, t, axis, order, h);
                num += (fitted[i] - exact) * (fitted[i] - exact);
                den += exact * exact;
            }
            result[name] = Math.Sqrt(num / Math.Max(den, 1e-300));
        }
        return result;
    }
}

/// <summary>Logging of discovery progress lines.</summary>
internal static class DiscoveryLogging
{
    public static void LogDiscovery(this Microsoft.Extensions.Logging.ILogger logger, string line)
        => Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "{Line}", line);
}

/// <summary>Settings of <c>discover-burgers</c>: PDE-FIND's library for it (powers of u up to 3).</summary>
internal sealed record BurgersDiscoveryOptions : DiscoveryModuleOptions
{
    public BurgersDiscoveryOptions() { MaxPower = 3; }
}

/// <summary>
/// Viscous Burgers u_t = -u u_x + 0.1 u_xx from a Gaussian (Cole-Hopf, exact), on PDE-FIND's domain x in [-8, 8),
/// t in [0, 10]; discovered back from the samples.
/// </summary>
internal sealed class BurgersDiscovery : DiscoveryModule<BurgersDiscoveryOptions>
{
    public override string Name => "discover-burgers";
    public override string Description => "PDE discovery: Burgers u_t = -u u_x + 0.1 u_xx simulated (Cole-Hopf), then found back from noisy samples";
    protected override (double X0, double X1, double T0, double T1) Domain => (-8, 8, 0, 10);
    protected override double Solution(double x, double t) => DiscoveryData.Burgers(x, t, 0.1);
    protected override KnownPde Truth { get; } = new("u_t", new Dictionary<string, double> { ["u*u_x"] = -1, ["u_xx"] = 0.1 });
}

/// <summary>Settings of <c>discover-kdv</c>.</summary>
internal sealed record KdvDiscoveryOptions : DiscoveryModuleOptions;

/// <summary>KdV u_t = -6 u u_x - u_xxx, the exact two-soliton solution on x in [-20, 20), t in [0, 8]; discovered back.</summary>
internal sealed class KdvDiscovery : DiscoveryModule<KdvDiscoveryOptions>
{
    public override string Name => "discover-kdv";
    public override string Description => "PDE discovery: KdV u_t = -6 u u_x - u_xxx (exact two-soliton), found back from noisy samples";
    protected override (double X0, double X1, double T0, double T1) Domain => (-20, 20, 0, 8);
    protected override double Solution(double x, double t) => DiscoveryData.KdvTwoSoliton(x, t);
    protected override KnownPde Truth { get; } = new("u_t", new Dictionary<string, double> { ["u*u_x"] = -6, ["u_xxx"] = -1 });
}

/// <summary>Settings of <c>discover-advection-diffusion</c>.</summary>
internal sealed record AdvectionDiffusionDiscoveryOptions : DiscoveryModuleOptions;

/// <summary>Advection-diffusion u_t = -u_x + 0.1 u_xx of a Gaussian pulse (exact), x in [-5, 10), t in [0, 5]; discovered back.</summary>
internal sealed class AdvectionDiffusionDiscovery : DiscoveryModule<AdvectionDiffusionDiscoveryOptions>
{
    public override string Name => "discover-advection-diffusion";
    public override string Description => "PDE discovery: advection-diffusion u_t = -u_x + 0.1 u_xx (exact Gaussian pulse), found back from noisy samples";
    protected override (double X0, double X1, double T0, double T1) Domain => (-5, 10, 0, 5);
    protected override double Solution(double x, double t) => DiscoveryData.AdvectionDiffusion(x, t, 1.0, 0.1);
    protected override KnownPde Truth { get; } = new("u_t", new Dictionary<string, double> { ["u_x"] = -1, ["u_xx"] = 0.1 });
}

/// <summary>Settings of <c>discover-ks</c>: derivatives up to u_xxxx, powers of u up to 2.</summary>
internal sealed record KsDiscoveryOptions : DiscoveryModuleOptions
{
    public KsDiscoveryOptions() { Order = 4; }
}

/// <summary>
/// Kuramoto-Sivashinsky u_t = -u u_x - u_xx - u_xxxx on PDE-FIND's periodic domain x in [0, 32 pi), t in [0, 100], from
/// cos(x/16) (1 + sin(x/16)), by our own ETDRK4 spectral solver (<see cref="KuramotoSivashinsky"/>); discovered back.
/// </summary>
internal sealed class KsDiscovery : DiscoveryModule<KsDiscoveryOptions>
{
    private readonly Dictionary<(int, int), KuramotoSivashinsky> _solutions = [];

    public override string Name => "discover-ks";
    public override string Description => "PDE discovery: Kuramoto-Sivashinsky u_t = -u u_x - u_xx - u_xxxx (ETDRK4 spectral solver), found back from noisy samples";
    protected override (double X0, double X1, double T0, double T1) Domain => (0, 32 * Math.PI, 0, 100);
    protected override KnownPde Truth { get; } = new("u_t", new Dictionary<string, double> { ["u*u_x"] = -1, ["u_xx"] = -1, ["u_xxxx"] = -1 });
    protected override double Solution(double x, double t) => throw new NotSupportedException("The KS solution is known on its grid only.");

    /// <summary>The solver's run for the grid (N = a power of two, at least 256, that nx divides; states at the grid's times).</summary>
    private KuramotoSivashinsky Solve(KsDiscoveryOptions o)
    {
        if (o.Nx < 8 || (o.Nx & (o.Nx - 1)) != 0) throw new ArgumentException($"discover-ks needs nx a power of two (the spectral grid), got {o.Nx}.");
        lock (_solutions)
        {
            if (_solutions.TryGetValue((o.Nx, o.Nt), out var known)) return known;
            var (_, ts) = GridOf(o);
            var run = KuramotoSivashinsky.Solve(KuramotoSivashinsky.InitialCondition, Domain.X1, Math.Max(256, o.Nx), 0.05, ts);
            _solutions[(o.Nx, o.Nt)] = run;
            return run;
        }
    }

    protected override double[] Sample(KsDiscoveryOptions o, double[] xs, double[] ts)
    {
        var run = Solve(o);
        int stride = run.X.Length / o.Nx;
        var u = new double[xs.Length * ts.Length];
        for (int j = 0; j < ts.Length; j++)
        {
            var values = run.Derivative(j, 0);
            for (int i = 0; i < xs.Length; i++) u[i * ts.Length + j] = values[i * stride];
        }
        return u;
    }

    protected override double ExactDerivative(KsDiscoveryOptions o, double x, double t, int axis, int order, double h)
    {
        // spectral derivatives at the grid point (collocation points are data points); u_t from the PDE itself
        var run = Solve(o);
        var (xs, ts) = GridOf(o);
        int i = (int)Math.Round((x - xs[0]) / (xs[1] - xs[0])) * (run.X.Length / o.Nx);
        int j = Array.BinarySearch(ts, t);
        if (j < 0) throw new InvalidOperationException($"t = {t} is not a grid time.");
        if (axis == 0) return run.Derivative(j, order)[i];
        double u = run.Derivative(j, 0)[i], ux = run.Derivative(j, 1)[i], uxx = run.Derivative(j, 2)[i], uxxxx = run.Derivative(j, 4)[i];
        return -u * ux - uxx - uxxxx;
    }
}

/// <summary>Settings of <c>discover-allen-cahn</c>: powers of u up to 3 (the cubic reaction), derivatives up to u_xx.</summary>
internal sealed record AllenCahnDiscoveryOptions : DiscoveryModuleOptions
{
    public AllenCahnDiscoveryOptions() { Order = 2; MaxPower = 3; }
    public double Diffusion { get; init; } = 0.001;
}

/// <summary>
/// Allen-Cahn u_t = D u_xx + 5 u - 5 u^3 on [-1, 1) periodic, t in [0, 1], from x^2 cos(pi x): the repository's spectral
/// reference (<see cref="AllenCahnReference"/>, ETDRK4) with D = 0.001 by default (the PINN benchmark's 1e-4 makes
/// fronts thinner than a 256-point grid's spacing); discovered back.
/// </summary>
internal sealed class AllenCahnDiscovery : DiscoveryModule<AllenCahnDiscoveryOptions>
{
    private readonly Dictionary<double, AllenCahnSolution> _solutions = [];
    private AllenCahnSolution? _current;
    private double _diffusion = 0.001;

    public AllenCahnDiscovery()
    {
        Settings = base.Settings.Double("diffusion", o => o.Diffusion, (o, v) => o with { Diffusion = v }, "the diffusion D", above: 0);
    }

    public override SettingsSchema<AllenCahnDiscoveryOptions> Settings { get; }
    public override string Name => "discover-allen-cahn";
    public override string Description => "PDE discovery: Allen-Cahn u_t = D u_xx + 5 u - 5 u^3 (spectral reference), found back from noisy samples";
    protected override (double X0, double X1, double T0, double T1) Domain => (-1, 1, 0, 1);
    protected override KnownPde Truth => new("u_t", new Dictionary<string, double> { ["u_xx"] = _diffusion, ["u"] = 5, ["u^3"] = -5 });

    private AllenCahnSolution Solve(double diffusion)
    {
        lock (_solutions)
        {
            if (!_solutions.TryGetValue(diffusion, out var run))
                _solutions[diffusion] = run = AllenCahnReference.Solve(AllenCahnReference.InitialCondition, 1024, 2.5e-4, 1.0, diffusion,
                    AllenCahnReference.DefaultReaction, AllenCahnReference.DefaultReaction, 20);
            return run;
        }
    }

    protected override double[] Sample(AllenCahnDiscoveryOptions o, double[] xs, double[] ts)
    {
        _diffusion = o.Diffusion;
        _current = Solve(o.Diffusion);
        return _current.EvaluateGrid(xs, ts);
    }

    protected override double Solution(double x, double t) => (_current ?? Solve(_diffusion)).Evaluate(x, t);
}
