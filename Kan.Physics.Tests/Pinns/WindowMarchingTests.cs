using Kan.Physics.Networks;
using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Tests.Networks;
using Xunit.Abstractions;

namespace Kan.Physics.Tests.Pinns;

public class WindowMarchingTests(ITestOutputHelper output)
{
    /// <summary>u = cos(pi x) + x t N: a problem transform with curvature, so every product-rule term is exercised.</summary>
    private sealed class Shift : OutputTransform
    {
        public override T Particular<T>(ReadOnlySpan<T> x, int field) => T.Cos(Math.PI * x[0]);
        public override T Distance<T>(ReadOnlySpan<T> x, int field) => x[0] * x[1] + 0.5;
    }

    private sealed class Wave(double c) : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dtt - c * c * p.U.Dxx;
    }

    private sealed class Heat() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - 0.1 * p.U.Dxx;
    }

    /// <summary>Three windows on [0, 1.5] with random networks, seeing (x, t) scaled onto [-1, 1] after the window's stretch.</summary>
    private static MarchedSolution Solution(int derivatives, OutputTransform? transform, int windows = 3, int seed = 7)
    {
        var rng = new Random(seed);
        var marching = new WindowMarchingOptions(windows, 0, 1.5);
        var scaled = new ScaledEmbedding([-1, 0], [1, 1.5]);
        var networks = Enumerable.Range(0, windows).Select(_ => GradientCheck.RandomNetwork(rng, [2, 3, 1], 5, 3)).ToList();
        var inputs = Enumerable.Range(0, windows).Select(k => (InputTransform)new WindowInput(scaled, 2, marching, k)).ToList();
        return new MarchedSolution(marching, derivatives, 2, 1, networks, inputs, transform);
    }

    /// <summary>Points inside the windows, away from their ends (where the formula changes).</summary>
    private static double[] Inside(Random rng, int n, int windows, double end)
    {
        var x = new double[2 * n];
        double h = end / windows;
        for (int s = 0; s < n; s++)
        {
            x[2 * s] = rng.NextDouble() * 1.8 - 0.9;
            x[2 * s + 1] = (s % windows + 0.05 + 0.9 * rng.NextDouble()) * h;
        }
        return x;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(2, true)]
    public void MarchedJetsMatchFiniteDifferences(int derivatives, bool withTransform)
    {
        var solution = Solution(derivatives, withTransform ? new Shift() : null);
        var x = Inside(new Random(11), 12, 3, 1.5);
        var u2 = solution.Evaluate(x, 2);
        var u0 = solution.Evaluate(x, 0);
        for (int s = 0; s < 12; s++) Assert.Equal(u0.Value(s, 0), u2.Value(s, 0), 12);
        GradientCheck.AssertJetMatchesFiniteDifferences(solution.Evaluate, x, 2, 12, 2e-5);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ValueAndCarriedDerivativesAreContinuousAcrossWindows(int derivatives)
    {
        var solution = Solution(derivatives, new Shift(), windows: 4);
        const double eps = 1e-11;
        foreach (double tk in new[] { 0.375, 0.75, 1.125 })
            foreach (double xv in new[] { -0.7, 0.1, 0.8 })
            {
                var before = solution.Evaluate([xv, tk - eps], 2);
                var after = solution.Evaluate([xv, tk + eps], 2);
                Assert.Equal(before.Value(0, 0), after.Value(0, 0), 1e-6);
                Assert.Equal(before.Gradient(0, 0, 0), after.Gradient(0, 0, 0), 1e-6);
                Assert.Equal(before.Hessian(0, 0, 0, 0), after.Hessian(0, 0, 0, 0), 1e-5);
                if (derivatives == 2) Assert.Equal(before.Gradient(0, 0, 1), after.Gradient(0, 0, 1), 1e-5);
            }
        // the time derivative jumps at the window ends when only the value is carried
        var jump = Solution(1, null, windows: 4);
        double left = jump.Evaluate([0.1, 0.75 - eps], 1).Gradient(0, 0, 1), right = jump.Evaluate([0.1, 0.75 + eps], 1).Gradient(0, 0, 1);
        Assert.True(Math.Abs(left - right) > 1e-3, $"u_t {left} and {right}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void WindowTransformAroundTheWindowNetworkIsTheMarchedSolution(int derivatives)
    {
        var full = Solution(derivatives, new Shift());
        var marching = new WindowMarchingOptions(3, 0, 1.5);
        var x = Inside(new Random(13), 9, 3, 1.5);
        for (int k = 0; k < 3; k++)
        {
            var carried = new MarchedSolution(marching, derivatives, 2, 1, full.Networks.Take(k).ToList(),
                Enumerable.Range(0, k).Select(j => (InputTransform)new WindowInput(new ScaledEmbedding([-1, 0], [1, 1.5]), 2, marching, j)).ToList(), new Shift());
            var input = new WindowInput(new ScaledEmbedding([-1, 0], [1, 1.5]), 2, marching, k);
            var points = Enumerable.Range(0, 9).Where(s => full.WindowOf(x[2 * s + 1]) == k).SelectMany(s => new[] { x[2 * s], x[2 * s + 1] }).ToArray();
            var viaTransform = InputTransform.Solution(full.Networks[k], points, 2, input, new WindowTransform(carried, k));
            var direct = full.Evaluate(points, 2);
            for (int s = 0; s < points.Length / 2; s++)
            {
                Assert.Equal(direct.Value(s, 0), viaTransform.Value(s, 0), 10);
                for (int a = 0; a < 2; a++)
                {
                    Assert.Equal(direct.Gradient(s, 0, a), viaTransform.Gradient(s, 0, a), 9);
                    for (int b = a; b < 2; b++) Assert.Equal(direct.Hessian(s, 0, a, b), viaTransform.Hessian(s, 0, a, b), 8);
                }
            }
        }
    }

    [Fact]
    public void DetectsTheTimeOrderOfThePde()
    {
        var points = new TimeDomain(new Interval(0, 1), 0, 1).SampleInterior(16, PointDistribution.Sobol, 1);
        Assert.Equal(2, WindowMarchingSolver.DetectTimeDerivatives(new PinnProblem(new Wave(2), points, [])));
        Assert.Equal(1, WindowMarchingSolver.DetectTimeDerivatives(new PinnProblem(new Heat(), points, [])));
    }

    [Fact]
    public void FourierFeatureJetsMatchFiniteDifferences()
    {
        var rng = new Random(3);
        var map = new FourierEmbedding([0, 0], [1, 2], [1, 3]);
        Assert.Equal(10, map.EmbeddedDimension);
        var net = GradientCheck.RandomNetwork(rng, [map.EmbeddedDimension, 3, 1], 5, 3);
        var x = GradientCheck.RandomInputs(rng, 10, 2, 0.1, 0.9);
        GradientCheck.AssertJetMatchesFiniteDifferences((points, order) => map.Evaluate(net, points, order), x, 2, 6, 2e-5);
        var z = map.Embed([0.25, 0.5]);
        Assert.Equal(-0.5, z[0], 12); Assert.Equal(-0.5, z[1], 12);
        Assert.Equal(Math.Sin(-0.5 * Math.PI), z[2], 12); Assert.Equal(Math.Cos(-1.5 * Math.PI), z[5], 12);
    }

    /// <summary>u = u0(x) + x (1 - x) t^2 N: walls, initial value and zero initial velocity exact.</summary>
    private sealed class StartAndWalls(int high, double amplitude) : OutputTransform
    {
        public override T Particular<T>(ReadOnlySpan<T> x, int field) => T.Sin(Math.PI * x[0]) + amplitude * T.Sin(high * Math.PI * x[0]);
        public override T Distance<T>(ReadOnlySpan<T> x, int field) => x[0] * (1.0 - x[0]) * x[1] * x[1];
    }

    /// <summary>
    /// A small two-mode wave, u = sin(pi x) cos(2 pi t) + 0.5 sin(2 pi x) cos(4 pi t) on [0,1]^2 with walls and initial
    /// values built in: marching through 4 windows beats one solve with the same network and steps by far (measured:
    /// 2.4e-2 against 0.43).
    /// </summary>
    [Fact]
    public void MarchingBeatsOneSolveOnATwoModeWave()
    {
        const int high = 2;
        var domain = new TimeDomain(new Interval(0, 1), 0, 1);
        var test = Box.Mesh([0, 0], [1, 1], [21, 21], includeBoundary: true);
        var reference = ReferenceSolution.FromFunctions(test, 2,
            [p => Math.Sin(Math.PI * p[0]) * Math.Cos(2 * Math.PI * p[1]) + 0.5 * Math.Sin(high * Math.PI * p[0]) * Math.Cos(high * 2 * Math.PI * p[1])]);
        PinnProblem Problem() => new(new Wave(2), domain.SampleInterior(256, PointDistribution.Sobol, 1), [], 0.01, reference,
            transform: new StartAndWalls(high, 0.5), input: new ScaledEmbedding([0, 0], [1, 1]));
        KanNetwork Network() => KanNetwork.Create([2, 5, 5, 1], new KanOptions { GridSize = 5, Order = 5, Seed = 0 });
        var options = new PinnOptions { StepsPerGrid = 10, UpdateGrid = false, Seed = 0 };
        var one = new PinnSolver(options).Solve(Network(), Problem());
        var marched = new WindowMarchingSolver(options, new WindowMarchingOptions(4, 0, 1)).Solve(Network(), Problem());
        output.WriteLine($"one solve {one.Errors!.Value.RelativeL2:E2}, marched {marched.Errors!.Value.RelativeL2:E2}");
        Assert.Equal(4, marched.Windows!.Count);
        Assert.Equal(2, marched.Marched!.TimeDerivatives);
        Assert.True(marched.Errors!.Value.RelativeL2 < 0.1 * one.Errors!.Value.RelativeL2,
            $"marched {marched.Errors!.Value.RelativeL2:E2} against one solve {one.Errors!.Value.RelativeL2:E2}");
        // the history numbers every window's steps on, and the result evaluates the marched solution
        Assert.Equal(Enumerable.Range(1, marched.History.Count), marched.History.Select(r => r.Step));
        var values = marched.Evaluate(test);
        var errors = ErrorMetrics.Compute(Enumerable.Range(0, reference.Count).Select(s => values.Value(s, 0)).ToArray(), null, reference);
        Assert.Equal(marched.Errors!.Value.RelativeL2, errors.RelativeL2, 12);
    }
}
