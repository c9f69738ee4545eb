using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Tests.Pinns;

public class IntegralObservationTests
{
    /// <summary>u_t + l1 u u_x - l2 u_xx = 0 with both coefficients unknown (the 8-wide duals).</summary>
    private sealed class Burgers() : Pde(1, timeDependent: true, parameters: [new PdeParameter("l1", 0.7), PdeParameter.Positive("l2", 0.05)])
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt + p.Parameter("l1") * p.U.Value * p.U.Dx - p.Parameter(1) * p.U.Dxx;
    }

    /// <summary>-(k u')' = c sin x with k a coefficient field and c a scalar.</summary>
    private sealed class Steady() : Pde(1, parameters: [PdeParameter.Positive("c", 0.7)], coefficients: [new CoefficientField("k", offset: 1.2, gridSize: 4, seed: 3)])
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            var k = p.Coefficient("k");
            return -(k.Dx * p.U.Dx + k.Value * p.U.Dxx) - p.Parameter("c") * Math.Sin(p.X);
        }
    }

    /// <summary>A total flux, integral of k u' over a segment: an integrand reading the coefficient field and u's derivative.</summary>
    private sealed class TotalFlux(double[] points, double[] weights, double value) : IntegralObservation(points, weights, value, name: "total_flux")
    {
        public override int Order => 1;
        protected override T Integrand<T>(PdePoint<T> p) => p.Coefficient("k").Value * p.U.Dx;
    }

    /// <summary>u = x^2 + 1 on the output: a hard constraint the coefficient field must see through.</summary>
    private sealed class Lift : OutputTransform
    {
        public override T Particular<T>(ReadOnlySpan<T> x, int field) => x[0] * x[0] + T.Constant(1);
        public override T Distance<T>(ReadOnlySpan<T> x, int field) => x[0] + T.Constant(2);
    }

    private static double[] Points(int n, int d, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n * d).Select(_ => rng.NextDouble() * 1.6 - 0.8).ToArray();
    }

    /// <summary>Midpoint rule on [a, b] with n points: the points and the weights (b - a) / n, or 1 / n for a mean.</summary>
    private static (double[] Points, double[] Weights) Midpoints(double a, double b, int n, bool mean = false)
        => (Enumerable.Range(0, n).Select(i => a + (b - a) * (i + 0.5) / n).ToArray(), Enumerable.Repeat(mean ? 1.0 / n : (b - a) / n, n).ToArray());

    /// <summary>The objective's gradient against central differences: a sample of the network's parameters and every unknown coordinate.</summary>
    private static void CheckGradient(PinnProblem problem, KanNetwork net, int every = 7)
    {
        var loss = new PinnLoss(problem, 1.0);
        var f = loss.Objective(net);
        var unknowns = problem.Unknowns;
        int n = net.ParameterCount, np = unknowns.CoordinateCount;
        var x = new double[n + np];
        net.GetParameters(x.AsSpan(0, n));
        for (int k = 0; k < np; k++) x[n + k] = unknowns.Theta[k] + (k < unknowns.Count ? 0.1 * (k + 1) : 0.2 * Math.Sin(3.7 * k + 1));
        var g = new double[x.Length];
        double value = f(x, g);
        Assert.True(value > 0);
        var scratch = new double[x.Length];
        foreach (int i in Enumerable.Range(0, n).Where(i => i % every == 0).Concat(Enumerable.Range(n, np)))
        {
            const double h = 1e-6;
            var xp = (double[])x.Clone(); xp[i] += h;
            var xm = (double[])x.Clone(); xm[i] -= h;
            double fd = (f(xp, scratch) - f(xm, scratch)) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"coordinate {i} (of {n} network + {np}): analytic {g[i]:R}, central difference {fd:R}");
        }
        Assert.Contains(Enumerable.Range(n, np), i => Math.Abs(g[i]) > 1e-6);
    }

    [Fact]
    public void ItsTermIsTheWeightedMeanSquareOfTheFunctionalResiduals()
    {
        // two functionals on one point set: the mean of u over four points and the integral of u_x over three others
        var points = Points(7, 2, 3);
        var q = new[] { 0.25, 0.25, 0.25, 0.25, 0.3, 0.5, 0.2 };
        int[] groups = [0, 0, 0, 0, 1, 1, 1];
        var observation = new IntegralObservation(points, q, [0.4, -0.2], groups, derivative: 0, weight: 3);
        var problem = new PinnProblem(new Burgers(), Points(10, 2, 1), [observation]);
        var net = KanNetwork.Create([2, 3, 1], new KanOptions { GridSize = 4, Seed = 2 });
        var jet = net.ForwardJet(points, 1);
        double r0 = -0.4, r1 = 0.2;
        for (int i = 0; i < 7; i++)
            if (groups[i] == 0) r0 += q[i] * jet.Gradient(i, 0, 0);
            else r1 += q[i] * jet.Gradient(i, 0, 0);
        var (_, terms) = new PinnLoss(problem, 1.0).Values(net);
        Assert.Equal(3 * (r0 * r0 + r1 * r1) / 2, terms["integral"], 12);
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        // scalars: a mean of u over a segment at t = 0.3 and the integral of u_x over two segments at two times, with pointwise data
        var (xs, w) = Midpoints(-0.8, 0.6, 12, mean: true);
        var mean = new IntegralObservation(xs.SelectMany(x => new[] { x, 0.3 }).ToArray(), w, 0.25);
        var (xd, wd) = Midpoints(-0.5, 0.5, 6);
        var flux = new IntegralObservation(xd.SelectMany(x => new[] { x, 0.1 }).Concat(xd.SelectMany(x => new[] { x, 0.7 })).ToArray(),
            wd.Concat(wd).ToArray(), [0.1, -0.3], [.. Enumerable.Repeat(0, 6), .. Enumerable.Repeat(1, 6)], derivative: 0, weight: 2, name: "flux");
        var data = new Observation(Points(8, 2, 5), Enumerable.Range(0, 8).Select(i => Math.Sin(i)).ToArray());
        CheckGradient(new PinnProblem(new Burgers(), Points(30, 2, 1), [data, mean, flux]), KanNetwork.Create([2, 3, 1], new KanOptions { GridSize = 4, Seed = 1 }));

        // a coefficient field inside the integrand: a total flux of k u' and a scalar
        var (xf, wf) = Midpoints(-0.6, 0.7, 9);
        var observed = Points(10, 1, 4);
        CheckGradient(new PinnProblem(new Steady(), Points(25, 1, 2), [new Observation(observed, observed.Select(v => v * v).ToArray()), new TotalFlux(xf, wf, 0.8)]),
            KanNetwork.Create([1, 3, 1], new KanOptions { GridSize = 4, Seed = 2 }), every: 5);
        // the same through a hard constraint on the output and through an input embedding
        CheckGradient(new PinnProblem(new Steady(), Points(25, 1, 2), [new Observation(observed, observed.Select(v => v * v).ToArray()), new TotalFlux(xf, wf, 0.8)],
            transform: new Lift()), KanNetwork.Create([1, 3, 1], new KanOptions { GridSize = 4, Seed = 2 }), every: 5);
        CheckGradient(new PinnProblem(new Steady(), Points(25, 1, 2), [new Observation(observed, observed.Select(v => v * v).ToArray()), new TotalFlux(xf, wf, 0.8)],
            input: new ScaledEmbedding([-2.0], [0.5])), KanNetwork.Create([1, 3, 1], new KanOptions { GridSize = 4, Seed = 2 }), every: 5);
    }

    /// <summary>-u'' = c pi^2 sin(pi x) on [0, 1] with u(0) = u(1) = 0: u = c sin(pi x) for every c, so c needs a measurement.</summary>
    private sealed class Scaled() : Pde(1, parameters: [PdeParameter.Positive("c", 1.0)])
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + p.Parameter("c") * Math.PI * Math.PI * Math.Sin(Math.PI * p.X);
    }

    [Fact]
    public void AMeanValueAloneIdentifiesAScalar()
    {
        const double truth = 0.6;
        var x = Enumerable.Range(0, 60).Select(i => (i + 0.5) / 60).ToArray();
        var ends = new DirichletCondition([0.0, 1.0], _ => 0, name: "ends");
        // the measured mean of u over [0, 1] (2 c / pi), by the midpoint rule on 50 points (its error about 2e-4 relative)
        var (xs, w) = Midpoints(0, 1, 50, mean: true);
        var mean = new IntegralObservation(xs, w, 2 * truth / Math.PI, name: "mean");
        var options = new PinnOptions { GridSchedule = [5, 10], StepsPerGrid = 40 };
        var result = new PinnSolver(options).Solve(KanNetwork.Create([1, 1], new KanOptions { GridSize = 5, Seed = 1 }), new PinnProblem(new Scaled(), x, [ends, mean]));
        double c = result.Parameters["c"];
        Assert.True(Math.Abs(c - truth) < 2e-3 * truth, $"identified c = {c:R}, truth {truth}");
        Assert.Contains("mean", result.History[^1].Terms.Keys);
        // without it the PDE and the boundary values hold for any c: c stays where it started
        var unidentified = new PinnSolver(options).Solve(KanNetwork.Create([1, 1], new KanOptions { GridSize = 5, Seed = 1 }), new PinnProblem(new Scaled(), x, [ends]));
        Assert.True(Math.Abs(unidentified.Parameters["c"] - truth) > 0.1, $"c = {unidentified.Parameters["c"]:R} without the mean");

        // its Gauss-Newton row is the functional's derivative: with a pointwise observation the standard error is finite
        var data = Enumerable.Range(0, 10).Select(i => (i + 0.5) / 10).ToArray();
        var problem = new PinnProblem(new Scaled(), x, [ends, mean, new Observation(data, data.Select(v => truth * Math.Sin(Math.PI * v) + 0.001 * Math.Cos(37 * v)).ToArray())]);
        var fit = new PinnSolver(options).Solve(KanNetwork.Create([1, 1], new KanOptions { GridSize = 5, Seed = 1 }), problem);
        var estimate = Assert.Single(ParameterUncertainty.Estimate(fit.Network, problem));
        Assert.True(double.IsFinite(estimate.StandardError) && estimate.StandardError > 0 && estimate.StandardError < 0.05, $"standard error {estimate.StandardError}");
    }

    [Fact]
    public void JacobianRowsOfAFunctionalAreItsDerivatives()
    {
        var (xs, w) = Midpoints(0.1, 0.9, 8);
        var integral = new IntegralObservation(xs.Concat(xs).ToArray(), w.Concat(w).ToArray(), [0.3, 0.5], [.. Enumerable.Repeat(0, 8), .. Enumerable.Repeat(1, 8)], derivative: 0);
        var problem = new PinnProblem(new Scaled(), Enumerable.Range(0, 20).Select(i => (i + 0.5) / 20).ToArray(), [integral]);
        var net = KanNetwork.Create([1, 2, 1], new KanOptions { GridSize = 4, Seed = 3 });
        var loss = new PinnLoss(problem, 1.0);
        var term = loss.Terms.Single(t => t.Name == "integral");
        var rows = new List<(int J, double[] Row, double Squared)>();
        loss.Rows(net, term, (j, row, squared) => rows.Add((j, (double[])row.Clone(), squared)));
        Assert.Equal([0, 1], rows.Select(r => r.J));
        int n = net.ParameterCount;
        var p = new double[n];
        net.GetParameters(p);
        double R(int j, double[] parameters)
        {
            var copy = net.Clone();
            copy.SetParameters(parameters);
            var jet = copy.ForwardJet(integral.Points, 1);
            return Enumerable.Range(0, 16).Where(i => integral.Groups[i] == j).Sum(i => w[i % 8] * jet.Gradient(i, 0, 0)) - integral.Values[j];
        }
        foreach (var (j, row, squared) in rows)
        {
            Assert.Equal(R(j, p) * R(j, p), squared, 12);
            foreach (int i in Enumerable.Range(0, n).Where(i => i % 3 == 0))
            {
                const double h = 1e-6;
                var pp = (double[])p.Clone(); pp[i] += h;
                var pm = (double[])p.Clone(); pm[i] -= h;
                Assert.Equal((R(j, pp) - R(j, pm)) / (2 * h), row[i], 6);
            }
        }
    }

    [Fact]
    public void BadDefinitionsAreRefused()
    {
        double[] x = [0.1, 0.2, 0.3];
        Assert.Contains("3 quadrature weights", Assert.Throws<ArgumentException>(() => new IntegralObservation([0.1, 0.2], [1, 1, 1], 0.0)).Message);
        Assert.Contains("quadrature weight 1 is NaN", Assert.Throws<ArgumentException>(() => new IntegralObservation(x, [1, double.NaN, 1], 0.0)).Message);
        Assert.Contains("need groups", Assert.Throws<ArgumentException>(() => new IntegralObservation(x, [1, 1, 1], [0.0, 1.0], null)).Message);
        Assert.Contains("point 2 belongs to functional 2", Assert.Throws<ArgumentException>(() => new IntegralObservation(x, [1, 1, 1], [0.0, 1.0], [0, 1, 2])).Message);
        Assert.Contains("functional 1 has no points", Assert.Throws<ArgumentException>(() => new IntegralObservation(x, [1, 1, 1], [0.0, 1.0], [0, 0, 0])).Message);
        Assert.Contains("value 0 is Infinity", Assert.Throws<ArgumentException>(() => new IntegralObservation(x, [1, 1, 1], double.PositiveInfinity)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntegralObservation(x, [1, 1, 1], 0.0, derivative: 1));
    }

    [Fact]
    public void WindowMarchingCannotSplitAFunctional()
    {
        var points = new double[] { 0.5, 0.1, 0.5, 0.9 };
        var integral = new IntegralObservation(points, [0.5, 0.5], 0.2);
        var problem = new PinnProblem(new HeatKnown(), Points(20, 2, 1).Select(Math.Abs).ToArray(), [integral]);
        var solver = new WindowMarchingSolver(new PinnOptions { GridSchedule = [3], StepsPerGrid = 1 }, new WindowMarchingOptions(2, 0, 1));
        var e = Assert.Throws<ArgumentException>(() => solver.Solve(KanNetwork.Create([2, 1], new KanOptions { GridSize = 3 }), problem));
        Assert.Contains("'integral' has points in more than one time window", e.Message);
    }

    /// <summary>u_t = k u_xx with k unknown.</summary>
    private sealed class Heat() : Pde(1, timeDependent: true, parameters: [PdeParameter.Positive("kappa", 1)])
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - p.Parameter("kappa") * p.U.Dxx;
    }

    [Fact]
    public void WindowMarchingRefusesUnknownCoefficients()
    {
        // each window is a problem of its own: a coefficient would be identified once per window, so it is refused
        var problem = new PinnProblem(new Heat(), Points(20, 2, 1).Select(Math.Abs).ToArray(), [new Observation([0.5, 0.5], [0.1])]);
        var solver = new WindowMarchingSolver(new PinnOptions { GridSchedule = [3], StepsPerGrid = 1 }, new WindowMarchingOptions(2, 0, 1));
        var e = Assert.Throws<ArgumentException>(() => solver.Solve(KanNetwork.Create([2, 1], new KanOptions { GridSize = 3 }), problem));
        Assert.Contains("unknown coefficients (kappa)", e.Message);
    }

    private sealed class HeatKnown() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - p.U.Dxx;
    }
}
