using Kan.Physics.Networks;
using Kan.Physics.Optimization;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Training;

public class StageRunnerTests
{
    private static double Toy(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);
    private static readonly Dataset Data = Dataset.FromFunction(Toy, 150, [-1, -1], [1, 1], seed: 1);
    private static KanNetwork Network(int grid = 3) => KanNetwork.Create([2, 2, 1], new KanOptions { GridSize = grid, Seed = 4 });

    private sealed record Options : StageOptions;

    /// <summary>The mean squared error on <see cref="Data"/>; <paramref name="onCreate"/> sees each stage's network.</summary>
    private static Func<KanNetwork, Objective> Mse(Action<KanNetwork>? onCreate = null) => net =>
    {
        onCreate?.Invoke(net);
        var loss = new MseLoss(Data.Targets, Data.Count);
        return (x, g) =>
        {
            net.SetParameters(x);
            return net.Evaluate(Data.Inputs, loss, g).Total;
        };
    };

    /// <summary>Records every call so tests can see when the runner asked and prepared.</summary>
    private sealed class Probe(Func<StageStep, bool> due) : IStageAction
    {
        public List<StageStep> Prepared { get; } = [];
        public List<int> Begun { get; } = [];
        public bool IsDue(StageStep at) => due(at);
        public void Prepare(KanNetwork network, StageStep at) => Prepared.Add(at);
        public void BeginStage(KanNetwork network, int stage) => Begun.Add(stage);
    }

    [Fact]
    public void The_schedule_goes_along_the_grids_in_order_and_refines_only_where_the_grid_changes()
    {
        var start = Network(3);
        var seen = new List<(int Index, int Grid, int[] Sizes, bool Same)>();
        KanNetwork? previous = null;
        var end = StageRunner.RunSchedule(start, [3, 5, 5, 8], stage =>
        {
            seen.Add((stage.Index, stage.Grid, stage.Network.Layers.Select(l => l.GridSize).ToArray(), ReferenceEquals(stage.Network, previous ?? start)));
            previous = stage.Network;
            return StageEnd.Next(stage.Network);
        });
        Assert.False(end.Stopped);
        Assert.Equal([0, 1, 2, 3], seen.Select(s => s.Index));
        Assert.Equal([3, 5, 5, 8], seen.Select(s => s.Grid));
        Assert.All(seen, s => Assert.All(s.Sizes, g => Assert.Equal(s.Grid, g)));
        // the first grid is the network's own and the third repeats the second: no refit there
        Assert.Equal([true, false, true, false], seen.Select(s => s.Same));
        Assert.Equal(8, end.Network.Layers[0].GridSize);
        // a later first stage starts there, refining the given network
        var later = new List<int>();
        StageRunner.RunSchedule(start, [3, 5, 8], stage => { later.Add(stage.Grid); return StageEnd.Next(stage.Network); }, firstStage: 1);
        Assert.Equal([5, 8], later);
        Assert.Throws<ArgumentOutOfRangeException>(() => StageRunner.RunSchedule(start, [3, 0], s => StageEnd.Next(s.Network)));
        Assert.Throws<ArgumentOutOfRangeException>(() => StageRunner.RunSchedule(start, [3], s => StageEnd.Next(s.Network), firstStage: 2));
    }

    [Fact]
    public void A_stage_that_stops_ends_the_schedule_with_the_network_it_hands_back()
    {
        var kept = Network(3);
        var grids = new List<int>();
        var end = StageRunner.RunSchedule(Network(3), [3, 5, 8], stage =>
        {
            grids.Add(stage.Grid);
            return stage.Grid == 5 ? StageEnd.StopWith(kept) : StageEnd.Next(stage.Network);
        });
        Assert.True(end.Stopped);
        Assert.Same(kept, end.Network);
        Assert.Equal([3, 5], grids);
    }

