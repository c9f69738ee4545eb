using Kan.Physics.Networks;
using Kan.Physics.Optimization;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Training;

/// <summary>Grid updates judged by the loss (<see cref="StageOptions.GridUpdateRollback"/>) and stall detection in the runner.</summary>
public class GridUpdateRollbackTests
{
    private static double Toy(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);
    private static readonly Dataset Data = Dataset.FromFunction(Toy, 150, [-1, -1], [1, 1], seed: 1);

    private sealed record Options : StageOptions;

    private static Func<KanNetwork, Objective> Mse => net =>
    {
        var loss = new MseLoss(Data.Targets, Data.Count);
        return (x, g) =>
        {
            net.SetParameters(x);
            return net.Evaluate(Data.Inputs, loss, g).Total;
        };
    };

    /// <summary>A network fitted for a few steps without grid updates, so that a bad update has something to spoil.</summary>
    private static KanNetwork Fitted()
    {
        var net = KanNetwork.Create([2, 2, 1], new KanOptions { GridSize = 5, Seed = 4 });
        new StageRunner(new Options { UpdateGrid = false }).Run(net, null, 8, Mse);
        return net;
    }

    /// <summary>Grid updates onto samples squeezed into [-0.02, 0.02]: the inputs in [-1, 1] then lie mostly outside the grids.</summary>
    private static GridUpdate Squeezing(StageOptions options) => new(options, () => Data.Inputs.Select(v => 0.02 * v).ToArray());

    private static (StageRunResult Run, List<StageCheckpoint> Checkpoints, List<double> Losses) Run(StageOptions options)
    {
        var checkpoints = new List<StageCheckpoint>();
        var losses = new List<double>();
        var net = Fitted();
        var objective = Mse;
        var runner = new StageRunner(options, [Squeezing(options)]) { OnCheckpoint = checkpoints.Add };
        var run = runner.Run(net, null, 6, objective, (n, _) => losses.Add(objective(n)(n.GetParameters(), new double[n.ParameterCount])));
        return (run, checkpoints, losses);
    }

    private static void AssertSameNetwork(KanNetwork expected, KanNetwork actual)
    {
        Assert.Equal(expected.GetParameters(), actual.GetParameters()); // exact doubles
        for (int l = 0; l < expected.Layers.Count; l++)
            for (int i = 0; i < expected.Layers[l].InputCount; i++)
                Assert.Equal(expected.Layers[l].Basis(i).GridPoints.ToArray(), actual.Layers[l].Basis(i).GridPoints.ToArray());
    }

    [Fact]
    public void A_grid_update_that_leaves_the_loss_higher_is_undone_bit_for_bit_and_recorded()
    {
        // updates before steps 0 and 3; the one at 0 is judged at 3, the one at 3 would end the stage unjudged
        var options = new Options { GridUpdateRollback = true, GridUpdateEvery = 3, StopGridUpdateStep = 6 };
        var (run, checkpoints, _) = Run(options);
        var check = Assert.Single(run.GridUpdates);
        Assert.True(check.RolledBack, $"loss before {check.LossBefore:E3}, after the update {check.LossAfterUpdate:E3}, after its steps {check.LossAfterSteps:E3}");
        Assert.Equal((0, 5, 0), (check.Stage, check.Grid, check.Step));
        Assert.True(check.LossAfterUpdate > check.LossBefore && check.LossAfterSteps > check.LossBefore * 1.1);
        // the checkpoint before step 3 is taken after the judgement: the network is the one before the update, bit for bit
        Assert.Equal([0, 3], checkpoints.Select(c => c.Step));
        AssertSameNetwork(checkpoints[0].Network, checkpoints[1].Network);
        // so the loss did not rise: it is the loss before the update
        var restored = checkpoints[1].Network;
        Assert.Equal(check.LossBefore, Mse(restored)(restored.GetParameters(), new double[restored.ParameterCount]));
        // the same update is not tried again at step 3 (it would be the same), so nothing is left to judge
        Assert.Equal(6, run.Steps);
        Assert.Equal(StopReason.IterationLimit, run.StopReason);
    }

    [Fact]
    public void Without_rollback_the_update_stays_and_judging_does_not_change_the_training()
    {
        var off = Run(new Options { GridUpdateEvery = 3, StopGridUpdateStep = 6 });
        Assert.Empty(off.Run.GridUpdates);
        // the old behaviour: the squeezed grids stay, the network before step 3 has them
        Assert.Equal(0.02 * Data.Inputs.Where((_, i) => i % 2 == 0).Max(), off.Checkpoints[1].Network.Layers[0].Basis(0).GridPoints[^1], 12);
        // judging with a tolerance nothing exceeds keeps every update: the same losses bit for bit, three evaluations more per update
        var judged = Run(new Options { GridUpdateRollback = true, GridUpdateRollbackTolerance = 1e300, GridUpdateEvery = 3, StopGridUpdateStep = 6 });
        Assert.False(Assert.Single(judged.Run.GridUpdates).RolledBack);
        Assert.Equal(off.Losses, judged.Losses);
        AssertSameNetwork(off.Run.Network, judged.Run.Network);
        Assert.Equal(off.Run.Evaluations + 2 + 2 + 1, judged.Run.Evaluations); // two updates checked, one judged
    }

    [Fact]
    public void The_first_grid_update_step_delays_the_first_update()
    {
        var pykan = new Options();
        Assert.Equal([0, 5, 10, 45], Enumerable.Range(0, 60).Where(pykan.GridUpdateDue).Where(s => s is < 15 or 45));
        var later = new Options { FirstGridUpdateStep = 5 };
        Assert.Equal([5, 10, 15, 20, 25, 30, 35, 40, 45], Enumerable.Range(0, 60).Where(later.GridUpdateDue));
        Assert.Equal([7, 10, 15], Enumerable.Range(0, 20).Where((later with { FirstGridUpdateStep = 7, GridUpdateEvery = 1 }).GridUpdateDue).Where(s => s is 7 or 10 or 15 or 6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StageRunner(new Options { FirstGridUpdateStep = -1 }));
    }

    [Fact]
    public void Data_training_options_keep_updates_unjudged_and_no_stall_detection()
    {
        var o = new TrainingOptions();
        Assert.False(o.GridUpdateRollback);
        Assert.Equal(0, o.StallWindow);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StageRunner(new Options { GridUpdateRollbackTolerance = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StageRunner(new Options { StallWindow = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StageRunner(new Options { StallTolerance = 1 }));
    }
}
