using Kan.Physics.EdgeFunctions;
namespace Kan.Physics.Symbolic;

/// <summary>
/// Fits <c>y ≈ c*f(a*x+b)+d</c> for a <see cref="SymbolicFunction"/> f, and ranks a whole library of candidates,
/// which is how a trained KAN edge is replaced by a closed form.
/// </summary>
/// <remarks>
/// <para>
/// For fixed <c>(a, b)</c> the model is linear in <c>(c, d)</c>, so the best <c>(c, d)</c> and the resulting R^2 have a
/// closed form (simple linear regression of y on f(a*x+b)). Only the nonlinear pair <c>(a, b)</c> is searched: first on a
/// uniform grid over the given ranges (f is often multimodal in <c>(a, b)</c>, e.g. sin, so a local optimiser from one
/// start would be unreliable), then by repeatedly zooming a grid of the same size onto the best point, each zoom
/// shrinking the spacing by a factor (n-1)/2 (10 for the default 21 points). If the best point of a zoomed grid lies on
/// its edge, the grid is re-centred at the same spacing before zooming further, so a best point that drifts along a
/// narrow valley (a and b are strongly correlated when the samples are not centred) is followed rather than lost.
/// </para>
/// <para>
/// An <c>(a, b)</c> is skipped when any <c>a*x+b</c> leaves f's domain or f returns NaN/infinity there. If no searched
/// <c>(a, b)</c> is valid the result says so (<see cref="AffineFitResult.Succeeded"/> = false) rather than carrying NaNs.
/// Constant data (zero variance in y) are fitted exactly by <c>c = 0, d = mean(y)</c> and get R^2 = 1; a function that is
/// (numerically) constant over the samples gets <c>c = 0</c> and R^2 = 0 on non-constant data.
/// </para>
/// </remarks>
public static class AffineFit
{
    /// <summary>Floor on 1 - R^2 in <see cref="Score"/>: beyond this accuracy extra digits no longer pay for extra complexity, and round-off ties are broken by simplicity.</summary>
    public const double ResidualFloor = 1e-6;

    private const int MaxRecentersPerRound = 3;

    /// <summary>Most samples the (a, b) search evaluates; larger sets are thinned evenly over the sorted inputs.</summary>
    public const int SearchSamples = 128;

    /// <summary>Points per axis of the zoom rounds (the coarse grid uses the caller's count).</summary>
    private const int ZoomPoints = 11;

    /// <summary>
    /// Two R^2 values closer than this count as a tie. Families of equally good fits exist (for <c>x^2</c> any
    /// <c>a</c> with <c>b = 0</c>, absorbed by <c>c</c>); without the tolerance rounding noise picks a member, often
    /// one with a tiny <c>a</c> and an enormous <c>c</c>. Ties go to the (a, b) nearest to (1, 0).
    /// </summary>
    private const double TieTolerance = 1e-13;

    /// <summary>
    /// f counts as constant over the samples when its standard deviation is below this fraction of its largest
    /// magnitude: c would then be ill-conditioned (e.g. <c>cos(1e-4 x)</c> imitating a parabola with c near 1e8).
    /// </summary>
    private const double RelativeVariationFloor = 1e-4;

