using MathNet.Numerics.LinearAlgebra;

namespace Kan.Physics.Solvers.Discovery;

/// <summary>How <see cref="SparseRegression"/> picks one model from the sparsity path.</summary>
public enum ModelSelection
{
    /// <summary>
    /// The fewest terms whose held-out error is at most (1 + <see cref="SparseRegressionOptions.ParsimonyTolerance"/>)
    /// times the best held-out error of any candidate plus <see cref="SparseRegressionOptions.ErrorFloor"/> (ties: the
    /// lower error).
    /// </summary>
    Parsimonious,
    /// <summary>The lowest Bayesian information criterion, n ln(RSS/n) + k ln n, on the held-out rows.</summary>
    Bic,
    /// <summary>The lowest held-out error.</summary>
    HeldOut,
}

/// <summary>Settings of <see cref="SparseRegression.Fit"/>.</summary>
public sealed record SparseRegressionOptions
{
    /// <summary>Ridge strength of STRidge on unit-RMS columns (Rudy et al. use 1e-5).</summary>
    public double Ridge { get; init; } = 1e-5;
    /// <summary>Thresholds of the STRidge sweep, log-spaced from 1e-4 to 1 times the largest ridge coefficient.</summary>
    public int Thresholds { get; init; } = 60;
    /// <summary>Threshold-and-refit rounds of one STRidge run.</summary>
    public int Iterations { get; init; } = 10;
    /// <summary>Share of the rows held out to judge the candidates (chosen at random with <see cref="Seed"/>).</summary>
    public double HeldOutShare { get; init; } = 0.2;
    /// <summary>How the model is chosen.</summary>
    public ModelSelection Selection { get; init; } = ModelSelection.Parsimonious;
    /// <summary>See <see cref="ModelSelection.Parsimonious"/>: the relative held-out error a smaller model may add.</summary>
    public double ParsimonyTolerance { get; init; } = 0.2;
    /// <summary>
    /// See <see cref="ModelSelection.Parsimonious"/>: held-out errors (relative) within this of the best count as equal
    /// too, so a model is not grown to fit errors far below the data's (0: off).
    /// </summary>
    public double ErrorFloor { get; init; }
    /// <summary>Most terms of a candidate model.</summary>
    public int MaxTerms { get; init; } = 8;
    /// <summary>Seed of the held-out split.</summary>
    public int Seed { get; init; } = 0;
    /// <summary>Candidate models reported besides the chosen one.</summary>
    public int RunnersUp { get; init; } = 5;

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(Ridge >= 0) || !double.IsFinite(Ridge)) throw new ArgumentOutOfRangeException(nameof(Ridge), Ridge, "Must be finite and >= 0.");
        if (Thresholds < 2) throw new ArgumentOutOfRangeException(nameof(Thresholds), Thresholds, "Must be >= 2.");
        if (Iterations < 1) throw new ArgumentOutOfRangeException(nameof(Iterations), Iterations, "Must be >= 1.");
        if (!(HeldOutShare > 0 && HeldOutShare < 1)) throw new ArgumentOutOfRangeException(nameof(HeldOutShare), HeldOutShare, "Must be in (0, 1).");
        if (!(ParsimonyTolerance >= 0) || !double.IsFinite(ParsimonyTolerance)) throw new ArgumentOutOfRangeException(nameof(ParsimonyTolerance), ParsimonyTolerance, "Must be finite and >= 0.");
        if (!(ErrorFloor >= 0) || !double.IsFinite(ErrorFloor)) throw new ArgumentOutOfRangeException(nameof(ErrorFloor), ErrorFloor, "Must be finite and >= 0.");
        if (MaxTerms < 1) throw new ArgumentOutOfRangeException(nameof(MaxTerms), MaxTerms, "Must be >= 1.");
        if (RunnersUp < 0) throw new ArgumentOutOfRangeException(nameof(RunnersUp), RunnersUp, "Must be >= 0.");
    }
}

