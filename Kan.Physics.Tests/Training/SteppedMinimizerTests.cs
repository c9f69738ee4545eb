using Kan.Physics.Networks;
using Kan.Physics.Optimization;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Tests.Training;

/// <summary>Every outer step reaches the progress callback, also when L-BFGS stops early.</summary>
public class SteppedMinimizerTests
{
    /// <summary>sum_i (x_i - i)^2: L-BFGS solves it in a few iterations and then has nothing left to do.</summary>
    private static double Quadratic(ReadOnlySpan<double> x, Span<double> g)
    {
        double f = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double r = x[i] - i;
            f += r * r;
            g[i] = 2 * r;
        }
        return f;
    }

    [Fact]
    public void StepsAStalledRunLeavesBeforeAChangeAreReported()
    {
        var minimizer = new SteppedMinimizer(OptimizerKind.Lbfgs);
        double[] theta = [5, -3, 2];
        var steps = new List<int>();
        var points = new List<double[]>();
        int prepared = 0;
        minimizer.Run(theta, Quadratic, 10, s => s == 6, s => prepared++, s => { steps.Add(s); points.Add((double[])theta.Clone()); }, default);
        // converged within step 1, stalled until the change before step 6, stalled again after it: the run ends there
        Assert.Equal(1, prepared);
        Assert.Equal(6, minimizer.Step);
        Assert.Equal([1, 2, 3, 4, 5, 6], steps);
        Assert.All(points.Skip(1), p => Assert.Equal(points[0], p));
        Assert.Equal([0.0, 1, 2], theta.Select(v => Math.Round(v, 6)));
    }

    [Fact]
    public void StepsAnExhaustedEvaluationBudgetSkipsAreReported()
    {
        // two evaluations per step cannot fill 20 iterations: the budget runs out before the segment's last step
        var minimizer = new SteppedMinimizer(OptimizerKind.Lbfgs, iterationsPerStep: 20, evaluationsPerStep: 2);
        double[] theta = [-1.2, 1];
        var steps = new List<int>();
        minimizer.Run(theta, Rosenbrock, 5, s => false, s => { }, steps.Add, default);
        Assert.Equal(5, minimizer.Step);
        Assert.Equal([1, 2, 3, 4, 5], steps);
    }

    private static double Rosenbrock(ReadOnlySpan<double> x, Span<double> g)
    {
        double a = 1 - x[0], b = x[1] - x[0] * x[0];
        g[0] = -2 * a - 400 * x[0] * b;
        g[1] = 200 * b;
        return a * a + 100 * b * b;
    }

    /// <summary>A residual every network satisfies: L-BFGS has nothing to do on any grid and stops at once.</summary>
    private sealed class AlreadySolved() : Pde(spatialDimension: 1)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx - p.U.Dxx;
    }

    [Fact]
    public void APinnRunThatStopsEarlyReportsEveryStepInOrder()
    {
        double[] points = Enumerable.Range(0, 32).Select(i => -1 + 2 * (i + 0.5) / 32).ToArray();
        var problem = new PinnProblem(new AlreadySolved(), points, []);
        var network = KanNetwork.Create([1, 1], new KanOptions { GridSize = 3, Seed = 0 });
        var options = new PinnOptions { GridSchedule = [3, 5], StepsPerGrid = 12, UpdateGrid = true, GridUpdateEvery = 4 };
        var seen = new List<PinnRecord>();
        var result = new PinnSolver(options).Solve(network, problem, seen.Add);
        Assert.Equal(seen, result.History);
        // each grid: steps up to the last grid update (8) are reported, then the grid ends early and the next follows on
        Assert.Equal(Enumerable.Range(1, 16), seen.Select(r => r.Step));
        Assert.Equal(Enumerable.Repeat(3, 8).Concat(Enumerable.Repeat(5, 8)), seen.Select(r => r.GridSize));
        Assert.All(seen, r => Assert.Equal(0.0, r.Loss));
    }
}
