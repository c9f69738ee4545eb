namespace Kan.Physics.Optimization;

/// <summary>
/// Progress report passed to the per-iteration callback, so callers can log, checkpoint or cancel
/// without the optimiser knowing about any of that.
/// </summary>
/// <param name="Iteration">1-based number of the iteration (or step) just completed.</param>
/// <param name="Loss">Loss at the new parameters.</param>
/// <param name="GradientNorm">Infinity norm max|gᵢ| of the gradient at the new parameters (the norm the L-BFGS
/// gradient tolerance uses).</param>
/// <param name="StepSize">L-BFGS: the accepted line-search step α along the search direction (x ← x + α·d).
/// Adam: the learning rate.</param>
/// <param name="Evaluations">Total objective evaluations so far, including the one at the start point.</param>
public readonly record struct IterationInfo(int Iteration, double Loss, double GradientNorm, double StepSize, int Evaluations);
