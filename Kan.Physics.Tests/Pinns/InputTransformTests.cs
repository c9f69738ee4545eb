using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Tests.Networks;
using Kan.Physics.Jets;

namespace Kan.Physics.Tests.Pinns;

public class InputTransformTests
{
    /// <summary>A map with curvature in both coordinates and a mixed term, so every chain-rule term is exercised.</summary>
    private sealed class Curved : InputTransform
    {
        public override int Dimension => 2;
        public override int EmbeddedDimension => 3;
        public override void Map<T>(ReadOnlySpan<T> x, Span<T> z)
        {
            z[0] = T.Sin(x[0] * 1.3) * x[1];
            z[1] = x[0] * x[0] - 0.5 * x[1];
            z[2] = T.Tanh(x[1] + 0.4 * x[0]);
        }
    }

    private sealed class Nonlinear() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt + p.U.Value * p.U.Dx - 0.3 * p.U.Dxx + p.U.Dxt - p.X;
    }

    private sealed class Heat() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - 0.1 * p.U.Dxx;
    }

    private sealed class Shift : OutputTransform
    {
        public override T Particular<T>(ReadOnlySpan<T> x, int field) => T.Cos(Math.PI * x[0]);
        public override T Distance<T>(ReadOnlySpan<T> x, int field) => x[1];
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void EmbeddedJetMatchesFiniteDifferences(int kind)
    {
        var rng = new Random(3);
        InputTransform map = kind switch
        {
            0 => new Curved(),
            1 => new PeriodicEmbedding(2, axis: 0),
            2 => new PeriodicEmbedding(2, axis: 0, lower: [-1, 0], upper: [1, 1]),
            _ => new ScaledEmbedding([-1, -1], [1.2, 0.9]),
        };
        var net = GradientCheck.RandomNetwork(rng, [map.EmbeddedDimension, 3, 1], 5, 3);
        var x = GradientCheck.RandomInputs(rng, 20, 2, -0.9, 0.9);
        var u2 = map.Evaluate(net, x, 2);
        var u0 = map.Evaluate(net, x, 0);
        for (int s = 0; s < 6; s++) Assert.Equal(u0.Value(s, 0), u2.Value(s, 0), 12);
        GradientCheck.AssertJetMatchesFiniteDifferences((points, order) => map.Evaluate(net, points, order), x, 2, 6, 1e-6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EmbeddedLossGradientMatchesFiniteDifferences(bool withOutputTransform)
    {
        var rng = new Random(5);
        var net = GradientCheck.RandomNetwork(rng, [3, 3, 1], 5, 3);
        var x = GradientCheck.RandomInputs(rng, 25, 2, -1, 1);
        var map = new Curved();
        var problem = new PinnProblem(new Nonlinear(), x, [], transform: withOutputTransform ? new Shift() : null, input: map);
        // the curved map makes the loss large (thousands); a small weight keeps the finite differences' rounding below the tolerance
        IJetLoss inner = new ResidualLoss(problem.Pde, x, null, 2, 1, 1, weight: 1e-3);
        if (withOutputTransform) inner = new TransformedLoss((ResidualLoss)inner, problem.Transform!, x, 2, 1);
        var loss = new EmbeddedLoss(inner, map, x);
        var z = problem.NetworkInputs(x);
        var grad = new double[net.ParameterCount];
        net.Evaluate(z, loss, grad);
        GradientCheck.AssertParameterGradient(net, () => net.Evaluate(z, loss, default).Loss, grad, 1e-5, 1e-8, "embedded loss");
    }

    [Fact]
    public void PeriodicEmbeddingIsExactlyPeriodicAfterTraining()
    {
        // heat equation on [-1, 1] periodic, u(x, 0) = cos(pi x): u = exp(-0.1 pi^2 t) cos(pi x)
        var domain = new Kan.Physics.Solvers.Geometry.TimeDomain(new Kan.Physics.Solvers.Geometry.Interval(-1, 1), 0, 1);
        var x = domain.SampleInterior(400, Kan.Physics.Solvers.Geometry.PointDistribution.Sobol, 1);
        var test = Enumerable.Range(0, 21).SelectMany(i => Enumerable.Range(0, 11).SelectMany(j => new[] { -1 + 0.1 * i, 0.1 * j })).ToArray();
        var reference = ReferenceSolution.FromFunctions(test, 2, [p => Math.Exp(-0.1 * Math.PI * Math.PI * p[1]) * Math.Cos(Math.PI * p[0])]);
        var problem = new PinnProblem(new Heat(), x, [], reference: reference, transform: new Shift(), input: new PeriodicEmbedding(2, axis: 0));
        var result = new PinnSolver(new PinnOptions { GridSchedule = [5], StepsPerGrid = 15, UpdateGrid = true })
            .Solve(KanNetwork.Create([3, 3, 1], new KanOptions { Seed = 1 }), problem);
        Assert.True(result.Errors!.Value.RelativeL2 < 2e-2, $"relative L2 {result.Errors.Value.RelativeL2:E2}");
        var ends = result.Evaluate([-1.0, 0.37, 1.0, 0.37], 2);
        Assert.Equal(ends.Value(0, 0), ends.Value(1, 0), 12);
        Assert.Equal(ends.Gradient(0, 0, 0), ends.Gradient(1, 0, 0), 10);
        Assert.Equal(ends.Hessian(0, 0, 0, 0), ends.Hessian(1, 0, 0, 0), 9);
    }

    [Fact]
    public void ScaledEmbeddingMapsRangesOntoTheGridRange()
    {
        var z = new ScaledEmbedding([-1, 0], [1, 0.5]).Embed([-1, 0, 1, 0.5, 0, 0.25]);
        Assert.Equal(new[] { -1.0, -1, 1, 1, 0, 0 }, z);
        var p = new PeriodicEmbedding(2, axis: 0, lower: [-1, 0], upper: [1, 1]).Embed([0.5, 0, 0.5, 1]);
        double[] expected = [Math.Cos(Math.PI / 2), 1, -1, Math.Cos(Math.PI / 2), 1, 1];
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], p[i], 12);
        Assert.Throws<ArgumentException>(() => new ScaledEmbedding([0, 1], [1, 1]));
    }

    [Fact]
    public void EmbeddingCannotBeCombinedWithPeriodicTermsOrTheWrongNetwork()
    {
        var x = new[] { 0.1, 0.2, -0.3, 0.5 };
        var pairs = new PeriodicCondition([-1.0, 0.5], [1.0, 0.5], axis: 0);
        Assert.Throws<ArgumentException>(() => new PinnProblem(new Heat(), x, [], periodic: [pairs], input: new PeriodicEmbedding(2, 0)));
        var problem = new PinnProblem(new Heat(), x, [], input: new PeriodicEmbedding(2, 0));
        Assert.Throws<ArgumentException>(() => new PinnSolver().Solve(KanNetwork.Create([2, 2, 1]), problem));
    }
}
