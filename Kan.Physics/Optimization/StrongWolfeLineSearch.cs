namespace Kan.Physics.Optimization;

/// <summary>
/// Strong-Wolfe line search along a descent direction: a bracketing phase that grows the step until an interval
/// containing acceptable points is known, then a "zoom" phase that shrinks the interval with safeguarded cubic
/// interpolation (Nocedal &amp; Wright, Numerical Optimization, 2nd ed., Algorithms 3.5 and 3.6).
/// </summary>
/// <remarks>
/// Extensions over the textbook algorithm, all needed for training rather than for clean test functions:
/// <list type="bullet">
/// <item>A non-finite loss or directional derivative at a trial point means "stepped too far": the trial becomes the
/// upper end of the bracket and the step is bisected back towards the last finite point.</item>
/// <item>The lowest finite loss seen is remembered, so when the conditions cannot be met within the budget the caller
/// can still take the best decrease instead of throwing the work away.</item>
/// <item>The search stops early when the bracket is so narrow that trial points can no longer differ in double
/// precision, and it honours cancellation and the global evaluation limit between evaluations.</item>
/// </list>
/// All buffers are allocated once in the constructor; a search allocates nothing.
/// </remarks>
internal sealed class StrongWolfeLineSearch
{
    private readonly double[] _xTrial;
    private double[] _gTrial;
    private double[] _gBest;
    private readonly double _c1;
    private readonly double _c2;
    private readonly int _maxEvaluationsPerSearch;

    // State of the running search.
    private double _bestStep;
    private double _bestLoss;
    private bool _anyFinite;
    private int _used;

    /// <summary>How a search ended.</summary>
    public enum Termination
    {
        /// <summary>Both strong Wolfe conditions hold at <see cref="Outcome.Step"/>.</summary>
        Satisfied,

        /// <summary>The per-search budget ran out or the bracket collapsed before the conditions could be met.</summary>
        Exhausted,

        /// <summary>The cancellation token was signalled.</summary>
        Cancelled,

        /// <summary>The global evaluation limit was reached.</summary>
        EvaluationLimit,
    }

    /// <summary>
    /// Result of a search. <see cref="Step"/> is the step to take (0 when nothing acceptable was found);
    /// <see cref="Loss"/> is the loss there and <see cref="BestGradient"/> its gradient.
    /// </summary>
    public readonly record struct Outcome(Termination Termination, double Step, double Loss, bool AnyFinite)
    {
        /// <summary>True when the caller may move to <see cref="Step"/>: the conditions hold or the loss decreased.</summary>
        public bool HasStep => Step > 0;
    }

    public StrongWolfeLineSearch(int dimension, double c1, double c2, int maxEvaluationsPerSearch)
    {
        _xTrial = new double[dimension];
        _gTrial = new double[dimension];
        _gBest = new double[dimension];
        _c1 = c1;
        _c2 = c2;
        _maxEvaluationsPerSearch = maxEvaluationsPerSearch;
    }

    /// <summary>Gradient at the step returned by the last search (valid when <see cref="Outcome.HasStep"/>).</summary>
    public ReadOnlySpan<double> BestGradient => _gBest;

    /// <summary>
    /// Searches along <paramref name="direction"/> from <paramref name="x"/>. Trial points are x + α·d computed
    /// element-wise exactly as the caller must compute the accepted point, so the returned loss is bit-for-bit the
    /// loss at the caller's new x.
    /// </summary>
    public Outcome Search(
        Objective objective,
        ReadOnlySpan<double> x,
        double loss0,
        ReadOnlySpan<double> direction,
        double slope0,
        double initialStep,
        ref int evaluations,
        int maxEvaluations,
        CancellationToken cancellationToken)
    {
        _bestStep = 0;
        _bestLoss = loss0;
        _anyFinite = false;
        _used = 0;

        double dMax = MaxAbs(direction);
        double xMax = MaxAbs(x);
        double sufficientSlope = _c1 * slope0; // negative
        double curvatureBound = -_c2 * slope0; // positive

        // Bracketing phase: previous point starts at α = 0.
        double aPrev = 0, fPrev = loss0, dPrev = slope0;
        double a = initialStep;

        double lo, fLo, dLo, hi, fHi = double.NaN, dHi = double.NaN;
        bool hiFinite;
        while (true)
        {
            Termination? stop = CheckBudget(evaluations, maxEvaluations, cancellationToken);
            if (stop is { } s)
            {
                return Stopped(s);
            }

            double fa = Evaluate(objective, x, direction, a, ref evaluations, out double da, out bool finite, out bool isBest);
            if (!finite)
            {
                lo = aPrev; fLo = fPrev; dLo = dPrev;
                hi = a; hiFinite = false;
                break;
            }

            if (fa > loss0 + a * sufficientSlope || (_used > 1 && fa >= fPrev))
            {
                lo = aPrev; fLo = fPrev; dLo = dPrev;
                hi = a; fHi = fa; dHi = da; hiFinite = true;
                break;
            }

            if (Math.Abs(da) <= curvatureBound)
            {
                return Accept(a, fa, isBest);
            }

            if (da >= 0)
            {
                lo = a; fLo = fa; dLo = da;
                hi = aPrev; fHi = fPrev; dHi = dPrev; hiFinite = true;
                break;
            }

            // Still descending: extrapolate. The cubic minimiser is clamped so the interval at least doubles
            // (guaranteed progress) and grows at most elevenfold (no wild jumps into overflow).
            double width = a - aPrev;
            double lower = a + width;
            double upper = a + 10 * width;
            double next = CubicMinimizer(aPrev, fPrev, dPrev, a, fa, da);
            if (double.IsNaN(next) || next > upper)
            {
                next = upper;
            }
            else if (next < lower)
            {
                next = lower;
            }

            if (!double.IsFinite(next))
            {
                return Stopped(Termination.Exhausted);
            }

            aPrev = a; fPrev = fa; dPrev = da;
            a = next;
        }

        // Zoom phase. Invariants: lo is finite, satisfies sufficient decrease and has the lowest loss among such
        // trials; hi is either a non-finite trial or a finite one with slope sign such that a minimiser lies between.
        while (true)
        {
            double width = Math.Abs(hi - lo);
            if (width * dMax <= DoubleEpsilon * xMax || width <= DoubleEpsilon * Math.Max(lo, hi))
            {
                // Trial points would be indistinguishable from lo in double precision.
                return Stopped(Termination.Exhausted);
            }

            Termination? stop = CheckBudget(evaluations, maxEvaluations, cancellationToken);
            if (stop is { } s)
            {
                return Stopped(s);
            }

            double trial;
            if (hiFinite)
            {
                trial = CubicMinimizer(lo, fLo, dLo, hi, fHi, dHi);
                double left = Math.Min(lo, hi), right = Math.Max(lo, hi);
                double margin = 0.1 * width;
                if (double.IsNaN(trial) || trial <= left || trial >= right)
                {
                    trial = 0.5 * (lo + hi);
                }
                else if (trial < left + margin)
                {
                    trial = left + margin;
                }
                else if (trial > right - margin)
                {
                    trial = right - margin;
                }
            }
            else
            {
                // No information beyond "too far": bisect back towards the last finite point.
                trial = 0.5 * (lo + hi);
            }

            double fa = Evaluate(objective, x, direction, trial, ref evaluations, out double da, out bool finite, out bool isBest);
            if (!finite)
            {
                hi = trial; hiFinite = false;
                continue;
            }

            if (fa > loss0 + trial * sufficientSlope || fa >= fLo)
            {
                hi = trial; fHi = fa; dHi = da; hiFinite = true;
                continue;
            }

            if (Math.Abs(da) <= curvatureBound)
            {
                return Accept(trial, fa, isBest);
            }

            if (da * (hi - lo) >= 0)
            {
                hi = lo; fHi = fLo; dHi = dLo; hiFinite = true;
            }

            lo = trial; fLo = fa; dLo = da;
        }
    }

