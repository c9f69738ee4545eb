using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Tests.Networks;
using Kan.Physics.Jets;

namespace Kan.Physics.Tests.Pinns;

public class OutputTransformTests
{
    /// <summary>u(x, t) = sin(x) t^2 + (1 - x^2) exp(t) N: exercises A and B with mixed derivatives.</summary>
    private sealed class Mixed : OutputTransform
    {
        public override T Particular<T>(ReadOnlySpan<T> x, int field) => T.Sin(x[0]) * x[1] * x[1];
        public override T Distance<T>(ReadOnlySpan<T> x, int field) => (1.0 - x[0] * x[0]) * T.Exp(x[1]);
    }

    private sealed class ZeroAtEnds : OutputTransform
    {
        public override T Distance<T>(ReadOnlySpan<T> x, int field) => 1.0 - x[0] * x[0];
    }

    private sealed class Nonlinear() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt + p.U.Value * p.U.Dx - 0.3 * p.U.Dxx + p.U.Dxt - p.X;
    }

    private sealed class Poisson1D() : Pde(1)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + Math.PI * Math.PI * Math.Sin(Math.PI * p.X);
    }

    [Fact]
    public void HyperDualsGiveExactSecondDerivatives()
    {
        // f(x, y) = exp(x y) / (1 + x^2) at (0.3, -0.7)
        static HyperDual F(HyperDual x, HyperDual y) => HyperDual.Exp(x * y) / (1.0 + x * x);
        double x0 = 0.3, y0 = -0.7;
        var fxy = F(new HyperDual(x0, 1, 0, 0), new HyperDual(y0, 0, 1, 0));
        var fxx = F(new HyperDual(x0, 1, 1, 0), new HyperDual(y0, 0, 0, 0));
        double F0(double x, double y) => Math.Exp(x * y) / (1 + x * x);
        const double h = 1e-4;
        double dxy = (F0(x0 + h, y0 + h) - F0(x0 + h, y0 - h) - F0(x0 - h, y0 + h) + F0(x0 - h, y0 - h)) / (4 * h * h);
        double dxx = (F0(x0 + h, y0) - 2 * F0(x0, y0) + F0(x0 - h, y0)) / (h * h);
        Assert.Equal(dxy, fxy.D12, 6);
        Assert.Equal(dxx, fxx.D12, 6);
        Assert.Equal((F0(x0 + h, y0) - F0(x0 - h, y0)) / (2 * h), fxy.D1, 7);
    }

    [Fact]
    public void TransformedJetAndLossGradientMatchFiniteDifferences()
    {
        var rng = new Random(1);
        var net = GradientCheck.RandomNetwork(rng, [2, 3, 1], 5, 3);
        var x = GradientCheck.RandomInputs(rng, 25, 2, -1, 1);
        var transform = new Mixed();
        // jet of u against finite differences of u's values
        GradientCheck.AssertJetMatchesFiniteDifferences((points, order) => transform.Evaluate(net, points, order), x, 2, 5, 1e-6);
        // parameter gradient of the transformed PDE loss
        var problem = new PinnProblem(new Nonlinear(), x, [], transform: transform);
        var loss = new TransformedLossProbe(problem, x);
        var grad = new double[net.ParameterCount];
        net.Evaluate(x, loss.Loss, grad);
        GradientCheck.AssertParameterGradient(net, () => net.Evaluate(x, loss.Loss, default).Loss, grad, 1e-5, 1e-8, "transformed loss");
    }

    /// <summary>The solver's wrapped PDE term, built the way the solver builds it.</summary>
    private sealed class TransformedLossProbe(PinnProblem problem, double[] x)
    {
        public Kan.Physics.Jets.IJetLoss Loss { get; } = new TransformedLoss(
            new ResidualLoss(problem.Pde, x, null, problem.Pde.Dimension, problem.Pde.SpatialDimension, 1), problem.Transform!, x, 2, 1);
    }

    [Fact]
    public void HardBoundaryConditionsHoldExactlyAndThePoissonSolveIsAccurate()
    {
        var x = Enumerable.Range(0, 401).Select(i => -1 + 2.0 * i / 400).ToArray();
        var test = Enumerable.Range(0, 1000).Select(i => -1 + 2.0 * (i + 0.5) / 1000).ToArray();
        var reference = ReferenceSolution.FromFunctions(test, 1, [v => Math.Sin(Math.PI * v[0])]);
        var problem = new PinnProblem(new Poisson1D(), x, [], reference: reference, transform: new ZeroAtEnds());
        var result = new PinnSolver(new PinnOptions { GridSchedule = [5, 10, 20], StepsPerGrid = 30 })
            .Solve(KanNetwork.Create([1, 1], new KanOptions { Seed = 1 }), problem);
        Assert.True(result.Errors!.Value.RelativeL2 < 1e-4, $"relative L2 {result.Errors.Value.RelativeL2:E2}");
        var ends = result.Evaluate([-1.0, 1.0]);
        Assert.Equal(0.0, ends.Value(0, 0));
        Assert.Equal(0.0, ends.Value(1, 0));
    }
}
