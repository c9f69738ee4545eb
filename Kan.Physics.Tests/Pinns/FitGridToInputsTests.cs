using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Tests.Pinns;

public class FitGridToInputsTests
{
    /// <summary>u'' = -pi^2 sin(pi x) on [0, 2] with u(0) = u(2) = 0: u = sin(pi x).</summary>
    private sealed class Poisson() : Pde(1)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + Math.PI * Math.PI * Math.Sin(Math.PI * p.X);
    }

    private static PinnProblem Problem()
    {
        var x = Enumerable.Range(1, 99).Select(i => 2.0 * i / 100).ToArray();
        var test = Enumerable.Range(0, 201).Select(i => 2.0 * i / 200).ToArray();
        var reference = ReferenceSolution.FromFunctions(test, 1, [v => Math.Sin(Math.PI * v[0])]);
        return new PinnProblem(new Poisson(), x, [new DirichletCondition([0.0, 2.0], _ => 0)], reference: reference);
    }

    [Fact]
    public void TheFirstLayerGridSpansThePointsAndTheSolveUsesAllOfIt()
    {
        var options = new PinnOptions { UpdateGrid = false, StepsPerGrid = 30, GridSchedule = [5, 10] };
        var fitted = new PinnSolver(options with { FitGridToInputs = true }).Solve(KanNetwork.Create([1, 1], new KanOptions { Seed = 2 }), Problem());
        var plain = new PinnSolver(options with { FitGridToInputs = false }).Solve(KanNetwork.Create([1, 1], new KanOptions { Seed = 2 }), Problem());
        // the points (collocation and condition) run from 0 to 2; grid extension keeps the range
        Assert.Equal(0, fitted.Network.Layers[0].Basis(0).GridMin, 12);
        Assert.Equal(2, fitted.Network.Layers[0].Basis(0).GridMax, 12);
        Assert.Equal(-1, plain.Network.Layers[0].Basis(0).GridMin, 12);
        // on [-1, 1] the spline covers only half the domain: without the stretch x in (1, 2] sees silu alone
        Assert.True(fitted.Errors!.Value.RelativeL2 < 1e-3, $"fitted {fitted.Errors!.Value.RelativeL2:E2}");
        Assert.True(fitted.Errors!.Value.RelativeL2 < 0.1 * plain.Errors!.Value.RelativeL2,
            $"fitted {fitted.Errors!.Value.RelativeL2:E2}, plain {plain.Errors!.Value.RelativeL2:E2}");
    }
}