    private const double DoubleEpsilon = 2.220446049250313e-16;

    private Termination? CheckBudget(int evaluations, int maxEvaluations, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Termination.Cancelled;
        }

        if (evaluations >= maxEvaluations)
        {
            return Termination.EvaluationLimit;
        }

        if (_used >= _maxEvaluationsPerSearch)
        {
            return Termination.Exhausted;
        }

        return null;
    }

    private double Evaluate(
        Objective objective,
        ReadOnlySpan<double> x,
        ReadOnlySpan<double> direction,
        double step,
        ref int evaluations,
        out double slope,
        out bool finite,
        out bool isBest)
    {
        double[] xt = _xTrial;
        for (int i = 0; i < xt.Length; i++)
        {
            xt[i] = x[i] + step * direction[i];
        }

        double f = objective(xt, _gTrial);
        evaluations++;
        _used++;

        // A finite directional derivative implies every gradient component is finite (Inf·d is ±Inf or NaN),
        // so this one test also guards the next search direction.
        slope = Dot(_gTrial, direction);
        finite = double.IsFinite(f) && double.IsFinite(slope);
        isBest = false;
        if (finite)
        {
            _anyFinite = true;
            if (f < _bestLoss)
            {
                (_gTrial, _gBest) = (_gBest, _gTrial);
                _bestLoss = f;
                _bestStep = step;
                isBest = true;
            }
        }

        return f;
    }

    private Outcome Accept(double step, double loss, bool isBest)
    {
        // The Wolfe point is preferred over a lower-loss point that failed sufficient decrease, because it also
        // satisfies the curvature condition that keeps the quasi-Newton update positive definite.
        if (!isBest)
        {
            (_gTrial, _gBest) = (_gBest, _gTrial);
            _bestLoss = loss;
            _bestStep = step;
        }

        return new Outcome(Termination.Satisfied, step, loss, true);
    }

    private Outcome Stopped(Termination termination) =>
        new(termination, _bestStep, _bestLoss, _anyFinite);

    /// <summary>
    /// Minimiser of the cubic matching values and slopes at a and b (Nocedal &amp; Wright eq. 3.59), or NaN when the
    /// cubic has no local minimiser or the data are degenerate.
    /// </summary>
    internal static double CubicMinimizer(double a, double fa, double da, double b, double fb, double db)
    {
        if (a == b)
        {
            return double.NaN;
        }

        double d1 = da + db - 3 * (fa - fb) / (a - b);
        double radicand = d1 * d1 - da * db;
        if (!(radicand >= 0))
        {
            return double.NaN;
        }

        double d2 = Math.CopySign(Math.Sqrt(radicand), b - a);
        double denominator = db - da + 2 * d2;
        if (denominator == 0)
        {
            return double.NaN;
        }

        double result = b - (b - a) * (db + d2 - d1) / denominator;
        return double.IsFinite(result) ? result : double.NaN;
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    internal static double MaxAbs(ReadOnlySpan<double> a)
    {
        double max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double v = Math.Abs(a[i]);
            if (double.IsNaN(v))
            {
                return double.NaN;
            }

            if (v > max)
            {
                max = v;
            }
        }

        return max;
    }
}
