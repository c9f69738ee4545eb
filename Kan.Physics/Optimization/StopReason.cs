namespace Kan.Physics.Optimization;

/// <summary>
/// Why an optimiser stopped. Reported explicitly so that callers never mistake hitting a limit for convergence.
/// </summary>
public enum StopReason
{
    /// <summary>A convergence test passed (gradient tolerance or loss-change tolerance for L-BFGS).</summary>
    Converged,

    /// <summary>The line search found no point with a lower loss, even along steepest descent.</summary>
    LineSearchFailed,

    /// <summary>The maximum number of iterations (L-BFGS) or steps (Adam) was performed.</summary>
    IterationLimit,

    /// <summary>The maximum number of objective evaluations was used up.</summary>
    EvaluationLimit,

    /// <summary>The cancellation token was signalled; the parameters hold the best point found so far.</summary>
    Cancelled,

    /// <summary>
    /// The objective returned a non-finite loss or gradient at the start point, or nowhere finite could be found
    /// along the search direction (L-BFGS) / the next step (Adam).
    /// </summary>
    NonFiniteLoss,

    /// <summary>
    /// The loss stopped improving while the optimiser could still move: over a window of outer steps its best value fell
    /// by less than a relative tolerance (see <see cref="StallMonitor"/>). Unlike <see cref="Converged"/>, nothing says
    /// the loss is near its floor; more steps would most likely not help, another set-up might.
    /// </summary>
    Stalled,
}
