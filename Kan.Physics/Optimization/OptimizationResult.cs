namespace Kan.Physics.Optimization;

/// <summary>
/// Outcome of a minimisation. <see cref="Loss"/> and <see cref="GradientNorm"/> describe exactly the point the
/// optimiser left in the caller's parameter array, so no extra evaluation is needed to report it.
/// </summary>
/// <param name="StopReason">Why the optimiser stopped.</param>
/// <param name="Iterations">Number of completed iterations (accepted steps).</param>
/// <param name="Evaluations">Total objective evaluations, including the one at the start point.</param>
/// <param name="Loss">Loss at the returned parameters (non-finite only when the start point already was).</param>
/// <param name="GradientNorm">Infinity norm max|gᵢ| of the gradient at the returned parameters.</param>
public sealed record OptimizationResult(StopReason StopReason, int Iterations, int Evaluations, double Loss, double GradientNorm);
