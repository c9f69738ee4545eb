using Kan.Physics.Networks;
using Kan.Physics.Optimization;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Pinns;

/// <summary>How a solve ends: stall detection with its hint, grid updates judged by the loss, both through checkpoints.</summary>
public class PinnStopTests
{
    /// <summary>u'' = -(k pi)^2 sin(k pi x) on [0, 1], u(0) = u(1) = 0: u = sin(k pi x).</summary>
    private sealed class Wave(double k) : Pde(1)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + k * k * Math.PI * Math.PI * Math.Sin(k * Math.PI * p.X);
    }

    private static PinnProblem Problem(double k, int n = 64)
    {
        double[] x = Enumerable.Range(0, n).Select(i => (i + 0.5) / n).ToArray();
        double[] test = Enumerable.Range(0, 200).Select(i => (i + 0.5) / 200).ToArray();
        var reference = ReferenceSolution.FromFunctions(test, 1, [v => Math.Sin(k * Math.PI * v[0])]);
        return new PinnProblem(new Wave(k), x, [new DirichletCondition([0.0, 1.0], _ => 0)], reference: reference);
    }

    [Fact]
    public void A_network_too_small_for_the_solution_stalls_with_a_hint()
    {
        // four oscillations for a single edge on three intervals: the loss creeps and the run ends as stalled
        // one grid, no stretch, no normalisation: the defaults before the PDE zoo, which this stall was found with
        var options = new PinnOptions { StepsPerGrid = 60, UpdateGrid = false, GridDoublings = 0, FitGridToInputs = false, NormalizePde = false };
        var result = new PinnSolver(options).Solve(KanNetwork.Create([1, 1], new KanOptions { GridSize = 3, Seed = 0 }), Problem(8));
        Assert.Equal(StopReason.Stalled, result.StopReason);
        var stop = Assert.Single(result.Stages);
        Assert.Equal(StopReason.Stalled, stop.Reason);
        Assert.True(stop.EndedEarly);
        Assert.Equal(result.History.Count, stop.Step);
        Assert.InRange(stop.Step, 11, 59);
        Assert.Equal(result.History.Min(r => r.Loss), stop.Loss, 10); // the best loss, here the last
        Assert.NotNull(result.StopHint);
        string hint = result.StopHint!;
        Assert.StartsWith(FormattableString.Invariant($"loss stalled at {stop.Loss:0.0e0} on grid 3 from step {stop.StalledFrom} (less than 0.001 % decrease over 10 steps)"), hint);
        Assert.Contains("try a wider network", hint);
        Assert.DoesNotContain('\n', hint);
        // the window: over the 10 steps from StalledFrom the loss fell by less than 0.001 %
        double Before(int step) => result.History.Where(r => r.Step <= step).Min(r => r.Loss);
        Assert.True(Before(stop.StalledFrom) - Before(stop.Step) <= 1e-5 * Before(stop.StalledFrom));
        Assert.Equal(stop.Step - 10, stop.StalledFrom);
    }

    [Fact]
    public void A_stall_on_a_coarse_grid_moves_on_to_the_next_one()
    {
        var options = new PinnOptions { GridSchedule = [3, 12], StepsPerGrid = 30, UpdateGrid = false };
        var result = new PinnSolver(options).Solve(KanNetwork.Create([1, 1], new KanOptions { GridSize = 3, Seed = 0 }), Problem(8));
        Assert.Equal(2, result.Stages.Count);
        Assert.Equal(StopReason.Stalled, result.Stages[0].Reason);
        Assert.True(result.Stages[0].EndedEarly);
        Assert.Contains(result.History, r => r.GridSize == 12 && r.Step == result.Stages[0].Step + 1);
        Assert.Equal(result.Stages[1].Reason, result.StopReason);
        Assert.True(result.Stages[1].Loss < 0.8 * result.Stages[0].Loss, $"{result.Stages[1].Loss:E3} vs {result.Stages[0].Loss:E3}");
        Assert.Contains("on grid 3", result.StopHint);
        Assert.Contains("went on to grid 12", result.StopHint);
    }

    [Fact]
    public void A_converging_solve_is_not_reported_stalled()
    {
        // grid 10 reaches its floor (loss about 1e-5 of the loss of u = 0) and stops improving: converged, not stalled
        // grid updates on (judged by default), as before the PDE zoo turned them off
        var options = new PinnOptions { GridSchedule = [5, 10], StepsPerGrid = 30, UpdateGrid = true, FitGridToInputs = false, NormalizePde = false };
        var result = new PinnSolver(options).Solve(KanNetwork.Create([1, 1], new KanOptions { GridSize = 5, Seed = 1 }), Problem(1, 101));
        Assert.NotEqual(StopReason.Stalled, result.StopReason);
        Assert.Contains(result.StopReason, new[] { StopReason.Converged, StopReason.IterationLimit, StopReason.LineSearchFailed });
        Assert.All(result.Stages, s => Assert.NotEqual(StopReason.Stalled, s.Reason));
        Assert.DoesNotContain("stalled", result.StopHint ?? "");
        Assert.True(result.Errors!.Value.RelativeL2 < 1e-3, $"rel. L2 {result.Errors!.Value.RelativeL2:E2}");
        Assert.NotEmpty(result.GridUpdates); // the default judges grid updates
        Assert.All(result.GridUpdates, u => Assert.False(u.RolledBack));
    }

    [Fact]
    public void Judged_updates_stages_and_the_stall_window_survive_a_checkpoint_bit_for_bit()
    {
        // tolerance 0 makes rollbacks likely; a window of 4 spans restart steps every 3
        var options = new PinnOptions { GridSchedule = [4, 8], StepsPerGrid = 12, UpdateGrid = true, GridUpdateEvery = 3, GridUpdateRollbackTolerance = 0, StallWindow = 4, StallTolerance = 0.05, FitGridToInputs = false, NormalizePde = false };
        KanNetwork Fresh() => KanNetwork.Create([1, 2, 1], new KanOptions { GridSize = 4, Seed = 2 });
        var checkpoints = new List<byte[]>();
        var full = new PinnSolver(options).Solve(Fresh(), Problem(2, 41), onCheckpoint: c =>
        {
            using var ms = new MemoryStream();
            c.Save(ms);
            checkpoints.Add(ms.ToArray());
        });
        Assert.NotEmpty(full.GridUpdates);
        Assert.Equal(2, full.Stages.Count);
        Assert.True(checkpoints.Count >= 4, $"{checkpoints.Count} checkpoints");
        foreach (int which in new[] { 1, checkpoints.Count / 2, checkpoints.Count - 1 })
        {
            var cp = PinnCheckpoint.Load(new MemoryStream(checkpoints[which]));
            var resumed = new PinnSolver(options).Solve(Fresh(), Problem(2, 41), resumeFrom: cp);
            Assert.Equal(full.Network.GetParameters(), resumed.Network.GetParameters());
            Assert.Equal(full.History.Select(r => (r.Step, r.Loss, r.Evaluations)), resumed.History.Select(r => (r.Step, r.Loss, r.Evaluations)));
            Assert.Equal(full.GridUpdates, resumed.GridUpdates);
            Assert.Equal(full.Stages, resumed.Stages);
            Assert.Equal(full.StopReason, resumed.StopReason);
            Assert.Equal(full.StopHint, resumed.StopHint);
        }
    }
}
