namespace Kan.Physics.Optimization;

/// <summary>
/// A differentiable scalar objective. Returns f(<paramref name="x"/>) and writes ∇f(<paramref name="x"/>)
/// into <paramref name="gradient"/> (same length as <paramref name="x"/>).
/// </summary>
/// <remarks>
/// Loss and gradient are produced by one call because for network losses both come out of the same
/// forward/backward pass; the optimisers count one call as one evaluation. Spans let callers and optimisers
/// reuse buffers, so an evaluation allocates nothing on the optimiser side. The optimiser owns both buffers:
/// do not keep references to them after returning.
/// </remarks>
/// <param name="x">The point to evaluate; must not be modified.</param>
/// <param name="gradient">Receives the gradient; every element must be written.</param>
/// <returns>The objective value. NaN or infinity is allowed and is handled by the optimisers.</returns>
public delegate double Objective(ReadOnlySpan<double> x, Span<double> gradient);
