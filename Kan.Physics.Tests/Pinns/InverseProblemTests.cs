using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Tests.Pinns;

public class InverseProblemTests
{
    /// <summary>Burgers with both coefficients unknown: u_t + l1 u u_x - l2 u_xx = 0 (jet 6 components + 2 parameters: the 8-wide duals).</summary>
    private sealed class Burgers(double upper = double.PositiveInfinity) : Pde(1, timeDependent: true,
        parameters: [new PdeParameter("l1", 0.7, upper: upper), PdeParameter.Positive("l2", 0.05)])
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt + p.Parameter("l1") * p.U.Value * p.U.Dx - p.Parameter(1) * p.U.Dxx;
    }

    /// <summary>Two fields in 1-D + t (12 jet components + 2 parameters: multi-duals).</summary>
    private sealed class Coupled() : Pde(1, timeDependent: true, fields: 2, equations: 2,
        parameters: [new PdeParameter("a", 0.3, lower: -1, upper: 2), PdeParameter.Positive("b", 1.5)])
    {
        public override void Residuals<T>(PdePoint<T> p, Span<T> r)
        {
            var u = p.Field(0);
            var v = p.Field(1);
            r[0] = u.Dt - p.Parameter("a") * u.Dxx + p.Parameter("b") * v.Value * u.Value;
            r[1] = v.Dt - T.Sin(p.Parameter("b") * u.Value) - v.Dxx * p.Parameter("a") * p.Parameter("a");
        }
    }

    /// <summary>Three fields in 2-D + t (30 jet components + 1 parameter: one dual run per component).</summary>
    private sealed class Wide() : Pde(2, timeDependent: true, fields: 3, parameters: [PdeParameter.Positive("k", 0.8)])
    {
        public override T Residual<T>(PdePoint<T> p)
            => p.Field(0).Dt - p.Parameter(0) * p.Field(0).Laplacian + p.Field(1).Value * p.Field(2).Dy * p.Parameter(0) - Math.Sin(p.X);
    }

    private static double[] Points(int n, int d, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n * d).Select(_ => rng.NextDouble() * 1.6 - 0.8).ToArray();
    }

    /// <summary>The objective's gradient against central differences, for the network parameters (a sample) and all the unknown coefficients' coordinates.</summary>
    private static void CheckGradient(Pde pde, Condition[] conditions, int seed)
    {
        int d = pde.Dimension;
        var points = Points(30, d, seed);
        var problem = new PinnProblem(pde, points, conditions);
        var net = KanNetwork.Create([d, 3, pde.Fields], new KanOptions { GridSize = 4, Seed = seed });
        var loss = new PinnLoss(problem, 1.0);
        var f = loss.Objective(net);
        int n = net.ParameterCount, np = problem.Unknowns.Count;
        var x = new double[n + np];
        net.GetParameters(x.AsSpan(0, n));
        // move the coordinates off their initial values so every slope is exercised away from a special point
        for (int k = 0; k < np; k++) x[n + k] = problem.Unknowns.Theta[k] + 0.1 * (k + 1);
        var g = new double[x.Length];
        f(x, g);
        var scratch = new double[x.Length];
        var indices = Enumerable.Range(0, n).Where(i => i % 7 == 0).Concat(Enumerable.Range(n, np));
        foreach (int i in indices)
        {
            const double h = 1e-6;
            var xp = (double[])x.Clone(); xp[i] += h;
            var xm = (double[])x.Clone(); xm[i] -= h;
            double fd = (f(xp, scratch) - f(xm, scratch)) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"{pde.GetType().Name} coordinate {i} (of {n} network + {np}): analytic {g[i]:R}, central difference {fd:R}");
        }
        Assert.Contains(Enumerable.Range(n, np), i => Math.Abs(g[i]) > 1e-6);
    }

    [Fact]
    public void ParameterGradientsMatchFiniteDifferencesOnEveryDualPath()
    {
        var burgersData = new Observation(Points(12, 2, 5), Enumerable.Range(0, 12).Select(i => Math.Sin(i)).ToArray(), weights: Enumerable.Range(0, 12).Select(i => 0.5 + i % 3).ToArray());
        CheckGradient(new Burgers(), [burgersData], 1);
        CheckGradient(new Burgers(upper: 3), [burgersData], 2); // l1 bounded above
        CheckGradient(new Coupled(), [new Observation(Points(10, 2, 6), new double[10], field: 1, derivative: 0)], 3);
        CheckGradient(new Wide(), [new DirichletCondition(Points(8, 3, 7), _ => 0.2)], 4);
    }

    [Fact]
    public void ReparametrisationsKeepValuesInsideTheirBoundsAndInvert()
    {
        PdeParameter[] all = [new("free", -2.5), PdeParameter.Positive("pos", 3e-3), new("below", 0.4, upper: 1), new("box", 0.2, lower: -1, upper: 0.5)];
        foreach (var q in all)
        {
            Assert.Equal(q.Initial, q.Value(q.Theta(q.Initial)), 12);
            foreach (double theta in new[] { -30.0, -1, 0, 2, 30 })
            {
                double v = q.Value(theta);
                Assert.True(v >= q.Lower && v <= q.Upper, $"{q.Name}: {v} outside [{q.Lower}, {q.Upper}]");
                const double h = 1e-6;
                if (Math.Abs(theta) < 5) Assert.Equal((q.Value(theta + h) - q.Value(theta - h)) / (2 * h), q.Slope(theta), 6);
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => PdeParameter.Positive("nu", 0));
        Assert.Throws<ArgumentException>(() => new PdeParameter("a", 0, lower: 1, upper: 1));
    }

    private sealed class Misread() : Pde(1, parameters: [new PdeParameter("k", 1)])
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx * p.Parameter("kappa");
    }

    [Fact]
    public void AResidualReadingAnUndeclaredParameterIsReportedWhenTheProblemIsBuilt()
    {
        var e = Assert.Throws<UnknownParameterException>(() => new PinnProblem(new Misread(), [0.1, 0.5], []));
        Assert.Contains("'kappa'", e.Message);
        Assert.Contains("0 'k'", e.Message);
    }

    /// <summary>-k u'' = k0 pi^2 sin(pi x) on [0, 1]: with u observed, k is identified as k0.</summary>
    private sealed class Diffusion(double truth) : Pde(1, parameters: [PdeParameter.Positive("k", 1.0)])
    {
        public override T Residual<T>(PdePoint<T> p) => p.Parameter("k") * p.U.Dxx + truth * Math.PI * Math.PI * Math.Sin(Math.PI * p.X);
    }

    [Fact]
    public void ASmallInverseProblemRecoversItsCoefficient()
    {
        const double truth = 0.37;
        var x = Enumerable.Range(0, 60).Select(i => (i + 0.5) / 60).ToArray();
        var data = Enumerable.Range(0, 20).Select(i => (i + 0.25) / 20).ToArray();
        var observation = new Observation(data, data.Select(v => Math.Sin(Math.PI * v)).ToArray());
        var problem = new PinnProblem(new Diffusion(truth), x, [observation]);
        var net = KanNetwork.Create([1, 1], new KanOptions { GridSize = 5, Seed = 2 });
        var result = new PinnSolver(new PinnOptions { GridSchedule = [5, 10], StepsPerGrid = 20 }).Solve(net, problem);
        double k = result.Parameters["k"];
        Assert.True(Math.Abs(k - truth) < 1e-3 * truth, $"identified k = {k:R}, truth {truth}");
        // the history holds every step's value, starting from the initial guess and ending at the identified value
        Assert.All(result.History, r => Assert.True(r.Parameters.ContainsKey("k")));
        Assert.Equal(k, result.History[^1].Parameters["k"]);
        Assert.True(Math.Abs(result.History[0].Parameters["k"] - truth) > Math.Abs(k - truth));
        Assert.Equal(k, problem.ParameterValues["k"]);
    }

    [Fact]
    public void ResumingAnInverseSolveFromACheckpointReproducesTheParameterHistory()
    {
        const double truth = 0.37;
        var x = Enumerable.Range(0, 40).Select(i => (i + 0.5) / 40).ToArray();
        var data = Enumerable.Range(0, 15).Select(i => (i + 0.25) / 15).ToArray();
        PinnProblem Problem() => new(new Diffusion(truth), x, [new Observation(data, data.Select(v => Math.Sin(Math.PI * v)).ToArray())]);
        var options = new PinnOptions { GridSchedule = [5, 8], StepsPerGrid = 6, UpdateGrid = true, GridUpdateEvery = 3 };
        var checkpoints = new List<PinnCheckpoint>();
        var full = new PinnSolver(options).Solve(KanNetwork.Create([1, 1], new KanOptions { GridSize = 5, Seed = 2 }), Problem(), onCheckpoint: checkpoints.Add);
        Assert.NotEmpty(checkpoints);
        var saved = checkpoints[^1];
        var stream = new MemoryStream();
        saved.Save(stream);
        stream.Position = 0;
        var loaded = PinnCheckpoint.Load(stream);
        Assert.Equal(saved.ParameterCoordinates, loaded.ParameterCoordinates);
        var resumed = new PinnSolver(options).Solve(KanNetwork.Create([1, 1], new KanOptions { GridSize = 5, Seed = 2 }), Problem(), resumeFrom: loaded);
        Assert.Equal(full.Parameters["k"], resumed.Parameters["k"]);
        Assert.Equal(full.History.Select(r => r.Parameters["k"]), resumed.History.Select(r => r.Parameters["k"]));
    }

    /// <summary>u' = k on [0, 1]: with a strong PDE term u is a straight line, and k is the slope of a linear regression.</summary>
    private sealed class Slope() : Pde(1, order: 1, parameters: [new PdeParameter("k", 0.0)])
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dx - p.Parameter("k");
    }

    [Fact]
    public void StandardErrorOfALinearSlopeMatchesLinearRegression()
    {
        const int n = 200;
        var rng = new Random(11);
        var x = Enumerable.Range(0, n).Select(i => (i + 0.5) / n).ToArray();
        var y = x.Select(v => 0.3 + 1.7 * v + 0.05 * Gaussian(rng)).ToArray();
        var collocation = Enumerable.Range(0, 50).Select(i => (i + 0.5) / 50).ToArray();
        var problem = new PinnProblem(new Slope(), collocation, [new Observation(x, y)], interiorWeight: 100);
        var net = KanNetwork.Create([1, 1], new KanOptions { GridSize = 3, Seed = 1 });
        var result = new PinnSolver(new PinnOptions { StepsPerGrid = 30 }).Solve(net, problem);
        // ordinary least squares: slope, residual variance (maximum likelihood, as the estimate uses) and the slope's standard error
        double mx = x.Average(), my = y.Average(), sxx = x.Sum(v => (v - mx) * (v - mx));
        double slope = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum() / sxx, intercept = my - slope * mx;
        double sigma2 = x.Zip(y, (a, b) => Math.Pow(b - intercept - slope * a, 2)).Sum() / n;
        double expected = Math.Sqrt(sigma2 / sxx);
        // the PDE term is a penalty, not a constraint: the identified slope sits within a small fraction of a standard error of the regression's
        Assert.True(Math.Abs(result.Parameters["k"] - slope) < 0.05 * expected, $"k = {result.Parameters["k"]:R}, regression slope {slope:R}");
        var estimate = Assert.Single(ParameterUncertainty.Estimate(result.Network, problem));
        Assert.Equal("k", estimate.Name);
        Assert.Equal(result.Parameters["k"], estimate.Value);
        Assert.True(Math.Abs(estimate.StandardError / expected - 1) < 0.03, $"standard error {estimate.StandardError:E4}, linear regression {expected:E4}");
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>-(k u')' = sin x with the coefficient field k as the network's second output, and an unknown scalar scale c on the source.</summary>
    private sealed class FieldDiffusion() : Pde(1, fields: 2, parameters: [PdeParameter.Positive("c", 0.7)])
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            var u = p.Field(0);
            var k = p.Field(1);
            return -(k.Dx * u.Dx + k.Value * u.Dxx) - p.Parameter("c") * Math.Sin(p.X);
        }
    }

    /// <summary>A flux k u' observed at one point: a linear functional of both outputs.</summary>
    private sealed class Flux() : Condition("flux", [0.1], null, 1.0)
    {
        public override int Order => 1;
        public override void Evaluate<T>(PdePoint<T> p, Span<T> r) => r[0] = p.Field(1).Value * p.Field(0).Dx - 0.4;
    }

    [Fact]
    public void CoefficientFieldGradientsMatchFiniteDifferences()
    {
        var rng = new Random(9);
        var observed = Enumerable.Range(0, 10).Select(_ => rng.NextDouble()).ToArray();
        CheckGradient(new FieldDiffusion(), [new Observation(observed, observed.Select(v => v * v).ToArray()), new Flux()], 5);
    }
}

