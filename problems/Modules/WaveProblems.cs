using Kan.Physics.Networks;
using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Problems.Modules;

internal sealed record Wave1DMultiscaleOptions : RigasOptions
{
    public Wave1DMultiscaleOptions()
    {
        Widths = [2, 8, 8, 1];
        Grids = [5];
        // 50 steps reach rel. L2 8.2e-3 (seeds 0, 1, 2: 8.2e-3, 6.8e-3, 8.6e-3); 80 give margin below 1e-2
        Steps = 80;
        Points = 1024;
    }

    public int Order { get; init; } = 5;
    public double C { get; init; } = 2;
    public int High { get; init; } = 4;
    public double Amplitude { get; init; } = 0.5;
    public double T1 { get; init; } = 1;
    public int March { get; init; } = 8;
    public bool HardBc { get; init; } = true;
    public bool Scale { get; init; } = true;
    public int Fourier { get; init; }
    public bool Characteristic { get; init; }
    public int Boundary { get; init; } = 256;
    public double Alpha { get; init; } = 0.01;
}

/// <summary>
/// A two-mode wave: u_tt = c^2 u_xx on [0,1] x [0,T], u = sin(pi x) cos(c pi t) + a sin(k pi x) cos(k c pi t), zero
/// walls, u_t(x, 0) = 0; c = 2, k = 4, a = 0.5 by default. The default solve marches through time in windows
/// (<see cref="WindowMarchingSolver"/>), carrying value and velocity exactly from one window into the next.
/// </summary>
internal sealed class Wave1DMultiscale : PdeModule<Wave1DMultiscaleOptions>
{
    private sealed class Equation(double c) : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dtt - c * c * p.U.Dxx;
    }

    /// <summary>u = u0(x) + x (1 - x) t^2 N: walls, initial value and zero initial velocity hold by construction (hard_bc=1).</summary>
    private sealed class StartAndWalls(int high, double amplitude) : OutputTransform
    {
        public override T Particular<T>(ReadOnlySpan<T> x, int field) => T.Sin(Math.PI * x[0]) + amplitude * T.Sin(high * Math.PI * x[0]);
        public override T Distance<T>(ReadOnlySpan<T> x, int field) => x[0] * (1.0 - x[0]) * x[1] * x[1];
    }

    /// <summary>Characteristic coordinates (x - c t, x + c t), each scaled onto [-1, 1]: specific to constant-speed 1-D waves.</summary>
    private sealed class Characteristics(double c, double t1) : InputTransform
    {
        public override int Dimension => 2;
        public override int EmbeddedDimension => 2;
        public override void Map<T>(ReadOnlySpan<T> x, Span<T> z)
        {
            double span = 1 + c * t1;
            z[0] = (x[0] - c * x[1] + c * t1) * (2 / span) - 1.0;
            z[1] = (x[0] + c * x[1]) * (2 / span) - 1.0;
        }
    }

    public override string Name => "wave1d-multiscale";
    public override string Description => "two-mode wave u_tt = 4 u_xx, u = sin(pi x) cos(2 pi t) + 0.5 sin(4 pi x) cos(8 pi t), marched in time windows, KAN [2,8,8,1]";

    public override SettingsSchema<Wave1DMultiscaleOptions> Settings { get; } = Rigas.Schema<Wave1DMultiscaleOptions>()
        .Double("c", o => o.C, (o, v) => o with { C = v }, "wave speed", above: 0)
        .Int("high", o => o.High, (o, v) => o with { High = v }, "mode number k of the second mode a sin(k pi x) cos(k c pi t)", min: 1)
        .Double("amplitude", o => o.Amplitude, (o, v) => o with { Amplitude = v }, "amplitude a of the second mode (0: the low mode alone)", min: 0)
        .Double("t1", o => o.T1, (o, v) => o with { T1 = v }, "final time", above: 0)
        .Int("order", o => o.Order, (o, v) => o with { Order = v }, "spline order of the network's edges (5: smooth second derivatives, which the carried windows need)", min: 1, max: 7)
        .Int("march", o => o.March, (o, v) => o with { March = v }, "time marching: K windows solved in turn, value and velocity carried exactly (0 or 1: one solve)")
        .Bool("hard_bc", o => o.HardBc, (o, v) => o with { HardBc = v }, "1: u = u0(x) + x(1-x) t^2 N (walls, initial value and velocity exact); 0: loss terms")
        .Bool("scale", o => o.Scale, (o, v) => o with { Scale = v }, "1: the network sees x and t mapped onto [-1, 1]")
        .Int("fourier", o => o.Fourier, (o, v) => o with { Fourier = v }, "Fourier features: sin/cos of pi f s for f = 1..n on both scaled coordinates (0: off)")
        .Bool("characteristic", o => o.Characteristic, (o, v) => o with { Characteristic = v }, "1: the network sees (x - ct, x + ct) (specific to constant-speed 1-D waves)")
        .Int("boundary", o => o.Boundary, (o, v) => o with { Boundary = v }, "boundary and initial points (hard_bc=0)", min: 1)
        .Double("alpha", o => o.Alpha, (o, v) => o with { Alpha = v }, "weight of the PDE term", above: 0)
        .Rule("fourier", o => o.Fourier == 0 || !o.Characteristic, "cannot be combined with characteristic=1");

    protected override PdeSetup Create(Wave1DMultiscaleOptions s, int seed)
    {
        double c = s.C, a = s.Amplitude, t1 = s.T1;
        int k = s.High;
        var domain = new TimeDomain(new Interval(0, 1), 0, t1);
        double U0(double x) => Math.Sin(Math.PI * x) + a * Math.Sin(k * Math.PI * x);
        var test = Rigas.Mesh(0, 1, 101, 0, t1, 101);
        var reference = ReferenceSolution.FromFunctions(test, 2,
            [p => Math.Sin(Math.PI * p[0]) * Math.Cos(c * Math.PI * p[1]) + a * Math.Sin(k * Math.PI * p[0]) * Math.Cos(k * c * Math.PI * p[1])],
            [[
                p => Math.PI * Math.Cos(Math.PI * p[0]) * Math.Cos(c * Math.PI * p[1]) + a * k * Math.PI * Math.Cos(k * Math.PI * p[0]) * Math.Cos(k * c * Math.PI * p[1]),
                p => -c * Math.PI * Math.Sin(Math.PI * p[0]) * Math.Sin(c * Math.PI * p[1]) - a * k * c * Math.PI * Math.Sin(k * Math.PI * p[0]) * Math.Sin(k * c * Math.PI * p[1]),
            ]]);
        Condition[] conditions = s.HardBc ? [] :
        [
            new DirichletCondition(domain.SampleBoundary(s.Boundary, PointDistribution.Sobol, seed + 1), _ => 0, name: "boundary"),
            new InitialCondition(domain.SampleInitial(s.Boundary, PointDistribution.Sobol, seed + 2), p => U0(p[0])),
            new InitialCondition(domain.SampleInitial(s.Boundary, PointDistribution.Sobol, seed + 3), _ => 0, timeDerivative: true, name: "velocity"),
        ];
        InputTransform? input = s.Characteristic ? new Characteristics(c, t1)
            : s.Fourier > 0 ? new FourierEmbedding([0, 0], [1, t1], Enumerable.Range(1, s.Fourier).Select(f => (double)f).ToArray())
            : s.Scale ? new ScaledEmbedding([0, 0], [1, t1]) : null;
        var problem = new PinnProblem(new Equation(c), Rigas.Interior(domain, s, seed), conditions, s.Alpha, reference,
            transform: s.HardBc ? new StartAndWalls(k, a) : null, input: input);
        int[] widths = [input?.EmbeddedDimension ?? 2, .. s.Widths[1..]];
        var network = KanNetwork.Create(widths, new KanOptions { GridSize = s.Grids[0], Order = s.Order, Seed = seed });
        return new PdeSetup(problem, network, Rigas.Options(s, domain, seed))
        {
            CoordinateNames = ["x", "t"], GridShape = [101, 101],
            Marching = s.March > 1 ? new WindowMarchingOptions(s.March, 0, t1) { TimeDerivatives = 2 } : null,
        };
    }
}
