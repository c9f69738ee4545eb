using Kan.Physics.Optimization;

namespace Kan.Physics.Training;

/// <summary>
/// The settings every staged training shares (<see cref="StageRunner"/>): the optimiser of the outer steps and the grid
/// updates within a stage. <see cref="TrainingOptions"/> (data) and the PDE solver's options add their own.
/// </summary>
public abstract record StageOptions
{
    /// <summary>The optimiser of the outer steps (L-BFGS or Adam).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Lbfgs;
    /// <summary>L-BFGS iterations per outer step (pykan/torch: max_iter = 20).</summary>
    public int LbfgsIterationsPerStep { get; init; } = 20;
    /// <summary>L-BFGS evaluation budget per outer step (torch: max_eval = 1.25 max_iter = 25); the budget of the steps
    /// between two restart steps is shared, so it bounds the cost of a run like pykan's.</summary>
    public int LbfgsEvaluationsPerStep { get; init; } = 25;
    /// <summary>L-BFGS history length.</summary>
    public int LbfgsHistory { get; init; } = 10;
    /// <summary>Adam learning rate (of the Adam optimiser and of an Adam warm-up).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Update the grids from the samples every <see cref="GridUpdateEvery"/> steps of a stage before <see cref="StopGridUpdateStep"/>.</summary>
    public bool UpdateGrid { get; init; } = true;
    /// <summary>Steps between two grid updates.</summary>
    public int GridUpdateEvery { get; init; } = 5;
    /// <summary>The step of a stage from which on the grids are no longer updated.</summary>
    public int StopGridUpdateStep { get; init; } = 50;
    /// <summary>
    /// The first step of a stage before which the grids may be updated (0, the default, as pykan: also before the first
    /// step). With 5, the first update comes after five steps of training: an update before any training places the
    /// hidden layers' grids on the narrow range of the untrained network's activations, which on a 1-D Robin problem
    /// with [1,5,5,1] and on Kovasznay flow with [2,8,8,3] spoiled the solve (see the README, "How a solve ends").
    /// </summary>
    public int FirstGridUpdateStep { get; init; }
    /// <summary>Mix of uniform and quantile knots in grid updates (see <see cref="Networks.GridAdaptation.UpdateFromSamples"/>): 1 uniform, 0 quantiles.</summary>
    public double GridEps { get; init; } = 0.02;
    /// <summary>Seed of whatever the training draws at random (mini-batches, resampled points).</summary>
    public int Seed { get; init; } = 0;
    /// <summary>
    /// Judges every grid update by the loss: the grids and parameters are kept from just before the update, and at the next
    /// restart step (after the steps trained on the new grids) the update is undone when the objective then is above the
    /// one just before it by more than <see cref="GridUpdateRollbackTolerance"/> (relative), or is not finite: grids and
    /// parameters go back to their values before the update, bit for bit, and the update due at that step is skipped (it
    /// would be the same update again). The last update of a stage, whose steps end the stage, is kept unjudged. Costs
    /// three loss evaluations per update (before it, after it, after its steps), counted in the evaluations. Each
    /// judgement is reported (<see cref="StageRunResult.GridUpdates"/>). Off here and in <see cref="TrainingOptions"/>,
    /// so data fits (Feynman, special functions, toy formula, Anderson, knots) train as before; on in the PDE solver's
    /// options.
    /// </summary>
    /// <remarks>
    /// The update is judged after its steps, not right after it, because a PDE loss of derivatives jumps at any refit:
    /// on a 1-D Robin problem (updates from step 5 on) updates that raised the loss 15- to 48-fold at once ended their five steps 13 to 97 % lower.
    /// </remarks>
    public bool GridUpdateRollback { get; init; }
    /// <summary>
    /// The relative rise <see cref="GridUpdateRollback"/> lets pass: an update is kept when the loss after its steps is at
    /// most (1 + tolerance) times the loss before it. 0.1: on poisson2d and poisson2d-paper every update ended its steps
    /// 2 to 99 % lower; on a 1-D Robin problem a few ended 7 to 20 % higher, and undoing those (tolerance 0) made its
    /// error four times worse.
    /// </summary>
    public double GridUpdateRollbackTolerance { get; init; } = 0.1;
    /// <summary>
    /// Stall detection: a stage's main run ends early when its best loss has fallen by less than
    /// <see cref="StallTolerance"/> (relative) over this many outer steps (the window starts again wherever something
    /// other than a grid update changes the problem: resampled points, new weights, a mini-batch). The stage then ends
    /// with <see cref="StopReason.Stalled"/>; later grids of the schedule still run. 0 (the default here and in
    /// <see cref="TrainingOptions"/>) disables it.
    /// </summary>
    public int StallWindow { get; init; }
    /// <summary>
    /// Stall detection: the relative decrease of the best loss over <see cref="StallWindow"/> steps below which a stage
    /// has stalled. 1e-3: the PDE modules' slowest 10-step decrease is 4 % (poisson2d on grid 20).
    /// </summary>
    public double StallTolerance { get; init; } = 1e-5;

    /// <summary>Whether a grid update is due before <paramref name="step"/> of a stage.</summary>
    public bool GridUpdateDue(int step) => UpdateGrid && step >= FirstGridUpdateStep && step < StopGridUpdateStep && step % GridUpdateEvery == 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of its range.</summary>
    public virtual void Validate()
    {
        if (LbfgsIterationsPerStep < 1) throw new ArgumentOutOfRangeException(nameof(LbfgsIterationsPerStep), LbfgsIterationsPerStep, "Must be >= 1.");
        if (LbfgsEvaluationsPerStep < 1) throw new ArgumentOutOfRangeException(nameof(LbfgsEvaluationsPerStep), LbfgsEvaluationsPerStep, "Must be >= 1.");
        if (LbfgsHistory < 1) throw new ArgumentOutOfRangeException(nameof(LbfgsHistory), LbfgsHistory, "Must be >= 1.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and > 0.");
        if (GridUpdateEvery < 1) throw new ArgumentOutOfRangeException(nameof(GridUpdateEvery), GridUpdateEvery, "Must be >= 1.");
        if (FirstGridUpdateStep < 0) throw new ArgumentOutOfRangeException(nameof(FirstGridUpdateStep), FirstGridUpdateStep, "Must be >= 0.");
        if (!double.IsFinite(GridEps) || GridEps is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(GridEps), GridEps, "Must be in [0, 1].");
        if (!double.IsFinite(GridUpdateRollbackTolerance) || GridUpdateRollbackTolerance < 0)
            throw new ArgumentOutOfRangeException(nameof(GridUpdateRollbackTolerance), GridUpdateRollbackTolerance, "Must be finite and >= 0.");
        if (StallWindow < 0) throw new ArgumentOutOfRangeException(nameof(StallWindow), StallWindow, "Must be >= 0 (0: no stall detection).");
        if (!double.IsFinite(StallTolerance) || StallTolerance is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(StallTolerance), StallTolerance, "Must be in [0, 1).");
    }

    /// <summary>The minimiser of a stage's main run: <see cref="Optimizer"/> with these settings.</summary>
    internal SteppedMinimizer CreateMinimizer() => new(Optimizer, LbfgsIterationsPerStep, LbfgsEvaluationsPerStep, LbfgsHistory, LearningRate);
}
