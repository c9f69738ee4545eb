using Kan.Physics.Optimization;

namespace Kan.Physics.Tests.Training;

public class StallMonitorTests
{
    [Fact]
    public void A_best_loss_that_falls_less_than_the_tolerance_over_the_window_is_a_stall()
    {
        var m = new StallMonitor(3, 0.01);
        Assert.False(m.Observe(1, 10));
        Assert.False(m.Observe(2, 5));
        Assert.False(m.Observe(3, 4));
        Assert.False(m.Observe(4, 3.99)); // 10 -> 3.99 over three steps
        Assert.False(m.Observe(5, 3.98)); // 5 -> 3.98
        Assert.True(m.Observe(6, 50));    // a jump leaves the best at 3.98: 4 -> 3.98 over three steps is 0.5 %
        Assert.Equal(3, m.StalledFrom);
        Assert.Equal(3.98, m.BestLoss);
        Assert.False(m.Observe(7, 2));    // a new best ends the stall
    }

    [Fact]
    public void A_reset_forgets_the_window_and_restore_continues_it()
    {
        var m = new StallMonitor(2, 0.01);
        m.Observe(1, 1); m.Observe(2, 1);
        var saved = m.Observations;
        m.Reset();
        Assert.False(m.Observe(3, 1));
        Assert.False(m.Observe(4, 1));
        Assert.True(m.Observe(5, 1));
        var again = new StallMonitor(2, 0.01);
        again.Restore(saved);
        Assert.True(again.Observe(3, 1));
        Assert.Equal(1, again.StalledFrom);
        Assert.True(saved.Count <= 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StallMonitor(0, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StallMonitor(1, 1.0));
    }

    [Fact]
    public void The_minimiser_ends_a_creeping_run_as_stalled_and_leaves_a_converging_one_alone()
    {
        // f = 1 + sum exp(-x): the loss creeps towards 1 and never reaches a floor L-BFGS would notice
        static double Creep(ReadOnlySpan<double> x, Span<double> g)
        {
            double f = 1;
            for (int i = 0; i < x.Length; i++) { double e = Math.Exp(-x[i]); f += e; g[i] = -e; }
            return f;
        }
        double[] theta = [0.0, 1.0];
        var monitor = new StallMonitor(5, 1e-3);
        var steps = new List<int>();
        var reason = new SteppedMinimizer(OptimizerKind.Lbfgs, iterationsPerStep: 1).Run(theta, Creep, 200, _ => false, _ => { }, steps.Add, default, stall: monitor);
        Assert.Equal(StopReason.Stalled, reason);
        Assert.True(monitor.Stalled);
        Assert.InRange(steps.Count, 6, 199);
        Assert.Equal(Enumerable.Range(1, steps.Count), steps);
        // a quadratic reaches its floor: L-BFGS stops by itself and the monitor never fires
        static double Bowl(ReadOnlySpan<double> x, Span<double> g)
        {
            double f = 0;
            for (int i = 0; i < x.Length; i++) { f += (x[i] - i) * (x[i] - i); g[i] = 2 * (x[i] - i); }
            return f;
        }
        var quiet = new StallMonitor(5, 1e-3);
        var end = new SteppedMinimizer(OptimizerKind.Lbfgs, iterationsPerStep: 1).Run([5.0, -3.0], Bowl, 200, _ => false, _ => { }, _ => { }, default, stall: quiet);
        Assert.NotEqual(StopReason.Stalled, end);
        Assert.False(quiet.Stalled);
    }
}
