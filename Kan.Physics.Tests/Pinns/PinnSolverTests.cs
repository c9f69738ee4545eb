using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Training;
using Kan.Physics.Optimization;

namespace Kan.Physics.Tests.Pinns;

public class PinnSolverTests
{
    /// <summary>u'' = -pi^2 sin(pi x) on [-1, 1]: u = sin(pi x) with u(+-1) = 0.</summary>
    private sealed class Poisson1D() : Pde(1)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + Math.PI * Math.PI * Math.Sin(Math.PI * p.X);
    }

    private static PinnProblem Problem(int n = 101)
    {
        var x = Enumerable.Range(0, n).Select(i => -1 + 2.0 * i / (n - 1)).ToArray();
        var test = Enumerable.Range(0, 1000).Select(i => -1 + 2.0 * (i + 0.5) / 1000).ToArray();
        var reference = ReferenceSolution.FromFunctions(test, 1, [v => Math.Sin(Math.PI * v[0])], [[v => Math.PI * Math.Cos(Math.PI * v[0])]]);
        return new PinnProblem(new Poisson1D(), x, [new DirichletCondition([-1.0, 1.0], _ => 0)], reference: reference);
    }

    [Fact]
    public void OneDimensionalPoissonReachesRelativeL2BelowOneInTenThousand()
    {
        var net = KanNetwork.Create([1, 1], new KanOptions { GridSize = 5, Seed = 1 });
        var result = new PinnSolver(new PinnOptions { GridSchedule = [5, 10, 20], StepsPerGrid = 30 }).Solve(net, Problem(401));
        Assert.NotNull(result.Errors);
        var e = result.Errors!.Value;
        Assert.True(e.RelativeL2 < 1e-4, $"relative L2 {e.RelativeL2:E2}, H1 {e.RelativeH1Seminorm:E2}");
        Assert.True(e.RelativeH1Seminorm < 1e-3, $"relative H1 seminorm {e.RelativeH1Seminorm:E2}");
        Assert.Equal(20, result.Network.Layers[0].GridSize);
        Assert.InRange(result.History.Count, 3, 90); // a grid may stop early when L-BFGS can gain nothing more
        Assert.Equal(new[] { 5, 10, 20 }, result.History.Select(r => r.GridSize).Distinct());
        Assert.Equal(20, result.History[^1].GridSize);
        Assert.All(result.History, r => Assert.Equal(r.Loss, r.Terms["pde"] + r.Terms["dirichlet"], 12));
        // errors fall from grid to grid
        double Last(int g) => result.History.Last(r => r.GridSize == g).Errors!.Value.RelativeL2;
        Assert.True(Last(20) < Last(10) && Last(10) < Last(5));
    }

    [Fact]
    public void SameSeedSameSolveAndCancellationStopsCleanly()
    {
        PinnResult Run(CancellationToken ct, Action<PinnRecord>? onStep = null)
            => new PinnSolver(new PinnOptions { GridSchedule = [5], StepsPerGrid = 6 }).Solve(KanNetwork.Create([1, 2, 1], new KanOptions { Seed = 3 }), Problem(41), onStep, ct);
        var a = Run(default);
        var b = Run(default);
        Assert.Equal(a.History.Select(r => r.Loss), b.History.Select(r => r.Loss));
        using var cts = new CancellationTokenSource();
        var c = Run(cts.Token, r => { if (r.Step == 2) cts.Cancel(); });
        Assert.Equal(StopReason.Cancelled, c.StopReason);
        Assert.InRange(c.History.Count, 2, 3);
    }

    [Fact]
    public void ResumingFromACheckpointReproducesTheUninterruptedRunBitForBit()
    {
        // grid schedule, grid updates every 5 steps and RAD every 5 steps: checkpoints fall inside stages and between them
        var sampler = (int n, int seed) => { var r = new Random(seed); return Enumerable.Range(0, n).Select(_ => -1 + 2 * r.NextDouble()).ToArray(); };
        var options = new PinnOptions { GridSchedule = [4, 8], StepsPerGrid = 12, ResampleEvery = 5, CandidateSampler = sampler, Seed = 9 };
        KanNetwork Fresh() => KanNetwork.Create([1, 2, 1], new KanOptions { GridSize = 4, Seed = 2 });
        var checkpoints = new List<byte[]>();
        var full = new PinnSolver(options).Solve(Fresh(), Problem(41), onCheckpoint: c =>
        {
            using var ms = new MemoryStream();
            c.Save(ms);
            checkpoints.Add(ms.ToArray());
        });
        Assert.True(checkpoints.Count >= 4, $"{checkpoints.Count} checkpoints");
        foreach (int which in new[] { 1, checkpoints.Count - 2 })
        {
            var cp = PinnCheckpoint.Load(new MemoryStream(checkpoints[which]));
            var resumed = new PinnSolver(options).Solve(Fresh(), Problem(41), resumeFrom: cp);
            Assert.Equal(full.Network.GetParameters(), resumed.Network.GetParameters());
            Assert.Equal(full.Errors, resumed.Errors);
            Assert.Equal(full.History.Select(r => (r.Step, r.Loss, r.Evaluations)), resumed.History.Select(r => (r.Step, r.Loss, r.Evaluations)));
        }
        Assert.Throws<InvalidDataException>(() => PinnCheckpoint.Load(new MemoryStream(checkpoints[0][..^20])));
        var wrong = PinnCheckpoint.Load(new MemoryStream(checkpoints[^1]));
        Assert.Throws<ArgumentException>(() => new PinnSolver(options with { GridSchedule = [5, 10] }).Solve(Fresh(), Problem(41), resumeFrom: wrong));
    }

    [Fact]
    public void AdaptiveResamplingMovesPointsToLargeResiduals()
    {
        var rng = new Random(5);
        var options = new PinnOptions
        {
            GridSchedule = [8], StepsPerGrid = 6, ResampleEvery = 3, AdamWarmupSteps = 3,
            CandidateSampler = (count, seed) => { var r = new Random(seed); return Enumerable.Range(0, count).Select(_ => 2 * r.NextDouble() - 1).ToArray(); },
        };
        var problem = Problem(41);
        var before = problem.CollocationPoints;
        var result = new PinnSolver(options).Solve(KanNetwork.Create([1, 1], new KanOptions { Seed = 2 }), problem);
        Assert.NotSame(before, problem.CollocationPoints);
        Assert.Equal(before.Length, problem.CollocationPoints.Length);
        Assert.All(problem.CollocationPoints, v => Assert.InRange(v, -1, 1));
        Assert.Equal(9, result.History.Count); // 3 Adam + 6 L-BFGS steps
    }

    /// <summary>u_t = u_xx with u(x, 0) = sin(pi x), u(+-1, t) = 0.</summary>
    private sealed class Heat() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - p.U.Dxx;
    }

    /// <summary>The heat problem on <paramref name="count"/> seeded random points in [-1,1] x [0,1], with u(x, 0) = sin(pi x) on 40 points.</summary>
    private static (PinnProblem Problem, double[] Points) HeatProblem(int count, int seed)
    {
        var rng = new Random(seed);
        var points = Enumerable.Range(0, count).SelectMany(_ => new[] { 2 * rng.NextDouble() - 1, rng.NextDouble() }).ToArray();
        var initial = Enumerable.Range(0, 40).SelectMany(i => new[] { -1 + 2.0 * i / 39, 0.0 }).ToArray();
        return (new PinnProblem(new Heat(), points, [new InitialCondition(initial, p => Math.Sin(Math.PI * p[0]))]), points);
    }

    [Fact]
    public void CausalWeightsDecreaseInTimeAndStartAtOne()
    {
        var (problem, points) = HeatProblem(400, seed: 7);
        var options = new PinnOptions { GridSchedule = [5], StepsPerGrid = 3, CausalEpsilon = 5, CausalSlices = 8 };
        var result = new PinnSolver(options).Solve(KanNetwork.Create([2, 3, 1], new KanOptions { Seed = 1 }), problem);
        Assert.Equal(3, result.History.Count);
        var seen = PinnSolver.CausalWeights(KanNetwork.Create([2, 3, 1], new KanOptions { Seed = 1 }), problem, 5, 8);
        // points sorted by time carry non-increasing weights, the earliest exactly 1, and the latest clearly less
        var byTime = Enumerable.Range(0, 400).OrderBy(s => points[2 * s + 1]).Select(s => seen![s]).ToArray();
        Assert.Equal(1.0, byTime[0]);
        for (int i = 1; i < byTime.Length; i++) Assert.True(byTime[i] <= byTime[i - 1] + 1e-15);
        Assert.True(byTime[^1] < 0.999);
    }

    [Fact]
    public void TimeMarchingCountsOnlyTheWindowThenEveryPoint()
    {
        var (problem, points) = HeatProblem(300, seed: 11);
        // one step per grid and four windows: the first grid only sees its first window, t <= 1/4 of the range
        var options = new PinnOptions { GridSchedule = [5, 5], StepsPerGrid = 1, TimeWindows = 4, UpdateGrid = false };
        var result = new PinnSolver(options).Solve(KanNetwork.Create([2, 3, 1], new KanOptions { Seed = 2 }), problem);
        Assert.Equal(2, result.History.Count);
        double t0 = Enumerable.Range(0, 300).Min(s => points[2 * s + 1]), t1 = Enumerable.Range(0, 300).Max(s => points[2 * s + 1]);
        double PdeLoss(KanNetwork net, double horizon)
        {
            var loss = new ResidualLoss(problem.Pde, points, null, 2, 1, 1)
            {
                PointWeights = Enumerable.Range(0, 300).Select(s => points[2 * s + 1] <= t0 + horizon * (t1 - t0) ? 1.0 : 0.0).ToArray(),
            };
            return net.Evaluate(points, loss, default).Loss;
        }
        // the second grid (no refinement: same size) counts every point again; its record is the final network's
        Assert.Equal(PdeLoss(result.Network, 1.0), result.History[1].Terms["pde"], 12);
        // the first grid's record: re-run the first grid alone for its network
        var first = new PinnSolver(options with { GridSchedule = [5] }).Solve(KanNetwork.Create([2, 3, 1], new KanOptions { Seed = 2 }), problem);
        Assert.Equal(result.History[0].Terms["pde"], first.History[0].Terms["pde"], 15);
        Assert.Equal(PdeLoss(first.Network, 0.25), first.History[0].Terms["pde"], 12);
        Assert.True(PdeLoss(first.Network, 1.0) > 1.5 * first.History[0].Terms["pde"]);
        // spread over both grids (two steps, four windows of at least one step): the second grid sees t <= 1/2
        var spread = options with { GridSchedule = [5, 5], TimeWindowGrids = 2 };
        var two = new PinnSolver(spread).Solve(KanNetwork.Create([2, 3, 1], new KanOptions { Seed = 2 }), problem);
        Assert.Equal(PdeLoss(two.Network, 0.5), two.History[1].Terms["pde"], 12);
        Assert.True(PdeLoss(two.Network, 1.0) > 1.2 * two.History[1].Terms["pde"]);
    }

    [Fact]
    public void AttentionMultipliersGrowWithTheResidual()
    {
        var problem = Problem(41);
        var net = KanNetwork.Create([1, 2, 1], new KanOptions { Seed = 4 });
        var first = PinnSolver.UpdateAttention(net, problem, null, gamma: 0.5, eta: 0.3);
        // lambda = 0.5 * 1 + 0.3 |r| / max |r|: the point of largest residual reaches 0.8, the order follows |r|
        var loss = new ResidualLoss(problem.Pde, problem.CollocationPoints, null, 1, 1, 1);
        double[] r = loss.PointwiseSquaredResiduals(net.ForwardJet(problem.CollocationPoints, 2)).Select(Math.Sqrt).ToArray();
        double max = r.Max();
        Assert.True(max > 0);
        for (int i = 0; i < r.Length; i++) Assert.Equal(0.5 + 0.3 * r[i] / max, first[i], 1e-14);
        Assert.Equal(0.8, first.Max(), 1e-14);
        var order = Enumerable.Range(0, r.Length).OrderBy(i => r[i]).ToArray();
        for (int k = 1; k < order.Length; k++) Assert.True(first[order[k]] >= first[order[k - 1]]);
        // a second update decays the old multipliers and adds the same residual share again
        var second = PinnSolver.UpdateAttention(net, problem, first, gamma: 0.5, eta: 0.3);
        for (int i = 0; i < r.Length; i++) Assert.Equal(0.5 * first[i] + 0.3 * r[i] / max, second[i], 1e-14);
        Assert.Throws<ArgumentException>(() => PinnSolver.UpdateAttention(net, problem, new double[3], 0.5, 0.3));
        Assert.Throws<ArgumentOutOfRangeException>(() => PinnSolver.UpdateAttention(net, problem, null, 1.0, 0.3));
    }

    [Fact]
    public void AttentionChangesTheSolveIsDeterministicAndResumesBitForBit()
    {
        var options = new PinnOptions { GridSchedule = [4, 8], StepsPerGrid = 8, RbaEta = 0.2, RbaGamma = 0.8, RbaEvery = 2, Seed = 3 };
        KanNetwork Fresh() => KanNetwork.Create([1, 2, 1], new KanOptions { GridSize = 4, Seed = 2 });
        var checkpoints = new List<byte[]>();
        var a = new PinnSolver(options).Solve(Fresh(), Problem(41), onCheckpoint: c =>
        {
            using var ms = new MemoryStream();
            c.Save(ms);
            checkpoints.Add(ms.ToArray());
        });
        var b = new PinnSolver(options).Solve(Fresh(), Problem(41));
        var plain = new PinnSolver(options with { RbaEta = 0 }).Solve(Fresh(), Problem(41));
        Assert.Equal(a.History.Select(r => r.Loss), b.History.Select(r => r.Loss));
        Assert.NotEqual(plain.History.Select(r => r.Loss), a.History.Select(r => r.Loss));
        // the multipliers travel with the checkpoints: resuming mid-run gives the uninterrupted result
        var cp = PinnCheckpoint.Load(new MemoryStream(checkpoints[checkpoints.Count / 2]));
        Assert.NotNull(cp.AttentionWeights);
        Assert.Equal(41, cp.AttentionWeights!.Length);
        var resumed = new PinnSolver(options).Solve(Fresh(), Problem(41), resumeFrom: cp);
        Assert.Equal(a.Network.GetParameters(), resumed.Network.GetParameters());
        Assert.Equal(a.History.Select(r => (r.Step, r.Loss)), resumed.History.Select(r => (r.Step, r.Loss)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PinnSolver(options with { RbaGamma = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PinnSolver(options with { RbaEta = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PinnSolver(options with { RbaEvery = 0 }));
    }

    [Fact]
    public void ASolveWithoutGridUpdatesCheckpointsEveryGridAndResumesBitForBit()
    {
        var options = new PinnOptions { GridSchedule = [3, 6], StepsPerGrid = 4, UpdateGrid = false, Seed = 1 };
        KanNetwork Fresh() => KanNetwork.Create([1, 2, 1], new KanOptions { GridSize = 3, Seed = 4 });
        var checkpoints = new List<PinnCheckpoint>();
        var a = new PinnSolver(options).Solve(Fresh(), Problem(41), onCheckpoint: checkpoints.Add);
        var plain = new PinnSolver(options).Solve(Fresh(), Problem(41));
        // taking checkpoints changes nothing
        Assert.Equal(plain.Network.GetParameters(), a.Network.GetParameters());
        Assert.Equal(plain.History.Select(r => r.Loss), a.History.Select(r => r.Loss));
        // one at the start of each grid, though nothing restarts L-BFGS within a grid
        Assert.Equal([(0, 0), (1, 0)], checkpoints.Select(c => (c.Stage, c.Step)));
        using var ms = new MemoryStream();
        checkpoints[1].Save(ms);
        var resumed = new PinnSolver(options).Solve(Fresh(), Problem(41), resumeFrom: PinnCheckpoint.Load(new MemoryStream(ms.ToArray())));
        Assert.Equal(a.Network.GetParameters(), resumed.Network.GetParameters());
        Assert.Equal(a.History.Select(r => (r.Step, r.Loss)), resumed.History.Select(r => (r.Step, r.Loss)));
    }

    [Fact]
    public void NormalisationDividesThePdeTermByTheSourcesMeanSquare()
    {
        var problem = Problem(41);
        // u'' + pi^2 sin(pi x): the residual of u = 0 is the source pi^2 sin(pi x)
        double expected = problem.CollocationPoints.Select(x => Math.Pow(Math.PI * Math.PI * Math.Sin(Math.PI * x), 2)).Average();
        Assert.Equal(expected, PinnSolver.SourceScale(problem), 1e-12 * expected);
        var heat = new PinnProblem(new Heat(), [0.1, 0.2, 0.3, 0.4], []);
        Assert.Equal(1.0, PinnSolver.SourceScale(heat)); // no source: no scaling
        // the recorded pde term is the raw mean squared residual of the trained network divided by that scale
        var options = new PinnOptions { GridSchedule = [5], StepsPerGrid = 2, UpdateGrid = false, NormalizePde = true };
        var result = new PinnSolver(options).Solve(KanNetwork.Create([1, 2, 1], new KanOptions { Seed = 6 }), Problem(41));
        double raw = result.Network.Evaluate(problem.CollocationPoints, new ResidualLoss(problem.Pde, problem.CollocationPoints, null, 1, 1, 1), default).Loss;
        Assert.True(raw > 0);
        Assert.Equal(raw / expected, result.History[^1].Terms["pde"], 1e-10 * raw / expected);
    }

    [Fact]
    public void MismatchedDefinitionsAreRejected()
    {
        var problem = Problem();
        Assert.Equal("network", Assert.Throws<ArgumentException>(() => new PinnSolver().Solve(KanNetwork.Create([2, 1]), problem)).ParamName);
        Assert.Equal("network", Assert.Throws<ArgumentException>(() => new PinnSolver().Solve(KanNetwork.Create([1, 2]), problem)).ParamName);
        Assert.Equal("collocationPoints", Assert.Throws<ArgumentException>(() => new PinnProblem(new Poisson1D(), [], [])).ParamName);
        Assert.Equal("conditions", Assert.Throws<ArgumentException>(() => new PinnProblem(new Poisson1D(), [0.0], [new DirichletCondition([0.0, 1.0, 2.0], _ => 0) { }], reference: null) is var p && p != null
            ? new PinnProblem(new Poisson2DStub(), [0.0, 0.0], [new DirichletCondition([0.0, 1.0, 2.0], _ => 0)]) : null).ParamName);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => new DirichletCondition([], _ => 0)).ParamName);
    }

    private sealed class Poisson2DStub() : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx;
    }
}
