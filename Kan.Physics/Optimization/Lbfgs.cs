namespace Kan.Physics.Optimization;

/// <summary>
/// Limited-memory BFGS minimiser with a strong-Wolfe line search, written for full-batch, double-precision training
/// where every objective evaluation is expensive and the caller needs to know exactly why the run stopped.
/// </summary>
/// <remarks>
/// <para>
/// Search direction: the two-loop recursion over the last <see cref="LbfgsOptions.History"/> pairs
/// s = x_{k+1} − x_k, y = g_{k+1} − g_k, with initial inverse Hessian γ·I, γ = s·y / y·y from the newest pair
/// (this makes the unit step well scaled, so the line search usually accepts it at once).
/// A pair is skipped when s·y ≤ 1e-10·|s|·|y|: only pairs with clearly positive curvature keep the approximation
/// positive definite, which guarantees descent directions. With strong Wolfe steps this only happens after the line
/// search had to settle for a plain decrease.
/// </para>
/// <para>
/// Without history (first iteration, or after a reset) the direction is −g and the first trial step is
/// α = min(1, 1/‖g‖₁) (the choice PyTorch makes), so the first trial moves x by ‖g‖₂/‖g‖₁ ≤ 1: a bounded,
/// scale-aware guess when nothing is known about curvature. With history the first trial is α = 1.
/// </para>
/// <para>
/// Robustness: a direction that is not a descent direction (g·d ≥ 0 or non-finite) resets the history and uses
/// steepest descent. If a line search finds no decrease at all along a quasi-Newton direction, the history is reset
/// and steepest descent is tried once more before giving up with <see cref="StopReason.LineSearchFailed"/>.
/// If the line search cannot satisfy the strong Wolfe conditions within its budget but saw a lower loss, that point is
/// accepted and the run continues. Non-finite trial losses shrink the step; <see cref="StopReason.NonFiniteLoss"/>
/// is returned only when the start point is non-finite or no finite trial point could be found at all.
/// </para>
/// <para>
/// The parameter array always holds the best point found so far (the loss never increases), including when the run
/// is cancelled or a limit is reached mid line search; the result's loss and gradient norm belong to that point.
/// Deterministic (no randomness, no parallelism) and allocation-free inside the iteration loop: all buffers are
/// allocated once per <see cref="Minimize"/> call. An instance holds only options and may be shared between threads.
/// </para>
/// </remarks>
public sealed class Lbfgs
{
    /// <summary>Relative curvature threshold below which a correction pair is not stored.</summary>
    private const double CurvatureEpsilon = 1e-10;

    /// <summary>Creates the optimiser; options are validated here so bad settings fail fast.</summary>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (see <see cref="LbfgsOptions.Validate"/>).</exception>
    public Lbfgs(LbfgsOptions? options = null)
    {
        options ??= new LbfgsOptions();
        options.Validate();
        Options = options;
    }

    /// <summary>The validated settings used by every run.</summary>
    public LbfgsOptions Options { get; }

