using Kan.Physics.Networks;
using Kan.Physics.Optimization;

namespace Kan.Physics.Training;

/// <summary>Settings of <see cref="Trainer.Fit"/>; the defaults follow pykan's <c>fit</c>.</summary>
public sealed record TrainingOptions
{
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Lbfgs;
    public TrainingLoss Loss { get; init; } = TrainingLoss.MeanSquaredError;
    /// <summary>Outer steps. With L-BFGS each step is up to <see cref="LbfgsIterationsPerStep"/> iterations; with Adam one update.</summary>
    public int Steps { get; init; } = 100;
    /// <summary>L-BFGS iterations per outer step (pykan/torch: max_iter = 20).</summary>
    public int LbfgsIterationsPerStep { get; init; } = 20;
    /// <summary>L-BFGS evaluation budget per outer step (torch: max_eval = 1.25 max_iter = 25); the budget of the steps
    /// between two grid updates is shared, so it bounds the cost of a run like pykan's.</summary>
    public int LbfgsEvaluationsPerStep { get; init; } = 25;
    /// <summary>L-BFGS history length.</summary>
    public int LbfgsHistory { get; init; } = 10;
    /// <summary>Adam learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Samples per step; 0 or less means the full training set (full batch).</summary>
    public int BatchSize { get; init; } = 0;
    /// <summary>Sparsity regularisation, or null for none.</summary>
    public SparsityRegularization? Regularization { get; init; }
    /// <summary>
    /// Strength of a roughness penalty on the splines (0, the default: none): lambda times the sum over live edges of
    /// the integral of the squared second derivative of the edge's spline part, from its coefficients' second
    /// differences (P-splines). Small values (1e-10 to 1e-6 for targets of order one) keep fine grids from bending
    /// between the samples.
    /// </summary>
    public double Smoothness { get; init; }
    /// <summary>Update the grids from the training inputs every <see cref="GridUpdateEvery"/> steps before <see cref="StopGridUpdateStep"/>.</summary>
    public bool UpdateGrid { get; init; } = true;
    public int GridUpdateEvery { get; init; } = 5;
    public int StopGridUpdateStep { get; init; } = 50;
    /// <summary>Mix of uniform and quantile knots in grid updates (see <see cref="GridAdaptation.UpdateFromSamples"/>).</summary>
    public double GridEps { get; init; } = 0.02;
    /// <summary>
    /// The range each network input can take, when known (null, the default: the training inputs' range, as pykan).
    /// Grid updates then stretch the first layer's grids over it (see <see cref="GridAdaptation.UpdateFromSamples"/>),
    /// so new inputs inside the domain never fall outside the grid.
    /// </summary>
    public IReadOnlyList<(double Lo, double Hi)>? InputDomain { get; init; }
    /// <summary>Seed of the mini-batch sampling.</summary>
    public int Seed { get; init; } = 0;

    internal void Validate()
    {
        if (Steps < 0) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be >= 0.");
        if (LbfgsIterationsPerStep < 1) throw new ArgumentOutOfRangeException(nameof(LbfgsIterationsPerStep), LbfgsIterationsPerStep, "Must be >= 1.");
        if (LbfgsEvaluationsPerStep < 1) throw new ArgumentOutOfRangeException(nameof(LbfgsEvaluationsPerStep), LbfgsEvaluationsPerStep, "Must be >= 1.");
        if (LbfgsHistory < 1) throw new ArgumentOutOfRangeException(nameof(LbfgsHistory), LbfgsHistory, "Must be >= 1.");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "Must be finite and > 0.");
        if (GridUpdateEvery < 1) throw new ArgumentOutOfRangeException(nameof(GridUpdateEvery), GridUpdateEvery, "Must be >= 1.");
        if (!double.IsFinite(GridEps) || GridEps is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(GridEps), GridEps, "Must be in [0, 1].");
        if (!double.IsFinite(Smoothness) || Smoothness < 0) throw new ArgumentOutOfRangeException(nameof(Smoothness), Smoothness, "Must be finite and >= 0.");
        Regularization?.Validate();
        GridAdaptation.CheckDomain(InputDomain, null, nameof(InputDomain)); // the count is checked against the network in Fit
    }
}
