namespace Kan.Physics.Optimization;

/// <summary>
/// Settings for <see cref="Adam"/>. The defaults are those of Kingma &amp; Ba (2015), which work for most problems
/// without tuning, so Adam is the robust first phase before switching to <see cref="Lbfgs"/>.
/// </summary>
public sealed record AdamOptions
{
    /// <summary>Step size α; the first step moves every parameter by about α. Must be finite and &gt; 0.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Decay rate of the first-moment (mean gradient) estimate; in [0, 1).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Decay rate of the second-moment (mean squared gradient) estimate; in [0, 1).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Added to √v̂ to avoid division by zero for parameters with zero gradient; finite and &gt; 0.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>
    /// Decoupled weight decay λ (AdamW, Loshchilov &amp; Hutter 2019): each step first shrinks the parameters by
    /// θ ← θ·(1 − α·λ), independently of the gradient moments. Decoupling keeps the decay strength the same for all
    /// parameters instead of being rescaled by the adaptive denominator as an L2 term in the loss would be.
    /// Zero (the default) disables it. Must be finite and ≥ 0.
    /// </summary>
    public double WeightDecay { get; init; }

    /// <summary>Throws if any setting is out of range, so bad settings fail when the optimiser is created.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the property's.</exception>
    public void Validate()
    {
        if (!(LearningRate > 0) || double.IsPositiveInfinity(LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be finite and positive.");
        }

        if (!(Beta1 >= 0 && Beta1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, "Beta1 must lie in [0, 1).");
        }

        if (!(Beta2 >= 0 && Beta2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, "Beta2 must lie in [0, 1).");
        }

        if (!(Epsilon > 0) || double.IsPositiveInfinity(Epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(Epsilon), Epsilon, "Epsilon must be finite and positive.");
        }

        if (!(WeightDecay >= 0) || double.IsPositiveInfinity(WeightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be finite and non-negative.");
        }
    }
}
