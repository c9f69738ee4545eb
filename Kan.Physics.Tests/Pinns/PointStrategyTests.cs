using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Pinns;

/// <summary>The point strategies a PINN run is composed of, each on its own, and the typed loss terms they act on.</summary>
public class PointStrategyTests
{
    private sealed class Poisson1D() : Pde(1)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + Math.PI * Math.PI * Math.Sin(Math.PI * p.X);
    }

    private sealed class Heat() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - 0.1 * p.U.Dxx;
    }

    /// <summary>u = (1 - x^2) N: zero walls by construction.</summary>
    private sealed class Walls : OutputTransform
    {
        public override T Distance<T>(ReadOnlySpan<T> x, int field) => 1.0 - x[0] * x[0];
    }

    private static PinnProblem Poisson(int n = 21, OutputTransform? transform = null)
    {
        var x = Enumerable.Range(0, n).Select(i => -1 + 2.0 * i / (n - 1)).ToArray();
        return transform is null
            ? new PinnProblem(new Poisson1D(), x, [new DirichletCondition([-1.0, 1.0], _ => 0), new DirichletCondition([0.0], _ => 0)])
            : new PinnProblem(new Poisson1D(), x, [], transform: transform);
    }

    private static PinnProblem HeatProblem(int count = 120)
    {
        var rng = new Random(7);
        var points = new double[2 * count];
        for (int i = 0; i < count; i++) { points[2 * i] = -1 + 2 * rng.NextDouble(); points[2 * i + 1] = rng.NextDouble(); }
        return new PinnProblem(new Heat(), points, [new InitialCondition([-0.5, 0.0, 0.5, 0.0], p => Math.Sin(Math.PI * p[0]))]);
    }

    private static KanNetwork Net(int inputs = 1) => KanNetwork.Create([inputs, 2, 1], new KanOptions { GridSize = 4, Seed = 3 });
    private static StageStep At(int stage, int step) => new(stage, 4, step);
    private static double[] Sampler(int n, int seed) { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => -1 + 2 * r.NextDouble()).ToArray(); }

    [Fact]
    public void Loss_terms_are_typed_and_named_uniquely_and_their_residual_is_the_one_the_network_sees()
    {
        var loss = new PinnLoss(Poisson(), 1.0);
        Assert.Equal(["pde", "dirichlet", "dirichlet2"], loss.Terms.Select(t => t.Name));
        Assert.Same(loss.Terms[0], loss.Pde);
        // under a hard constraint the network sees a wrapped loss; its residual inside is still reachable without type tests
        var hard = new PinnLoss(Poisson(transform: new Walls()), 1.0);
        Assert.NotSame(hard.Pde.Residual, hard.Pde.Loss);
        var net = Net();
        double before = hard.Values(net).Terms["pde"];
        hard.Pde.Residual.PointWeights = Enumerable.Repeat(0.5, hard.Pde.Residual.Count).ToArray();
        Assert.Equal(0.5 * before, hard.Values(net).Terms["pde"], 12);
        // the objective is the sum of the terms
        var g = new double[net.ParameterCount];
        var (total, terms) = loss.Values(net);
        Assert.Equal(total, loss.Objective(net)(net.GetParameters(), g), 12);
        Assert.Equal(total, terms.Values.Sum(), 12);
    }

    [Fact]
    public void Resampling_draws_new_points_every_so_many_steps_but_never_before_the_first()
    {
        var problem = Poisson();
        var loss = new PinnLoss(problem, 1.0);
        var rad = new ResidualResampling(loss, new PinnOptions { ResampleEvery = 3, CandidateSampler = Sampler, Seed = 2 });
        Assert.Equal([3, 6, 9], Enumerable.Range(0, 10).Where(s => rad.IsDue(At(0, s))));
        var net = Net();
        var original = problem.CollocationPoints;
        var oldTerm = loss.Pde;
        rad.Prepare(net, At(0, 2)); // not due: nothing changes
        Assert.Same(original, problem.CollocationPoints);
        Assert.Equal(0, loss.Generation);
        rad.Prepare(net, At(1, 3));
        Assert.Equal(1, loss.Generation);
        Assert.NotEqual(original, problem.CollocationPoints);
        Assert.Equal(original.Length, problem.CollocationPoints.Length);
        Assert.NotSame(oldTerm, loss.Pde); // the terms are rebuilt on the new points
        Assert.Equal(21, loss.Pde.Residual.Count);
        // the draw depends on where the run is (seed, stage, step), not on how it got there
        var first = problem.CollocationPoints;
        var again = new PinnLoss(Poisson(), 1.0);
        new ResidualResampling(again, new PinnOptions { ResampleEvery = 3, CandidateSampler = Sampler, Seed = 2 }).Prepare(net, At(1, 3));
        Assert.Equal(first, again.Problem.CollocationPoints);
        Assert.All(first, x => Assert.InRange(x, -1, 1));
    }

    [Fact]
    public void Attention_updates_its_multipliers_when_due_weighs_by_their_square_and_forgets_them_with_new_points()
    {
        var loss = new PinnLoss(Poisson(), 1.0);
        var options = new PinnOptions { RbaEta = 0.1, RbaGamma = 0.5, RbaEvery = 2 };
        var rba = new ResidualAttention(loss, options, null);
        var net = Net();
        Assert.False(rba.HasWeights(At(0, 0)));
        Assert.Equal([0, 2, 4], Enumerable.Range(0, 5).Where(s => rba.IsDue(At(0, s))));
        rba.Prepare(net, At(0, 1)); // not due
        Assert.Null(rba.Multipliers);
        rba.Prepare(net, At(0, 2));
        var m = rba.Multipliers!;
        Assert.Equal(PinnSolver.UpdateAttention(net, loss.Problem, null, 0.5, 0.1), m);
        var w = Enumerable.Repeat(2.0, m.Length).ToArray();
        rba.Weigh(net, At(0, 2), w);
        Assert.Equal(m.Select(v => 2.0 * (v * v)), w);
        // new collocation points: the multipliers belong to the old ones
        loss.ReplaceCollocationPoints((double[])loss.Problem.CollocationPoints.Clone());
        rba.Prepare(net, At(0, 3));
        Assert.Null(rba.Multipliers);
        Assert.True(rba.WeighsIn(5));
    }

    [Fact]
    public void Causal_weighting_is_due_at_every_step_and_multiplies_the_causal_weights_in()
    {
        var problem = HeatProblem();
        var net = Net(2);
        var causal = new CausalWeighting(problem, 2.0, 4);
        Assert.All(Enumerable.Range(0, 5), s => Assert.True(causal.IsDue(At(s % 2, s))));
        var w = Enumerable.Repeat(3.0, 120).ToArray();
        causal.Weigh(net, At(0, 0), w);
        Assert.Equal(PinnSolver.CausalWeights(net, problem, 2.0, 4).Select(c => 3.0 * c), w);
    }

    [Fact]
    public void Time_marching_widens_the_horizon_window_by_window_over_its_grids_then_stops()
    {
        var problem = HeatProblem();
        // 3 windows over the first 2 grids of 6 steps: windows of 4 steps, counted across the two grids
        var march = new TimeMarching(problem, new PinnOptions { TimeWindows = 3, TimeWindowGrids = 2, StepsPerGrid = 6 }, stages: 3);
        Assert.Equal([0, 4], Enumerable.Range(0, 6).Where(s => march.IsDue(At(0, s))));
        Assert.Equal([0, 2], Enumerable.Range(0, 6).Where(s => march.IsDue(At(1, s))));
        Assert.DoesNotContain(Enumerable.Range(0, 6), s => march.IsDue(At(2, s)));
        Assert.Equal([1 / 3.0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1.0, 1.0], new[] { At(0, 0), At(0, 3), At(0, 4), At(1, 1), At(1, 2), At(2, 0) }.Select(march.Horizon));
        Assert.Equal([true, true, false], new[] { 0, 1, 2 }.Select(march.WeighsIn));
        var w = Enumerable.Repeat(1.0, 120).ToArray();
        march.Weigh(Net(2), At(0, 0), w);
        var t = Enumerable.Range(0, 120).Select(i => problem.CollocationPoints[2 * i + 1]).ToArray();
        double limit = t.Min() + (t.Max() - t.Min()) / 3;
        Assert.All(Enumerable.Range(0, 120), i => Assert.Equal(t[i] <= limit ? 1.0 : 0.0, w[i]));
    }

    [Fact]
    public void Point_weights_compose_the_weightings_in_order_and_clear_where_none_weighs()
    {
        var problem = HeatProblem();
        var loss = new PinnLoss(problem, 1.0);
        var net = Net(2);
        var options = new PinnOptions { TimeWindows = 2, StepsPerGrid = 4 };
        var causal = new CausalWeighting(problem, 1.0, 3);
        var march = new TimeMarching(problem, options, stages: 2);
        var weights = new PointWeights(loss, [causal, march]);
        weights.Prepare(net, At(0, 0));
        var expected = PinnSolver.CausalWeights(net, problem, 1.0, 3);
        march.Weigh(net, At(0, 0), expected);
        Assert.Equal(expected, loss.Pde.Residual.PointWeights);
        Assert.Contains(0.0, expected);
        // the second stage still has causal weights, so nothing is cleared; with marching alone it is
        weights.BeginStage(net, 1);
        Assert.NotNull(loss.Pde.Residual.PointWeights);
        var marchOnly = new PointWeights(loss, [march]);
        marchOnly.BeginStage(net, 0);
        Assert.NotNull(loss.Pde.Residual.PointWeights);
        marchOnly.BeginStage(net, 1);
        Assert.Null(loss.Pde.Residual.PointWeights);
        // attention without multipliers yet has no weights: the term is left as it is
        var rba = new ResidualAttention(loss, new PinnOptions { RbaEta = 0.1, RbaEvery = 5 }, null);
        new PointWeights(loss, [rba]).Prepare(net, At(0, 1));
        Assert.Null(loss.Pde.Residual.PointWeights);
        Assert.True(weights.IsDue(At(1, 3))); // causal: every step
        Assert.False(new PointWeights(loss, [rba]).IsDue(At(0, 1)));
    }
}