    [Fact]
    public void A_run_equals_the_direct_sequence_of_refinement_and_stepped_minimisation_bit_for_bit()
    {
        // what every caller used to write by hand: refine, then L-BFGS with grid updates on the samples, per grid
        var options = new Options { GridUpdateEvery = 2, StopGridUpdateStep = 5, Seed = 3 };
        int[] grids = [3, 5, 8];
        const int steps = 6;
        var direct = new List<(int Grid, int Step, double Loss, int Evaluations)>();
        var net = Network(3);
        int offset = 0, evaluations = 0;
        foreach (int g in grids)
        {
            if (net.Layers[0].GridSize != g) net = net.Refine(g);
            var stageNet = net;
            double[] theta = stageNet.GetParameters();
            var f = Mse()(stageNet);
            var minimizer = new SteppedMinimizer(OptimizerKind.Lbfgs);
            int before = evaluations, stageOffset = offset;
            minimizer.Run(theta, f, steps, options.GridUpdateDue, s =>
            {
                stageNet.SetParameters(theta);
                stageNet.UpdateGrid(Data.Inputs, options.GridEps);
                stageNet.GetParameters(theta);
            }, s =>
            {
                stageNet.SetParameters(theta);
                direct.Add((g, stageOffset + s, Data.Rmse(stageNet), before + minimizer.Evaluations));
            }, default);
            stageNet.SetParameters(theta);
            evaluations += minimizer.Evaluations;
            offset += minimizer.Step;
        }

        var viaRunner = new List<(int Grid, int Step, double Loss, int Evaluations)>();
        var run = new StageRunner(options, [new GridUpdate(options, () => Data.Inputs)])
            .Run(Network(3), grids, steps, Mse(), (n, at) => viaRunner.Add((at.Grid, at.Step, Data.Rmse(n), at.Evaluations)));
        Assert.Equal(direct, viaRunner);
        Assert.Equal(net.GetParameters(), run.Network.GetParameters());
        Assert.Equal(StopReason.IterationLimit, run.StopReason);
        Assert.Equal((offset, evaluations), (run.Steps, run.Evaluations));
    }