    /// <summary>
    /// Fits <c>y ≈ c*f(a*x+b)+d</c> by a zoomed grid search over <c>(a, b)</c> and closed-form least squares for <c>(c, d)</c>.
    /// </summary>
    /// <param name="function">The candidate f.</param>
    /// <param name="x">Sample inputs (at least two, finite).</param>
    /// <param name="y">Sample outputs, same length as <paramref name="x"/>, finite.</param>
    /// <param name="aMin">Lower end of the coarse search range for a.</param>
    /// <param name="aMax">Upper end of the coarse search range for a.</param>
    /// <param name="bMin">Lower end of the coarse search range for b.</param>
    /// <param name="bMax">Upper end of the coarse search range for b.</param>
    /// <param name="gridPoints">Points per axis of every grid (at least 2).</param>
    /// <param name="refinements">Number of zoom rounds after the coarse grid; with 21 points each gains one decimal digit in (a, b).</param>
    public static AffineFitResult Fit(SymbolicFunction function, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        double aMin = -10, double aMax = 10, double bMin = -10, double bMax = 10, int gridPoints = 21, int refinements = 6)
    {
        ArgumentNullException.ThrowIfNull(function);
        ValidateSamples(x, y);
        ValidateRange(aMin, aMax, nameof(aMin), nameof(aMax));
        ValidateRange(bMin, bMax, nameof(bMin), nameof(bMax));
        if (gridPoints < 2) throw new ArgumentOutOfRangeException(nameof(gridPoints), gridPoints, "A search grid needs at least 2 points per axis.");
        if (refinements < 0) throw new ArgumentOutOfRangeException(nameof(refinements), refinements, "The number of refinement rounds must be non-negative.");

        // The (a, b) search runs on at most SearchSamples points spread evenly over the sorted inputs: (a, b) are
        // determined by the shape of the data, which a few hundred points pin down, and the search costs
        // thousands of evaluations per candidate. (c, d) and R^2 are then computed from every sample.
        var (xs, ys) = SearchSubset(x, y);
        var ctx = new Context(function, xs, ys);
        var best = new Candidate(double.NaN, double.NaN, double.NegativeInfinity);
        bool anyInDomain = false;
        ScanGrid(ref ctx, aMin, aMax, bMin, bMax, gridPoints, ref best, ref anyInDomain, out _);
        if (!best.Valid)
        {
            string where = $"a in [{aMin}, {aMax}], b in [{bMin}, {bMax}]";
            string why = anyInDomain
                ? $"{function.Name}: f(a*x+b) is NaN or infinite for every searched (a, b) ({where}) that keeps the samples in its domain"
                : $"{function.Name}: a*x+b leaves the domain ({function.DomainDescription}) for some sample for every searched (a, b) ({where})";
            return new AffineFitResult(function, 0, 0, 0, 0, 0, false, why);
        }

        double stepA = (aMax - aMin) / (gridPoints - 1), stepB = (bMax - bMin) / (gridPoints - 1);
        // Zoom rounds use at most ZoomPoints per axis: each round then shrinks the box 5-fold instead of 10-fold, but
        // costs a quarter of a 21-point round; the number of rounds is raised to reach at least the same precision.
        int zoom = Math.Min(gridPoints, ZoomPoints);
        int rounds = zoom == gridPoints ? refinements
            : (int)Math.Ceiling(refinements * Math.Log((gridPoints - 1) / 2.0) / Math.Log((zoom - 1) / 2.0));
        for (int round = 0; round < rounds && !ctx.YConstant; round++)
        {
            for (int recenter = 0; ; recenter++)
            {
                double ca = best.A, cb = best.B;
                ScanGrid(ref ctx, ca - stepA, ca + stepA, cb - stepB, cb + stepB, zoom, ref best, ref anyInDomain, out bool onEdge);
                if (!onEdge || recenter >= MaxRecentersPerRound) break;
            }
            stepA = 2 * stepA / (zoom - 1);
            stepB = 2 * stepB / (zoom - 1);
        }

        var full = new Context(function, x, y);
        return Finish(ref full, best.A, best.B);
    }