    /// <summary>
    /// Minimises <paramref name="objective"/> starting from <paramref name="x"/>.
    /// </summary>
    /// <param name="objective">Loss and gradient.</param>
    /// <param name="x">Start point on entry; on exit the best point found, which never has a non-finite loss
    /// (if the start point's loss is non-finite, x is left unchanged).</param>
    /// <param name="onIteration">Called once per completed iteration with the new loss; may cancel the token.</param>
    /// <param name="cancellationToken">Checked between iterations and between line-search evaluations; cancellation
    /// returns <see cref="StopReason.Cancelled"/> instead of throwing, so the progress is kept. The start point is
    /// always evaluated first, so even an already-cancelled run reports the loss at x.</param>
    /// <returns>Why the run stopped, the counts, and the loss and gradient norm at the returned x.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> or <paramref name="x"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="x"/> is empty or contains NaN or infinity.</exception>
    public OptimizationResult Minimize(
        Objective objective,
        double[] x,
        Action<IterationInfo>? onIteration = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(x);
        if (x.Length == 0)
        {
            throw new ArgumentException("The start point must have at least one element.", nameof(x));
        }

        foreach (double v in x)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException("The start point must not contain NaN or infinity.", nameof(x));
            }
        }

        LbfgsOptions o = Options;
        int n = x.Length;
        int m = o.History;

        // The ring has one slot more than the history so a new pair can be written without overwriting the oldest
        // live pair; if its curvature test fails the slot is simply not committed.
        int slots = m + 1;
        var sHistory = new double[slots * n];
        var yHistory = new double[slots * n];
        var rho = new double[slots];
        var alpha = new double[slots];
        var g = new double[n];
        var d = new double[n];
        var lineSearch = new StrongWolfeLineSearch(n, o.C1, o.C2, o.MaxLineSearchEvaluations);

        int evaluations = 1;
        double loss = objective(x, g);
        double gradientNorm = StrongWolfeLineSearch.MaxAbs(g);
        if (!double.IsFinite(loss) || !double.IsFinite(gradientNorm))
        {
            return new OptimizationResult(StopReason.NonFiniteLoss, 0, evaluations, loss, gradientNorm);
        }

        if (gradientNorm <= o.GradientTolerance)
        {
            return new OptimizationResult(StopReason.Converged, 0, evaluations, loss, gradientNorm);
        }

        int iterations = 0;
        int head = 0;   // slot the next pair is written to
        int count = 0;  // live pairs, newest at head - 1
        double gamma = 1;

        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return new OptimizationResult(StopReason.Cancelled, iterations, evaluations, loss, gradientNorm);
            }

            if (iterations >= o.MaxIterations)
            {
                return new OptimizationResult(StopReason.IterationLimit, iterations, evaluations, loss, gradientNorm);
            }

            if (evaluations >= o.MaxEvaluations)
            {
                return new OptimizationResult(StopReason.EvaluationLimit, iterations, evaluations, loss, gradientNorm);
            }

            bool steepest = count == 0;
            double slope = 0;
            if (!steepest)
            {
                TwoLoop(g, d, sHistory, yHistory, rho, alpha, head, count, slots, gamma);
                slope = StrongWolfeLineSearch.Dot(g, d);
                if (!(slope < 0) || !double.IsFinite(slope))
                {
                    count = 0;
                    steepest = true;
                }
            }

            double initialStep = 1;
            if (steepest)
            {
                double l1 = 0;
                for (int i = 0; i < n; i++)
                {
                    d[i] = -g[i];
                    l1 += Math.Abs(g[i]);
                }

                initialStep = Math.Min(1, 1 / l1);
                if (!(initialStep > 0))
                {
                    // ‖g‖₁ overflowed; fall back to the infinity norm, which cannot.
                    initialStep = Math.Min(1, 1 / gradientNorm);
                }

                slope = -StrongWolfeLineSearch.Dot(g, g);
                if (!(slope < 0) || !double.IsFinite(slope))
                {
                    // g·g underflowed or overflowed: no usable descent information.
                    return new OptimizationResult(StopReason.LineSearchFailed, iterations, evaluations, loss, gradientNorm);
                }
            }

            StrongWolfeLineSearch.Outcome outcome = lineSearch.Search(
                objective, x, loss, d, slope, initialStep, ref evaluations, o.MaxEvaluations, cancellationToken);

            if (!outcome.HasStep)
            {
                switch (outcome.Termination)
                {
                    case StrongWolfeLineSearch.Termination.Cancelled:
                        return new OptimizationResult(StopReason.Cancelled, iterations, evaluations, loss, gradientNorm);
                    case StrongWolfeLineSearch.Termination.EvaluationLimit:
                        return new OptimizationResult(StopReason.EvaluationLimit, iterations, evaluations, loss, gradientNorm);
                }

                if (!steepest)
                {
                    // The quasi-Newton model misled us; forget it and retry along −g (not counted as an iteration).
                    count = 0;
                    continue;
                }

                StopReason reason = outcome.AnyFinite ? StopReason.LineSearchFailed : StopReason.NonFiniteLoss;
                return new OptimizationResult(reason, iterations, evaluations, loss, gradientNorm);
            }

            // Accept the step. x + α·d is computed exactly as the line search computed its trial point, so the
            // stored loss is the loss at the new x bit for bit.
            double step = outcome.Step;
            ReadOnlySpan<double> gNew = lineSearch.BestGradient;
            Span<double> s = sHistory.AsSpan(head * n, n);
            Span<double> y = yHistory.AsSpan(head * n, n);
            double sy = 0, ss = 0, yy = 0;
            for (int i = 0; i < n; i++)
            {
                double xi = x[i] + step * d[i];
                double si = xi - x[i];
                double yi = gNew[i] - g[i];
                x[i] = xi;
                g[i] = gNew[i];
                s[i] = si;
                y[i] = yi;
                sy += si * yi;
                ss += si * si;
                yy += yi * yi;
            }

            if (sy > CurvatureEpsilon * Math.Sqrt(ss) * Math.Sqrt(yy))
            {
                rho[head] = 1 / sy;
                gamma = sy / yy;
                head = (head + 1) % slots;
                count = Math.Min(count + 1, m);
            }

            double previousLoss = loss;
            loss = outcome.Loss;
            gradientNorm = StrongWolfeLineSearch.MaxAbs(g);
            iterations++;
            onIteration?.Invoke(new IterationInfo(iterations, loss, gradientNorm, step, evaluations));

            if (gradientNorm <= o.GradientTolerance
                || Math.Abs(previousLoss - loss) <= o.ChangeTolerance * Math.Abs(loss))
            {
                return new OptimizationResult(StopReason.Converged, iterations, evaluations, loss, gradientNorm);
            }
        }
    }

    /// <summary>Computes d = −H·g with the L-BFGS two-loop recursion (Nocedal &amp; Wright, Algorithm 7.4).</summary>
    internal static void TwoLoop(
        ReadOnlySpan<double> g,
        Span<double> d,
        double[] sHistory,
        double[] yHistory,
        double[] rho,
        double[] alpha,
        int head,
        int count,
        int slots,
        double gamma)
    {
        int n = g.Length;
        g.CopyTo(d);

        // Newest to oldest.
        for (int k = 1; k <= count; k++)
        {
            int j = (head - k + slots) % slots;
            ReadOnlySpan<double> s = sHistory.AsSpan(j * n, n);
            ReadOnlySpan<double> y = yHistory.AsSpan(j * n, n);
            double a = rho[j] * StrongWolfeLineSearch.Dot(s, d);
            alpha[j] = a;
            for (int i = 0; i < n; i++)
            {
                d[i] -= a * y[i];
            }
        }

        for (int i = 0; i < n; i++)
        {
            d[i] *= gamma;
        }

        // Oldest to newest.
        for (int k = count; k >= 1; k--)
        {
            int j = (head - k + slots) % slots;
            ReadOnlySpan<double> s = sHistory.AsSpan(j * n, n);
            ReadOnlySpan<double> y = yHistory.AsSpan(j * n, n);
            double b = rho[j] * StrongWolfeLineSearch.Dot(y, d);
            double c = alpha[j] - b;
            for (int i = 0; i < n; i++)
            {
                d[i] += c * s[i];
            }
        }

        for (int i = 0; i < n; i++)
        {
            d[i] = -d[i];
        }
    }
}