    [Fact]
    public void Progress_counts_steps_over_the_warm_up_and_all_stages()
    {
        var options = new Options { UpdateGrid = false, LearningRate = 1e-2 };
        var progress = new List<StageProgress>();
        var run = new StageRunner(options) { WarmupSteps = 3 }.Run(Network(3), [3, 5], 4, Mse(), (_, at) => progress.Add(at));
        // Adam steps 1-3 on the first grid, then L-BFGS steps 4-7 there and 8-11 on the second
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], progress.Select(p => p.Step));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], progress.Select(p => p.Stage));
        Assert.Equal([3, 3, 3, 3, 3, 3, 3, 5, 5, 5, 5], progress.Select(p => p.Grid));
        Assert.True(progress.Zip(progress.Skip(1), (a, b) => b.Evaluations > a.Evaluations).All(x => x));
        Assert.Equal(11, run.Steps);
        Assert.Equal(progress[^1].Evaluations, run.Evaluations);
    }

    [Fact]
    public void Actions_prepare_every_restart_step_in_order_and_begin_every_stage()
    {
        var options = new Options { UpdateGrid = false };
        var order = new List<string>();
        var every3 = new Probe(at => at.Step % 3 == 0);
        var never = new Probe(_ => false);
        var run = new StageRunner(options, [every3, never]).Run(Network(3), [3, 5], 7, Mse());
        // restart steps 0, 3 and 6 of each stage; the action that is never due still prepares them, after the first
        Assert.Equal([(0, 0), (0, 3), (0, 6), (1, 0), (1, 3), (1, 6)], every3.Prepared.Select(a => (a.Stage, a.Step)));
        Assert.Equal(every3.Prepared, never.Prepared);
        Assert.Equal([0, 1], every3.Begun);
        Assert.All(every3.Prepared, a => Assert.Equal(a.Stage == 0 ? 3 : 5, a.Grid));
        Assert.Equal(StopReason.IterationLimit, run.StopReason);
    }

    [Fact]
    public void Cancellation_stops_between_iterations_and_ends_the_schedule()
    {
        using var cts = new CancellationTokenSource();
        var progress = new List<StageProgress>();
        var stages = new List<int>();
        var run = new StageRunner(new Options()).Run(Network(3), [3, 5, 8], 5, Mse(n => stages.Add(n.Layers[0].GridSize)), (_, at) =>
        {
            progress.Add(at);
            if (at.Step == 7) cts.Cancel();
        }, cts.Token);
        Assert.Equal(StopReason.Cancelled, run.StopReason);
        Assert.Equal([3, 5], stages); // the third grid never starts
        Assert.InRange(progress[^1].Step, 7, 8); // a partial step may still be counted
        Assert.Equal(5, run.Network.Layers[0].GridSize);
        // the network is left at the last accepted point: its loss is the last one reported
        Assert.Equal(progress.Count, progress.Select(p => p.Step).Distinct().Count());
    }

    [Fact]
    public void A_non_finite_loss_ends_the_schedule()
    {
        int stage = 0;
        Func<KanNetwork, Objective> objective = net =>
        {
            bool poison = stage++ == 1;
            var f = Mse()(net);
            return (x, g) => poison ? double.NaN : f(x, g);
        };
        var run = new StageRunner(new Options()).Run(Network(3), [3, 5, 8], 3, objective);
        Assert.Equal(StopReason.NonFiniteLoss, run.StopReason);
        Assert.Equal(2, stage);
        Assert.Equal(5, run.Network.Layers[0].GridSize);
    }

    [Fact]
    public void Checkpoints_come_at_the_restart_steps_of_the_main_run_and_resume_bit_for_bit()
    {
        var options = new Options { GridUpdateEvery = 2, StopGridUpdateStep = 5 };
        int[] grids = [3, 5];
        var checkpoints = new List<StageCheckpoint>();
        var full = new List<(int Step, double Loss, int Evaluations)>();
        var runner = new StageRunner(options, [new GridUpdate(options, () => Data.Inputs)]) { WarmupSteps = 2, OnCheckpoint = checkpoints.Add };
        var run = runner.Run(Network(3), grids, 6, Mse(), (n, at) => full.Add((at.Step, Data.Rmse(n), at.Evaluations)));
        // grid updates before steps 0, 2 and 4 of each stage's L-BFGS run; none in the Adam warm-up
        Assert.Equal([(0, 0), (0, 2), (0, 4), (1, 0), (1, 2), (1, 4)], checkpoints.Select(c => (c.Stage, c.Step)));
        Assert.All(checkpoints, c => Assert.Equal(grids[c.Stage], c.Network.Layers[0].GridSize));
        Assert.Equal([2, 2, 2, 8, 8, 8], checkpoints.Select(c => c.StepOffset));
        foreach (var checkpoint in new[] { checkpoints[1], checkpoints[3], checkpoints[5] })
        {
            var resumed = new List<(int Step, double Loss, int Evaluations)>();
            var again = new StageRunner(options, [new GridUpdate(options, () => Data.Inputs)]) { WarmupSteps = 2 }
                .Run(Network(3), grids, 6, Mse(), (n, at) => resumed.Add((at.Step, Data.Rmse(n), at.Evaluations)), default, checkpoint with { Network = checkpoint.Network.Clone() });
            Assert.Equal(full.Where(r => r.Step > checkpoint.StepOffset + checkpoint.Step), resumed);
            Assert.Equal(run.Network.GetParameters(), again.Network.GetParameters());
            Assert.Equal((run.Steps, run.Evaluations), (again.Steps, again.Evaluations));
        }
        // Adam keeps state across steps: no checkpoints there
        var adam = new List<StageCheckpoint>();
        new StageRunner(options with { Optimizer = OptimizerKind.Adam }, [new GridUpdate(options, () => Data.Inputs)]) { OnCheckpoint = adam.Add }
            .Run(Network(3), grids, 6, Mse());
        Assert.Empty(adam);
        var wrong = checkpoints[0] with { Stage = 2 };
        Assert.Equal("resumeFrom", Assert.Throws<ArgumentException>(() => runner.Run(Network(3), grids, 6, Mse(), resumeFrom: wrong)).ParamName);
    }

    [Fact]
    public void Shared_settings_are_checked_by_name()
    {
        Assert.Equal("LbfgsHistory", Assert.Throws<ArgumentOutOfRangeException>(() => new StageRunner(new Options { LbfgsHistory = 0 })).ParamName);
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new StageRunner(new Options { LearningRate = double.NaN })).ParamName);
        Assert.Equal("GridEps", Assert.Throws<ArgumentOutOfRangeException>(() => new StageRunner(new Options { GridEps = 1.5 })).ParamName);
        Assert.Equal("GridUpdateEvery", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingOptions { GridUpdateEvery = 0 }.Validate()).ParamName);
        Assert.Equal("stepsPerStage", Assert.Throws<ArgumentOutOfRangeException>(() => new StageRunner(new Options()).Run(Network(), null, -1, Mse())).ParamName);
        Assert.True(new Options { StopGridUpdateStep = 4, GridUpdateEvery = 2 }.GridUpdateDue(2));
        Assert.False(new Options { StopGridUpdateStep = 4, GridUpdateEvery = 2 }.GridUpdateDue(4));
        Assert.False(new Options { UpdateGrid = false }.GridUpdateDue(0));
    }
}
