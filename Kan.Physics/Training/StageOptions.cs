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
    /// <summary>Mix of uniform and quantile knots in grid updates (see <see cref="Networks.GridAdaptation.UpdateFromSamples"/>): 1 uniform, 0 quantiles.</summary>
    public double GridEps { get; init; } = 0.02;
    /// <summary>Seed of whatever the training draws at random (mini-batches, resampled points).</summary>
    public int Seed { get; init; } = 0;

    /// <summary>Whether a grid update is due before <paramref name="step"/> of a stage.</summary>
    public bool GridUpdateDue(int step) => UpdateGrid && step < StopGridUpdateStep && step % GridUpdateEvery == 0;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of its range.</summary>
    public virtual void Validate()
    {
        if (LbfgsIterationsPerStep < 1) throw new ArgumentOutOfRangeException(nameof(LbfgsIterationsPerStep), LbfgsIterationsPerStep, "Must be >= 1.");
        if (LbfgsEvaluationsPerStep < 1) throw new ArgumentOutOfRangeException(nameof(LbfgsEvaluationsPerStep), LbfgsEvaluationsPerStep, "Must be >= 1.");
        if (LbfgsHistory < 1) throw new ArgumentOutOfRangeException(nameof(LbfgsHistory), LbfgsHistory, "Must be >= 1.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and > 0.");
        if (GridUpdateEvery < 1) throw new ArgumentOutOfRangeException(nameof(GridUpdateEvery), GridUpdateEvery, "Must be >= 1.");
        if (!double.IsFinite(GridEps) || GridEps is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(GridEps), GridEps, "Must be in [0, 1].");
    }

    /// <summary>The minimiser of a stage's main run: <see cref="Optimizer"/> with these settings.</summary>
    internal SteppedMinimizer CreateMinimizer() => new(Optimizer, LbfgsIterationsPerStep, LbfgsEvaluationsPerStep, LbfgsHistory, LearningRate);
}