    /// <summary>
    /// A monotone trade-off between accuracy and simplicity, higher is better:
    /// <c>score = (1 - weightSimple) * (-log2(max(1 - R^2, 1e-6))) - weightSimple * complexity</c>.
    /// </summary>
    /// <remarks>
    /// Like pykan, accuracy is counted in bits of residual reduction and complexity linearly; with the default weight 0.8
    /// one unit of complexity costs four bits (a 16-fold smaller residual). The floor <see cref="ResidualFloor"/> caps the
    /// accuracy term so that two exact fits (e.g. sin and a shifted cos) tie exactly and the tie goes to the simpler one.
    /// A failed fit scores negative infinity.
    /// </remarks>
    public static double Score(AffineFitResult fit, double weightSimple = 0.8)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ValidateWeight(weightSimple);
        if (!fit.Succeeded) return double.NegativeInfinity;
        double residual = Math.Max(1 - fit.RSquared, ResidualFloor);
        return (1 - weightSimple) * -Math.Log2(residual) - weightSimple * fit.Function.Complexity;
    }

    /// <summary>
    /// Fits every function of <paramref name="library"/> and returns the successful fits with R^2 at least
    /// <paramref name="r2Threshold"/>, best first by <see cref="Score"/>; ties go to lower complexity, then to library order.
    /// </summary>
    /// <param name="library">Candidates.</param>
    /// <param name="x">Sample inputs.</param>
    /// <param name="y">Sample outputs.</param>
    /// <param name="weightSimple">Weight in [0, 1] of simplicity against accuracy in <see cref="Score"/>.</param>
    /// <param name="r2Threshold">Minimum R^2 for a fit to be listed, at most 1.</param>
    public static IReadOnlyList<AffineFitResult> Rank(SymbolicLibrary library, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        double weightSimple = 0.8, double r2Threshold = 0)
    {
        ArgumentNullException.ThrowIfNull(library);
        ValidateSamples(x, y);
        ValidateWeight(weightSimple);
        if (double.IsNaN(r2Threshold) || r2Threshold > 1)
            throw new ArgumentOutOfRangeException(nameof(r2Threshold), r2Threshold, "The R^2 threshold must be a number at most 1.");

        var functions = library.Functions;
        var xs = x.ToArray();
        var ys = y.ToArray();
        var fits = new AffineFitResult[functions.Count];
        Parallel.For(0, functions.Count, i => fits[i] = Fit(functions[i], xs, ys));

        return fits
            .Select((f, i) => (Fit: f, Index: i))
            .Where(t => t.Fit.Succeeded && t.Fit.RSquared >= r2Threshold)
            .OrderByDescending(t => Score(t.Fit, weightSimple))
            .ThenBy(t => t.Fit.Function.Complexity)
            .ThenBy(t => t.Index)
            .Select(t => t.Fit)
            .ToList();
    }

    /// <summary>The top entry of <see cref="Rank"/>, or null when no function fits with R^2 at least <paramref name="r2Threshold"/>.</summary>
    public static AffineFitResult? Best(SymbolicLibrary library, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        double weightSimple = 0.8, double r2Threshold = 0)
    {
        var ranked = Rank(library, x, y, weightSimple, r2Threshold);
        return ranked.Count > 0 ? ranked[0] : null;
    }

    private readonly record struct Candidate(double A, double B, double R2)
    {
        public bool Valid => !double.IsNegativeInfinity(R2);

        /// <summary>Higher R^2 wins; within <see cref="TieTolerance"/> the (a, b) nearer to (1, 0) wins.</summary>
        public bool BetterThan(in Candidate other)
        {
            if (!other.Valid) return Valid;
            if (Math.Abs(R2 - other.R2) > TieTolerance) return R2 > other.R2;
            return Distance(A, B) < Distance(other.A, other.B);
        }

        private static double Distance(double a, double b) => a == 0 ? double.PositiveInfinity : Math.Abs(Math.Log(Math.Abs(a))) + Math.Abs(b);
    }

    private ref struct Context
    {
        public readonly SymbolicFunction F;
        public ReadOnlySpan<double> X;
        public ReadOnlySpan<double> Y;
        public readonly double[] Buffer;
        public readonly double YMean;
        public readonly double Syy;
        public readonly bool YConstant;

        public Context(SymbolicFunction f, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
        {
            F = f;
            X = x;
            Y = y;
            Buffer = new double[x.Length];
            double mean = 0, maxAbs = 0;
            foreach (double v in y) { mean += v; maxAbs = Math.Max(maxAbs, Math.Abs(v)); }
            mean /= y.Length;
            double syy = 0;
            foreach (double v in y) syy += (v - mean) * (v - mean);
            YMean = mean;
            Syy = syy;
            double noise = 1e-14 * maxAbs;
            YConstant = syy <= y.Length * noise * noise;
        }
    }

    /// <summary>Fills the buffer with f(a*x+b); 0 = ok, 1 = outside the domain, 2 = non-finite value.</summary>
    private static int Evaluate(ref Context ctx, double a, double b)
    {
        var f = ctx.F;
        var buf = ctx.Buffer;
        var x = ctx.X;
        for (int i = 0; i < x.Length; i++)
        {
            double u = a * x[i] + b;
            if (!f.Domain(u)) return 1;
            double v = f.Evaluate(u);
            if (!double.IsFinite(v)) return 2;
            buf[i] = v;
        }
        return 0;
    }

    /// <summary>Centred sums of the buffer against y: mean of f, S_ff, S_fy; S_ff is zeroed when f is constant to round-off.</summary>
    private static (double FMean, double Sff, double Sfy) Moments(ref Context ctx)
    {
        var buf = ctx.Buffer;
        var y = ctx.Y;
        double mean = 0, maxAbs = 0;
        for (int i = 0; i < buf.Length; i++) { mean += buf[i]; maxAbs = Math.Max(maxAbs, Math.Abs(buf[i])); }
        mean /= buf.Length;
        double sff = 0, sfy = 0;
        for (int i = 0; i < buf.Length; i++)
        {
            double df = buf[i] - mean;
            sff += df * df;
            sfy += df * (y[i] - ctx.YMean);
        }
        double noise = RelativeVariationFloor * maxAbs;
        if (sff <= buf.Length * noise * noise) sff = 0;
        return (mean, sff, sfy);
    }

    private static void ScanGrid(ref Context ctx, double aLo, double aHi, double bLo, double bHi, int n,
        ref Candidate best, ref bool anyInDomain, out bool bestOnEdge)
    {
        bestOnEdge = false;
        for (int i = 0; i < n; i++)
        {
            double a = i == n - 1 ? aHi : aLo + (aHi - aLo) * i / (n - 1);
            for (int j = 0; j < n; j++)
            {
                double b = j == n - 1 ? bHi : bLo + (bHi - bLo) * j / (n - 1);
                int status = Evaluate(ref ctx, a, b);
                if (status == 1) continue;
                anyInDomain = true;
                if (status != 0) continue;
                double r2;
                if (ctx.YConstant) r2 = 1;
                else
                {
                    var (_, sff, sfy) = Moments(ref ctx);
                    r2 = sff == 0 ? 0 : Math.Clamp(sfy * sfy / (sff * ctx.Syy), 0, 1);
                }
                var c = new Candidate(a, b, r2);
                if (c.BetterThan(best))
                {
                    best = c;
                    bestOnEdge = i == 0 || j == 0 || i == n - 1 || j == n - 1;
                }
            }
        }
    }

    private static AffineFitResult Finish(ref Context ctx, double a, double b)
    {
        // (a, b) was valid on the search samples; the full set includes their extremes, so only a sample that hits a
        // pole or leaves the domain exactly can fail here, and then the fit reports it instead of producing NaN.
        int status = Evaluate(ref ctx, a, b);
        if (status != 0)
            return new AffineFitResult(ctx.F, a, b, 0, 0, 0, false,
                $"{ctx.F.Name}: f(a*x+b) with a = {a}, b = {b} is {(status == 1 ? "outside the domain" : "not finite")} at some sample");
        var (fMean, sff, sfy) = Moments(ref ctx);
        double c = ctx.YConstant || sff == 0 ? 0 : sfy / sff;
        double d = ctx.YMean - c * fMean;
        double r2;
        if (ctx.YConstant) r2 = 1;
        else
        {
            double ssRes = 0;
            for (int i = 0; i < ctx.Buffer.Length; i++)
            {
                double r = ctx.Y[i] - (c * ctx.Buffer[i] + d);
                ssRes += r * r;
            }
            r2 = Math.Clamp(1 - ssRes / ctx.Syy, 0, 1);
        }
        return new AffineFitResult(ctx.F, a, b, c, d, r2, true, null);
    }

    private static (double[] X, double[] Y) SearchSubset(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length <= SearchSamples) return (x.ToArray(), y.ToArray());
        var order = new int[x.Length];
        for (int i = 0; i < order.Length; i++) order[i] = i;
        var keys = x.ToArray();
        Array.Sort(keys, order);
        var xs = new double[SearchSamples];
        var ys = new double[SearchSamples];
        for (int t = 0; t < SearchSamples; t++)
        {
            int i = order[(int)((long)t * (x.Length - 1) / (SearchSamples - 1))];
            xs[t] = x[i];
            ys[t] = y[i];
        }
        return (xs, ys);
    }

    private static void ValidateSamples(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length < 2) throw new ArgumentException($"At least two samples are needed; got {x.Length}.", nameof(x));
        if (y.Length != x.Length) throw new ArgumentException($"x has {x.Length} samples but y has {y.Length}.", nameof(y));
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i])) throw new ArgumentException($"x[{i}] = {x[i]} is not finite.", nameof(x));
            if (!double.IsFinite(y[i])) throw new ArgumentException($"y[{i}] = {y[i]} is not finite.", nameof(y));
        }
    }

    private static void ValidateRange(double lo, double hi, string loName, string hiName)
    {
        if (!double.IsFinite(lo)) throw new ArgumentOutOfRangeException(loName, lo, "The search range must be finite.");
        if (!double.IsFinite(hi)) throw new ArgumentOutOfRangeException(hiName, hi, "The search range must be finite.");
        if (hi < lo) throw new ArgumentException($"The search range [{lo}, {hi}] is empty ({hiName} < {loName}).", hiName);
    }

    private static void ValidateWeight(double weightSimple)
    {
        if (!(weightSimple >= 0 && weightSimple <= 1))
            throw new ArgumentOutOfRangeException(nameof(weightSimple), weightSimple, "weightSimple must lie in [0, 1].");
    }
}