/// <summary>One candidate model: a support of library columns and its least-squares coefficients.</summary>
/// <param name="Terms">Column indices of the terms, ascending.</param>
/// <param name="Coefficients">The coefficient of each term (in the data's units).</param>
/// <param name="StandardErrors">Each coefficient's standard error from the least-squares fit (independent residuals assumed).</param>
/// <param name="HeldOutError">Relative error ||y - X w|| / ||y|| on the held-out rows.</param>
/// <param name="TrainError">The same on the rows it was fitted on.</param>
/// <param name="Bic">n ln(RSS/n) + k ln n on the held-out rows.</param>
public sealed record SparseModel(int[] Terms, double[] Coefficients, double[] StandardErrors, double HeldOutError, double TrainError, double Bic);

/// <summary>The outcome of <see cref="SparseRegression.Fit"/>: the chosen model and the ranked others.</summary>
/// <param name="Chosen">The selected model.</param>
/// <param name="Ranked">Every distinct candidate, best first by the selection rule (the chosen one first).</param>
/// <param name="Path">The STRidge path: threshold (relative to the largest ridge coefficient) and the coefficients on
/// unit-RMS columns it ended with (zeros for dropped terms), one row per threshold.</param>
public sealed record SparseRegressionResult(SparseModel Chosen, IReadOnlyList<SparseModel> Ranked, IReadOnlyList<(double Threshold, double[] Coefficients)> Path);