public class CoefficientFieldTests
{
    /// <summary>-(k u')' = c sin x with k a coefficient field (its own network) and c an unknown scalar: 6 jet components + 1 parameter, the 8-wide duals.</summary>
    private sealed class Steady() : Pde(1, parameters: [PdeParameter.Positive("c", 0.7)], coefficients: [new CoefficientField("k", offset: 1.2, gridSize: 4, seed: 3)])
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            var k = p.Coefficient("k");
            return -(k.Dx * p.U.Dx + k.Value * p.U.Dxx) - p.Parameter("c") * Math.Sin(p.X);
        }
    }

    /// <summary>u_t = (k u_x)_x with k(x, t) a field with a hidden layer: 12 jet components + 0 parameters, multi-duals.</summary>
    private sealed class Unsteady() : Pde(1, timeDependent: true, coefficients: [new CoefficientField("k", offset: 0.5, gridSize: 3, hidden: [2], seed: 1)])
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            var k = p.Coefficient("k");
            return p.U.Dt - k.Dx * p.U.Dx - k.Value * p.U.Dxx + k.Dt * p.U.Value;
        }
    }

    /// <summary>Two fields, two coefficient fields, a scalar in 1-D + t: 24 jet components + 1 parameter, one dual run per component.</summary>
    private sealed class Coupled() : Pde(1, timeDependent: true, fields: 2, equations: 2, parameters: [new PdeParameter("a", 0.3)],
        coefficients: [new CoefficientField("k", gridSize: 3), new CoefficientField("q", offset: 0, gridSize: 4, seed: 5)])
    {
        public override void Residuals<T>(PdePoint<T> p, Span<T> r)
        {
            var k = p.Coefficient("k");
            var q = p.Coefficient("q");
            r[0] = p.Field(0).Dt - k.Value * p.Field(0).Dxx - q.Value * p.Field(1).Value;
            r[1] = p.Field(1).Dt - p.Parameter("a") * k.Dx * p.Field(1).Dx + T.Sin(q.Dxx) * p.Field(0).Value;
        }
    }

    /// <summary>A flux k u' observed at one point: a condition reading the coefficient field and the solution.</summary>
    private sealed class Flux() : Condition("flux", [0.1], null, 1.0)
    {
        public override int Order => 1;
        public override void Evaluate<T>(PdePoint<T> p, Span<T> r) => r[0] = p.Coefficient("k").Value * p.U.Dx - 0.4;
    }

    private static double[] Points(int n, int d, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n * d).Select(_ => rng.NextDouble() * 1.6 - 0.8).ToArray();
    }

    /// <summary>The objective's gradient against central differences for a sample of the network's parameters, every scalar coordinate and every coefficient network parameter.</summary>
    private static void CheckGradient(Pde pde, Condition[] conditions, int seed, bool vectorDuals = true)
    {
        int d = pde.Dimension;
        var problem = new PinnProblem(pde, Points(25, d, seed), conditions);
        var net = KanNetwork.Create([d, 3, pde.Fields], new KanOptions { GridSize = 4, Seed = seed });
        var loss = new PinnLoss(problem, 1.0);
        foreach (var t in loss.Terms) t.Residual.UseVectorDuals = vectorDuals;
        var f = loss.Objective(net);
        var unknowns = problem.Unknowns;
        int n = net.ParameterCount, np = unknowns.CoordinateCount;
        Assert.True(np > unknowns.Count, "the coefficient fields add coordinates");
        var x = new double[n + np];
        net.GetParameters(x.AsSpan(0, n));
        // away from the initial values: scalars moved, field networks perturbed so that no spline is near zero
        for (int k = 0; k < np; k++) x[n + k] = unknowns.Theta[k] + (k < unknowns.Count ? 0.1 * (k + 1) : 0.2 * Math.Sin(3.7 * k + 1));
        var g = new double[x.Length];
        f(x, g);
        var scratch = new double[x.Length];
        foreach (int i in Enumerable.Range(0, n).Where(i => i % 9 == 0).Concat(Enumerable.Range(n, np)))
        {
            const double h = 1e-6;
            var xp = (double[])x.Clone(); xp[i] += h;
            var xm = (double[])x.Clone(); xm[i] -= h;
            double fd = (f(xp, scratch) - f(xm, scratch)) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) <= 1e-6 * Math.Max(1, Math.Abs(fd)), $"{pde.GetType().Name} coordinate {i} (of {n} network + {np}): analytic {g[i]:R}, central difference {fd:R}");
        }
        Assert.True(Enumerable.Range(n + unknowns.Count, np - unknowns.Count).Count(i => Math.Abs(g[i]) > 1e-6) > (np - unknowns.Count) / 2, "most coefficient network parameters get a gradient");
    }

    [Fact]
    public void CoefficientFieldGradientsMatchFiniteDifferencesOnEveryDualPath()
    {
        var rng = new Random(4);
        var observed = Enumerable.Range(0, 10).Select(_ => rng.NextDouble()).ToArray();
        CheckGradient(new Steady(), [new Observation(observed, observed.Select(v => v * v).ToArray()), new Flux()], 1);
        CheckGradient(new Steady(), [new Observation(observed, observed.Select(v => v * v).ToArray()), new Flux()], 2, vectorDuals: false);
        CheckGradient(new Unsteady(), [new DirichletCondition(Points(6, 2, 8), p => p[0])], 3);
        CheckGradient(new Coupled(), [new Observation(Points(8, 2, 9), new double[8], field: 1)], 4);
    }

    private sealed class Misread() : Pde(1, coefficients: [new CoefficientField("k")])
    {
        public override T Residual<T>(PdePoint<T> p) => p.Coefficient("kappa").Value * p.U.Dxx;
    }

    [Fact]
    public void AResidualReadingAnUndeclaredCoefficientFieldIsReportedWhenTheProblemIsBuilt()
    {
        var e = Assert.Throws<UnknownParameterException>(() => new PinnProblem(new Misread(), [0.1, 0.5], []));
        Assert.Contains("coefficient field 'kappa'", e.Message);
        Assert.Contains("0 'k'", e.Message);
        Assert.Throws<ArgumentException>(() => new Duplicate());
    }

    private sealed class Duplicate() : Pde(1, parameters: [new PdeParameter("k", 1)], coefficients: [new CoefficientField("k")])
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx;
    }

    /// <summary>-(k u')' = f on [0, 1] with k(x) = 1 + x / 2 and u = x + x^2 / 2 (both splines represent exactly), the flux known at x = 0.</summary>
    private sealed class Linear() : Pde(1, coefficients: [new CoefficientField("k", offset: 1.0, gridSize: 3)])
    {
        public static double K(double x) => 1 + 0.5 * x;
        public static double U(double x) => x + x * x / 2;
        public static double F(double x) => -(0.5 * (1 + x) + K(x));

        public override T Residual<T>(PdePoint<T> p)
        {
            var k = p.Coefficient("k");
            return -(k.Dx * p.U.Dx + k.Value * p.U.Dxx) - F(p.X);
        }
    }

    private sealed class LinearFlux() : Condition("flux", [0.0], null, 1.0)
    {
        public override int Order => 1;
        public override void Evaluate<T>(PdePoint<T> p, Span<T> r) => r[0] = p.Coefficient("k").Value * p.U.Dx - 1;
    }

    [Fact]
    public void ASmallInverseProblemRecoversACoefficientField()
    {
        var x = Enumerable.Range(0, 80).Select(i => (i + 0.5) / 80).ToArray();
        var data = Enumerable.Range(0, 40).Select(i => (i + 0.25) / 40).ToArray();
        var problem = new PinnProblem(new Linear(), x, [new Observation(data, data.Select(Linear.U).ToArray()), new LinearFlux()]);
        var before = problem.CoefficientValues("k", [0.5]);
        Assert.Equal(1.0, before[0], 1); // starts near its offset
        var net = KanNetwork.Create([1, 1], new KanOptions { GridSize = 3, Seed = 1 });
        var result = new PinnSolver(new PinnOptions { GridSchedule = [3], StepsPerGrid = 100 }).Solve(net, problem);
        var mesh = Enumerable.Range(0, 51).Select(i => i / 50.0).ToArray();
        var k = result.CoefficientFields["k"].Evaluate(mesh);
        double error = Math.Sqrt(mesh.Select((v, i) => Math.Pow(k[i] - Linear.K(v), 2)).Sum() / mesh.Sum(v => Linear.K(v) * Linear.K(v)));
        Assert.True(error < 1e-3, $"k's relative L2 error is {error:E3}; loss {result.FinalLoss:E3}, {result.StopHint}, steps {result.History.Count}");
        // the problem reports the identified field too, and the result's copy is independent of it
        Assert.Equal(k, problem.CoefficientValues("k", mesh));
        Assert.Throws<ArgumentException>(() => problem.CoefficientValues("q", mesh));
    }

    [Fact]
    public void StandardErrorsOfScalarsAccountForCoefficientFields()
    {
        // -(k u')' = c sin x with k a field and c a scalar: the field's parameters enter the Gauss-Newton matrix, and c's error is finite and positive
        var rng = new Random(2);
        var observed = Enumerable.Range(0, 30).Select(_ => rng.NextDouble() * 1.6 - 0.8).ToArray();
        var problem = new PinnProblem(new Steady(), Points(40, 1, 5), [new Observation(observed, observed.Select(v => Math.Sin(v) + 0.01 * Math.Cos(40 * v)).ToArray()), new Flux()]);
        var net = KanNetwork.Create([1, 1], new KanOptions { GridSize = 4, Seed = 1 });
        var result = new PinnSolver(new PinnOptions { GridSchedule = [4], StepsPerGrid = 30 }).Solve(net, problem);
        var estimate = Assert.Single(ParameterUncertainty.Estimate(result.Network, problem));
        Assert.Equal("c", estimate.Name);
        Assert.True(double.IsFinite(estimate.StandardError) && estimate.StandardError > 0, $"standard error {estimate.StandardError}");
    }
}
