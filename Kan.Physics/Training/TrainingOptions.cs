using Kan.Physics.Networks;

namespace Kan.Physics.Training;

/// <summary>
/// Settings of <see cref="Trainer.Fit"/>; the defaults follow pykan's <c>fit</c>. The optimiser, grid-update and seed
/// settings are the shared ones of <see cref="StageOptions"/> (<see cref="StageOptions.Seed"/> seeds the mini-batches).
/// </summary>
public sealed record TrainingOptions : StageOptions
{
    /// <summary>The data loss.</summary>
    public TrainingLoss Loss { get; init; } = TrainingLoss.MeanSquaredError;
    /// <summary>Outer steps. With L-BFGS each step is up to <see cref="StageOptions.LbfgsIterationsPerStep"/> iterations; with Adam one update.</summary>
    public int Steps { get; init; } = 100;
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
    /// <summary>
    /// The range each network input can take, when known (null, the default: the training inputs' range, as pykan).
    /// Grid updates then stretch the first layer's grids over it (see <see cref="GridAdaptation.UpdateFromSamples"/>),
    /// so new inputs inside the domain never fall outside the grid.
    /// </summary>
    public IReadOnlyList<(double Lo, double Hi)>? InputDomain { get; init; }

    /// <inheritdoc/>
    public override void Validate()
    {
        if (Steps < 0) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "Steps must be >= 0.");
        base.Validate();
        if (!double.IsFinite(Smoothness) || Smoothness < 0) throw new ArgumentOutOfRangeException(nameof(Smoothness), Smoothness, "Must be finite and >= 0.");
        Regularization?.Validate();
        GridAdaptation.CheckDomain(InputDomain, null, nameof(InputDomain)); // the count is checked against the network in Fit
    }
}