/// <summary>
/// Sparse regression y ~ X w for PDE discovery: sequential thresholded ridge regression (STRidge, Rudy et al. 2017)
/// over a sweep of thresholds, plus backward elimination, gives candidate supports; each is refitted by least squares
/// on the training rows and judged on held-out rows, and one is chosen by <see cref="SparseRegressionOptions.Selection"/>.
/// </summary>
/// <remarks>
/// Columns and target are scaled to unit RMS first, so the thresholds compare terms of different units fairly.
/// Standard errors come from the least-squares covariance sigma^2 (X^T X)^-1 with sigma^2 = RSS / (n - k) on all rows:
/// they describe the scatter of the residuals if it were independent from point to point, which derivative errors of a
/// fitted field are not, so read them as a lower bound.
/// </remarks>
public static class SparseRegression
{
    /// <summary>Fits <paramref name="target"/> (length N) by a sparse combination of <paramref name="columns"/> (each length N).</summary>
    public static SparseRegressionResult Fit(IReadOnlyList<double[]> columns, double[] target, SparseRegressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(target);
        options ??= new SparseRegressionOptions();
        options.Validate();
        int n = target.Length, k = columns.Count;
        if (k == 0) throw new ArgumentException("There are no candidate terms.", nameof(columns));
        for (int c = 0; c < k; c++)
            if (columns[c].Length != n) throw new ArgumentException($"Column {c} has {columns[c].Length} rows; the target has {n}.", nameof(columns));
        if (n < 2 * k + 10) throw new ArgumentException($"{n} points are too few for {k} candidate terms (at least {2 * k + 10} needed).", nameof(target));

        // unit-RMS scaling; a column that is zero everywhere keeps scale 1 and is never chosen
        var scale = new double[k];
        for (int c = 0; c < k; c++)
        {
            double s = Math.Sqrt(columns[c].Sum(v => v * v) / n);
            scale[c] = s > 0 && double.IsFinite(s) ? s : 1;
        }
        double yScale = Math.Sqrt(target.Sum(v => v * v) / n);
        if (!(yScale > 0)) yScale = 1;
        var x = Matrix<double>.Build.Dense(n, k, (i, c) => columns[c][i] / scale[c]);
        var y = Vector<double>.Build.Dense(n, i => target[i] / yScale);

        // held-out split
        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        int nHeld = Math.Max(k + 2, (int)Math.Round(options.HeldOutShare * n));
        var held = order.Take(nHeld).OrderBy(i => i).ToArray();
        var train = order.Skip(nHeld).OrderBy(i => i).ToArray();
        var xt = Rows(x, train); var yt = Rows(y, train);
        var xh = Rows(x, held); var yh = Rows(y, held);
        var gram = xt.TransposeThisAndMultiply(xt);
        var rhs = xt.TransposeThisAndMultiply(yt);

        var supports = new Dictionary<string, int[]>();
        void AddSupport(IEnumerable<int> s)
        {
            var arr = s.OrderBy(i => i).ToArray();
            if (arr.Length == 0 || arr.Length > options.MaxTerms) return;
            supports.TryAdd(string.Join(",", arr), arr);
        }

        // STRidge sweep
        var full = Ridge(gram, rhs, Enumerable.Range(0, k).ToArray(), options.Ridge * xt.RowCount);
        double wMax = full.Max(Math.Abs);
        var path = new List<(double, double[])>();
        for (int t = 0; t < options.Thresholds; t++)
        {
            double rel = Math.Pow(10, -4 + 4.0 * t / (options.Thresholds - 1));
            var (support, w) = StRidge(gram, rhs, k, rel * wMax, options);
            path.Add((rel, w));
            AddSupport(support);
        }
        // backward elimination from the full least-squares fit: drop the term whose removal raises the training error least
        // (from the largest STRidge support of at most 3 MaxTerms terms when the library is larger than that)
        var current = k <= 3 * options.MaxTerms ? Enumerable.Range(0, k).ToList()
            : path.Select(p => Enumerable.Range(0, k).Where(c => p.Item2[c] != 0).ToList()).Where(s => s.Count <= 3 * options.MaxTerms)
                .DefaultIfEmpty([]).MaxBy(s => s.Count)!;
        while (current.Count > 1)
        {
            int drop = -1; double best = double.PositiveInfinity;
            foreach (int c in current)
            {
                var s = current.Where(i => i != c).ToArray();
                var w = Ridge(gram, rhs, s, 1e-12 * xt.RowCount);
                double rss = Rss(gram, rhs, yt, s, w);
                if (rss < best) { best = rss; drop = c; }
            }
            current.Remove(drop);
            AddSupport(current);
        }

        // refit and judge every candidate
        var models = new List<SparseModel>();
        foreach (var s in supports.Values)
        {
            var w = Ridge(gram, rhs, s, 1e-12 * xt.RowCount);
            double trainErr = RelativeError(xt, yt, s, w);
            double heldErr = RelativeError(xh, yh, s, w);
            double rssHeld = heldErr * heldErr * yh.DotProduct(yh);
            double bic = nHeld * Math.Log(Math.Max(rssHeld, 1e-300) / nHeld) + s.Length * Math.Log(nHeld);
            // coefficients and standard errors on all rows, in data units
            var xs = Columns(x, s);
            var ws = xs.QR().Solve(y);
            var resid = y - xs * ws;
            double sigma2 = resid.DotProduct(resid) / Math.Max(1, n - s.Length);
            var cov = (xs.TransposeThisAndMultiply(xs)).Inverse() * sigma2;
            var coef = new double[s.Length]; var se = new double[s.Length];
            for (int j = 0; j < s.Length; j++)
            {
                coef[j] = ws[j] * yScale / scale[s[j]];
                se[j] = Math.Sqrt(Math.Max(0, cov[j, j])) * yScale / scale[s[j]];
            }
            models.Add(new SparseModel(s, coef, se, heldErr, trainErr, bic));
        }
        var ranked = Rank(models, options).ToList();
        return new SparseRegressionResult(ranked[0], ranked.Take(1 + options.RunnersUp).ToList(), path);
    }

