namespace Kan.Physics.Optimization;

/// <summary>
/// Settings for <see cref="Lbfgs"/>. Defaults aim at deterministic, high-accuracy training of small physics
/// networks in double precision, where the objective is the expensive part and tight tolerances are affordable.
/// </summary>
public sealed record LbfgsOptions
{
    /// <summary>
    /// Maximum number of iterations (each: one search direction and one line search). Reaching it is reported as
    /// <see cref="StopReason.IterationLimit"/>, never as convergence. Zero is allowed and only evaluates the start.
    /// </summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>
    /// Maximum number of objective evaluations in total, including the one at the start point, because evaluations
    /// (not iterations) are what cost time. Must be at least 1.
    /// </summary>
    public int MaxEvaluations { get; init; } = int.MaxValue;

    /// <summary>Number of (s, y) correction pairs kept for the inverse-Hessian approximation. Must be at least 1.</summary>
    public int History { get; init; } = 10;

    /// <summary>Converged when the infinity norm max|gᵢ| of the gradient is ≤ this value. Must be ≥ 0.</summary>
    public double GradientTolerance { get; init; } = 1e-12;

    /// <summary>
    /// Converged when an iteration changes the loss by at most this much relative to the new loss:
    /// |f_k − f_{k+1}| ≤ ChangeTolerance · |f_{k+1}| (purely relative, so fits whose loss falls to 1e-20 are not stopped early). Only the loss change is tested (no separate step-size
    /// test): at the default 1e-15 this means "no further progress is representable in double precision", which
    /// stops the optimiser from burning evaluations on round-off. Zero disables the test except for an exactly
    /// unchanged loss. Must be ≥ 0.
    /// </summary>
    public double ChangeTolerance { get; init; } = 1e-15;

    /// <summary>Maximum objective evaluations per line search (bracketing and zoom together). Must be at least 1.</summary>
    public int MaxLineSearchEvaluations { get; init; } = 25;

    /// <summary>Sufficient-decrease (Armijo) constant of the strong Wolfe conditions; 0 &lt; C1 &lt; C2.</summary>
    public double C1 { get; init; } = 1e-4;

    /// <summary>
    /// Curvature constant of the strong Wolfe conditions; C1 &lt; C2 &lt; 1. The usual quasi-Newton value 0.9 accepts
    /// the unit step most of the time, which saves evaluations.
    /// </summary>
    public double C2 { get; init; } = 0.9;

    /// <summary>
    /// Throws if any setting is out of range, so that mistakes surface at construction instead of as odd behaviour
    /// deep inside a run.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the property's.</exception>
    public void Validate()
    {
        if (MaxIterations < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "MaxIterations must be non-negative.");
        }

        if (MaxEvaluations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEvaluations), MaxEvaluations, "MaxEvaluations must be at least 1.");
        }

        if (History < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(History), History, "History must be at least 1.");
        }

        if (!(GradientTolerance >= 0) || double.IsPositiveInfinity(GradientTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTolerance), GradientTolerance, "GradientTolerance must be finite and non-negative.");
        }

        if (!(ChangeTolerance >= 0) || double.IsPositiveInfinity(ChangeTolerance))
        {
            throw new ArgumentOutOfRangeException(nameof(ChangeTolerance), ChangeTolerance, "ChangeTolerance must be finite and non-negative.");
        }

        if (MaxLineSearchEvaluations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLineSearchEvaluations), MaxLineSearchEvaluations, "MaxLineSearchEvaluations must be at least 1.");
        }

        if (!(C1 > 0 && C1 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(C1), C1, "C1 must lie in (0, 1).");
        }

        if (!(C2 > C1 && C2 < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(C2), C2, "C2 must lie in (C1, 1).");
        }
    }
}