    private static IEnumerable<SparseModel> Rank(List<SparseModel> models, SparseRegressionOptions options)
    {
        switch (options.Selection)
        {
            case ModelSelection.Bic:
                return models.OrderBy(m => m.Bic).ThenBy(m => m.Terms.Length);
            case ModelSelection.HeldOut:
                return models.OrderBy(m => m.HeldOutError).ThenBy(m => m.Terms.Length);
            default:
                double best = models.Min(m => m.HeldOutError);
                double limit = best * (1 + options.ParsimonyTolerance) + options.ErrorFloor;
                // admissible models first, fewest terms then lowest error; then the rest by error
                return models.Where(m => m.HeldOutError <= limit).OrderBy(m => m.Terms.Length).ThenBy(m => m.HeldOutError)
                    .Concat(models.Where(m => m.HeldOutError > limit).OrderBy(m => m.HeldOutError));
        }
    }

    /// <summary>One STRidge run at a threshold on the unit-RMS coefficients: ridge, drop small terms, refit, repeat.</summary>
    private static (int[] Support, double[] Coefficients) StRidge(Matrix<double> gram, Vector<double> rhs, int k, double threshold, SparseRegressionOptions o)
    {
        double lambda = o.Ridge * gram.Trace() / k;
        var support = Enumerable.Range(0, k).ToArray();
        var w = Ridge(gram, rhs, support, lambda);
        for (int it = 0; it < o.Iterations; it++)
        {
            var keep = support.Where((_, j) => Math.Abs(w[j]) >= threshold).ToArray();
            if (keep.Length == support.Length) break;
            support = keep;
            if (support.Length == 0) break;
            w = Ridge(gram, rhs, support, lambda);
        }
        var full = new double[k];
        for (int j = 0; j < support.Length; j++) full[support[j]] = w[j];
        return (support, full);
    }

    private static double[] Ridge(Matrix<double> gram, Vector<double> rhs, int[] support, double lambda)
    {
        int m = support.Length;
        var a = Matrix<double>.Build.Dense(m, m, (i, j) => gram[support[i], support[j]] + (i == j ? lambda : 0));
        var b = Vector<double>.Build.Dense(m, i => rhs[support[i]]);
        // a tiny relative ridge keeps exactly collinear columns (u and u*1 from user terms) solvable
        double jitter = 1e-12 * Math.Max(1e-300, a.Diagonal().Maximum());
        for (int i = 0; i < m; i++) a[i, i] += jitter;
        return a.Cholesky().Solve(b).ToArray();
    }

    private static double Rss(Matrix<double> gram, Vector<double> rhs, Vector<double> y, int[] s, double[] w)
    {
        // ||y - X w||^2 = y.y - 2 w.X^T y + w^T X^T X w
        double r = y.DotProduct(y);
        for (int i = 0; i < s.Length; i++)
        {
            r -= 2 * w[i] * rhs[s[i]];
            for (int j = 0; j < s.Length; j++) r += w[i] * w[j] * gram[s[i], s[j]];
        }
        return r;
    }

    private static double RelativeError(Matrix<double> x, Vector<double> y, int[] s, double[] w)
    {
        double num = 0, den = 0;
        for (int i = 0; i < x.RowCount; i++)
        {
            double p = 0;
            for (int j = 0; j < s.Length; j++) p += x[i, s[j]] * w[j];
            num += (y[i] - p) * (y[i] - p);
            den += y[i] * y[i];
        }
        return Math.Sqrt(num / Math.Max(den, 1e-300));
    }

    private static Matrix<double> Rows(Matrix<double> m, int[] rows) => Matrix<double>.Build.Dense(rows.Length, m.ColumnCount, (i, j) => m[rows[i], j]);
    private static Vector<double> Rows(Vector<double> v, int[] rows) => Vector<double>.Build.Dense(rows.Length, i => v[rows[i]]);
    private static Matrix<double> Columns(Matrix<double> m, int[] cols) => Matrix<double>.Build.Dense(m.RowCount, cols.Length, (i, j) => m[i, cols[j]]);
}
