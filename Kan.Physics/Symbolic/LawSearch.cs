using System.Globalization;
using System.Text;
using Kan.Physics.Training;
using Kan.Physics.Networks;
using Kan.Physics.Expressions;
using MathNet.Numerics.LinearAlgebra;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Symbolic;

/// <summary>How <see cref="LawSearch"/> may transform the target before looking for a polynomial or rational law.</summary>
public enum LawTransform
{
    /// <summary>f itself.</summary>
    None,
    /// <summary>f^2, for laws under a square root (f = sqrt(R)).</summary>
    Square,
    /// <summary>sin f, for laws under an arcsine (|f| &lt;= pi/2 on the data).</summary>
    Sine,
    /// <summary>arctanh f, for laws under a tanh (|f| &lt; 1 on the data).</summary>
    Arctanh,
    /// <summary>log |f|, for products and exponentials (f of one sign on the data).</summary>
    Log,
}

/// <summary>Settings of <see cref="LawSearch.Run"/>.</summary>
public sealed record LawSearchOptions
{
    /// <summary>Highest total degree of a monomial in the features (lowered until the dictionary fits <see cref="MaxColumns"/>).</summary>
    public int MaxDegree { get; init; } = 3;

    /// <summary>Most terms of a law (numerator and denominator together).</summary>
    public int MaxTerms { get; init; } = 12;

    /// <summary>Largest dictionary (monomials, twice that for rational laws) searched at once.</summary>
    public int MaxColumns { get; init; } = 400;

    /// <summary>A law is accepted when its relative RMS error is at most this on the training and on the test data.</summary>
    public double Tolerance { get; init; } = 1e-11;

    /// <summary>Also look for rational laws P/Q (after every polynomial attempt has failed).</summary>
    public bool Rational { get; init; } = true;

    /// <summary>Target transforms tried, in this order (only those valid on the data).</summary>
    public IReadOnlyList<LawTransform> Transforms { get; init; } = [LawTransform.None, LawTransform.Square, LawTransform.Sine, LawTransform.Arctanh, LawTransform.Log];

    /// <summary>Most features of one variable in one subset (1 or 2 keep the subsets few).</summary>
    public int FeaturesPerVariable { get; init; } = 2;

    /// <summary>Most feature subsets tried (smallest first); bounds the work deterministically.</summary>
    public int MaxSubsets { get; init; } = 2000;

    /// <summary>Most feature subsets tried for rational laws (the first ones; each costs a search per leading monomial).</summary>
    public int MaxRationalSubsets { get; init; } = 200;

    /// <summary>
    /// Accept only laws whose constants, once rounded, are simple: integers, fractions p/q with q at most 32, and such
    /// fractions of pi, e and the other constants the simplifier recognises. Searches with large dictionaries need it:
    /// a rational function of degree 5 can approximate a smooth non-rational law (1/(exp(x/y) - 1)) to 1e-11 with
    /// "ugly" coefficients, and the simplicity of the constants is what tells the law from the approximant.
    /// </summary>
    public bool SimpleConstants { get; init; }

    /// <summary>Training points used by the sparse search (all of them when fewer); the law is then checked on all.</summary>
    public int SearchSamples { get; init; } = 400;

    internal void Validate()
    {
        if (MaxDegree < 1) throw new ArgumentOutOfRangeException(nameof(MaxDegree), MaxDegree, "Must be at least 1.");
        if (MaxTerms < 1) throw new ArgumentOutOfRangeException(nameof(MaxTerms), MaxTerms, "Must be at least 1.");
        if (MaxColumns < 2) throw new ArgumentOutOfRangeException(nameof(MaxColumns), MaxColumns, "Must be at least 2.");
        if (!(Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "Must be positive.");
        if (FeaturesPerVariable < 1) throw new ArgumentOutOfRangeException(nameof(FeaturesPerVariable), FeaturesPerVariable, "Must be at least 1.");
        if (MaxRationalSubsets < 0) throw new ArgumentOutOfRangeException(nameof(MaxRationalSubsets), MaxRationalSubsets, "Must be at least 0.");
        if (MaxSubsets < 1) throw new ArgumentOutOfRangeException(nameof(MaxSubsets), MaxSubsets, "Must be at least 1.");
        if (SearchSamples < 10) throw new ArgumentOutOfRangeException(nameof(SearchSamples), SearchSamples, "Must be at least 10.");
    }
}

/// <summary>Where a <see cref="LawSearch.Run"/> stands: polynomial or rational laws, subsets tried of those it will try.</summary>
/// <param name="Rational">Whether the search is on rational laws (after every polynomial attempt).</param>
/// <param name="Subset">Feature subsets tried so far in this phase.</param>
/// <param name="Subsets">Feature subsets this phase tries at most.</param>
/// <param name="Seconds">Seconds since the search started.</param>
public readonly record struct LawSearchProgress(bool Rational, int Subset, int Subsets, double Seconds);

/// <summary>A law found by <see cref="LawSearch"/>: the formula, its form, and its relative RMS errors.</summary>
public sealed record LawSearchResult(Expr Formula, LawTransform Transform, bool Rational, int Terms, double TrainError, double TestError);

/// <summary>
/// Looks for an exact law among sparse polynomials and rational functions of univariate features (after an optional
/// transform of the target), the features chosen by a trained KAN's edges: the KAN says <i>which</i> 1-D functions of
/// each variable the law is built from (sin of an angle, 1/x of a ratio), and a sparse regression says how they combine.
/// </summary>
/// <remarks>
/// <para>
/// Feature subsets are tried from small to large (one or two features per variable). Within a subset every product of
/// at most <see cref="LawSearchOptions.MaxDegree"/> features is a dictionary column; columns that depend on earlier
/// ones (identities such as sin^2 + cos^2 = 1) are dropped, so least-squares coefficients are unique. A target outside
/// the span of the dictionary is rejected by one projection; otherwise the least-squares fit is the law, and terms
/// with negligible contributions are dropped while the fit stays within the tolerance. A rational law P/Q is linear in
/// its coefficients once written <c>P - z*(Q - m) = z*m</c>: one Gram-Schmidt sweep over the columns M and z*M finds
/// the first z*m that depends on the columns before it, which makes m the leading term of Q.
/// </para>
/// <para>
/// This is the polynomial-fit step of AI Feynman (Udrescu and Tegmark 2020) with the KAN in the place of its brute-force
/// function search. A law is only accepted when it reproduces the training data and held-out test data to the
/// tolerance (1e-11 relative by default): noise-free data fitted to rounding level by a handful of terms.
/// </para>
/// </remarks>
public static class LawSearch
{
    /// <summary>
    /// The features a trained network suggests: for every input, the variable itself, plus the canonical features
    /// (<see cref="LawFeature.FromLibraryName"/>) of the best <paramref name="perEdge"/> library fits of each of its
    /// active first-layer edges.
    /// </summary>
    public static IReadOnlyList<LawFeature> FeaturesFromNetwork(KanNetwork network, double[] inputs, SymbolicLibrary? library = null,
        int perEdge = 3, double weightSimple = 0.8)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        var features = new List<LawFeature>();
        var layer = network.Layers[0];
        for (int i = 0; i < layer.InputCount; i++)
        {
            features.Add(new LawFeature(i, "x"));
            for (int j = 0; j < layer.OutputCount; j++)
            {
                if (layer.Symbolic.Function(i, j) is { } fixedFunction)
                {
                    features.AddRange(LawFeature.FromLibraryName(i, fixedFunction.Name, layer.Symbolic.Affine(i, j).A));
                    continue;
                }
                if (layer.Mask[layer.Edge(i, j)] == 0) continue;
                foreach (var fit in EdgeSymbolicFit.Suggest(network, inputs, 0, i, j, library, weightSimple).Take(perEdge))
                    features.AddRange(LawFeature.FromLibraryName(i, fit.Function.Name, fit.A));
            }
        }
        return features.Distinct().ToList();
    }

    /// <summary>Every feature kind for every variable (the search without a network's guidance; large dictionaries).</summary>
    public static IReadOnlyList<LawFeature> AllFeatures(int variables)
    {
        var features = new List<LawFeature>();
        for (int i = 0; i < variables; i++)
            foreach (var kind in LawFeature.Kinds) features.Add(new LawFeature(i, kind));
        return features;
    }

    /// <summary>
    /// Searches for a law y = T^-1(P) or T^-1(P/Q) that reproduces <paramref name="train"/> and <paramref name="test"/>
    /// to the tolerance; null when none is found. Features not finite on every input point are left out.
    /// <paramref name="onProgress"/>, when given, hears where the search stands at the start of each phase and then
    /// about once a second; cancellation is checked before every feature subset.
    /// </summary>
    public static LawSearchResult? Run(Dataset train, Dataset test, IReadOnlyList<string> names, IReadOnlyList<LawFeature> features,
        LawSearchOptions? options = null, CancellationToken cancellationToken = default, Action<LawSearchProgress>? onProgress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double lastReport = double.NegativeInfinity;
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(features);
        options ??= new LawSearchOptions();
        options.Validate();
        int n = train.InputDimension;
        if (train.OutputDimension != 1 || test.OutputDimension != 1) throw new ArgumentException("Law search needs one output column.");
        if (test.InputDimension != n) throw new ArgumentException($"Train data have {n} inputs and test data {test.InputDimension}.");
        if (names.Count != n) throw new ArgumentException($"{names.Count} names for {n} input columns.", nameof(names));
        foreach (var f in features)
            if ((uint)f.Variable >= (uint)n) throw new ArgumentException($"Feature {f.Kind} refers to input {f.Variable}; the data have {n}.", nameof(features));

        // the sparse search runs on an evenly spaced subset; acceptance uses every train and test point
        int m = Math.Min(train.Count, options.SearchSamples);
        var rows = Enumerable.Range(0, m).Select(k => (int)((long)k * train.Count / m)).ToArray();
        var usable = features.Distinct().Where(f => FiniteOn(f, train, n) && FiniteOn(f, test, n)).ToList();
        var values = usable.Select(f => rows.Select(r => f.Evaluate(train.Inputs[r * n + f.Variable])).ToArray()).ToArray();
        var y = rows.Select(r => train.Targets[r]).ToArray();
        var targets = new List<(LawTransform Transform, double[] Z)>();
        foreach (var transform in options.Transforms)
            if (TryTransform(transform, train.Targets, out _) && TryTransform(transform, test.Targets, out _) && TryTransform(transform, y, out var z))
                targets.Add((transform, z));
        if (targets.Count == 0 || usable.Count == 0) return null;

        // Feature subsets, smallest first: one or two features per variable. A law built from few features is found
        // exactly by a small dictionary; one large dictionary of every feature would be slow and ill-conditioned.
        var perVariable = Enumerable.Range(0, n).Select(v => usable.Select((f, i) => (f, i)).Where(t => t.f.Variable == v).Select(t => t.i).ToList())
            .Where(l => l.Count > 0).ToList();
        var subsets = Subsets(perVariable, options.FeaturesPerVariable).Take(options.MaxSubsets).ToList();
        foreach (bool rational in options.Rational ? [false, true] : new[] { false })
        {
            int total = rational ? Math.Min(subsets.Count, options.MaxRationalSubsets) : subsets.Count, tried = 0;
            lastReport = double.NegativeInfinity;
            foreach (var subset in rational ? subsets.Take(options.MaxRationalSubsets) : subsets)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (onProgress is not null && clock.Elapsed.TotalSeconds - lastReport >= 1)
                {
                    lastReport = clock.Elapsed.TotalSeconds;
                    onProgress(new LawSearchProgress(rational, tried, total, lastReport));
                }
                tried++;
                int degree = options.MaxDegree;
                while (degree > 1 && MonomialCount(subset.Length, degree) * (rational ? 2 : 1) > options.MaxColumns) degree--;
                var monomials = Monomials(subset.Length, degree).Select(mono => mono.Select(i => subset[i]).ToArray()).ToList();
                var columns = monomials.Select(mono => Column(mono, values, m)).ToArray();
                // identities among the features (sin^2 + cos^2 = 1, x * 1/x = 1) make monomials dependent: keep the first
                // (lowest-degree) independent ones, so that a law has one sparse form and a rational law cannot
                // degenerate into a zero denominator
                // (the same sweep gives an orthonormal basis of the whole subset dictionary: a target outside its span,
                // most subsets, is rejected by a projection, before any sparse selection)
                var independent = new List<int>();
                var basis = Orthonormalize(columns, 1e-11, independent);
                monomials = independent.Select(i => monomials[i]).ToList();
                columns = independent.Select(i => columns[i]).ToArray();
                foreach (var (transform, z) in targets)
                {
                    if (!rational && ProjectionError(basis, z) > options.Tolerance) continue;
                    Fit? found = rational
                        ? SearchRational(z, columns, basis, options, cancellationToken)
                        : SparseFit(columns, z, options.MaxTerms, options.Tolerance) is { } p ? new Fit(p.Support, p.Coefficients, null, null, -1) : null;
                    if (found is null) continue;
                    var law = Build(found, monomials, usable, names, transform, train, test, options.Tolerance, options.SimpleConstants);
                    if (law is not null) return law;
                }
            }
        }
        return null;
    }

    /// <summary>Feature subsets with 1..perVariable features of every variable, in order of size (lazily).</summary>
    private static IEnumerable<int[]> Subsets(List<List<int>> perVariable, int perVariableMax)
    {
        int n = perVariable.Count;
        // the choices of one variable with exactly k features, in feature order
        List<int[]> Choices(List<int> fs, int k) => k == 1 ? fs.Select(f => new[] { f }).ToList()
            : Combinations(fs.Count, k).Select(c => c.Select(i => fs[i]).ToArray()).ToList();
        for (int total = n; total <= n * perVariableMax; total++)
            foreach (var sizes in Compositions(n, total, perVariableMax))
            {
                if (sizes.Select((k, v) => k <= perVariable[v].Count).Any(ok => !ok)) continue;
                var choices = sizes.Select((k, v) => Choices(perVariable[v], k)).ToList();
                foreach (var pick in Cartesian(choices, 0)) yield return pick;
            }
    }

    // sizes (each 1..max) of n variables adding up to total, lexicographically
    private static IEnumerable<int[]> Compositions(int n, int total, int max)
    {
        if (n == 0) { if (total == 0) yield return []; yield break; }
        for (int k = 1; k <= max && k <= total; k++)
            foreach (var rest in Compositions(n - 1, total - k, max)) yield return [k, .. rest];
    }

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        if (k == 0) { yield return []; yield break; }
        for (int first = 0; first <= n - k; first++)
            foreach (var rest in Combinations(n - first - 1, k - 1)) yield return [first, .. rest.Select(r => r + first + 1)];
    }

    private static IEnumerable<int[]> Cartesian(List<List<int[]>> choices, int v)
    {
        if (v == choices.Count) { yield return []; yield break; }
        foreach (var c in choices[v])
            foreach (var rest in Cartesian(choices, v + 1)) yield return [.. c, .. rest];
    }

    private sealed record Fit(int[] Support, double[] Coefficients, int[]? DenSupport, double[]? DenCoefficients, int Lead);

    /// <summary>
    /// A rational law P/Q exists when some column z*m_j depends linearly on the numerator columns M and the earlier
    /// denominator columns z*m_0 .. z*m_(j-1); one Gram-Schmidt sweep over [M, z*M] finds the first such j (the
    /// leading denominator monomial), then a sparse selection writes z*m_j = P - z*(Q - m_j) with few terms.
    /// </summary>
    private static Fit? SearchRational(double[] z, double[][] columns, List<double[]> basisM, LawSearchOptions options, CancellationToken ct)
    {
        int k = columns.Length, m = z.Length;
        var basis = new List<double[]>(basisM);
        var zCols = new double[k][];
        for (int j = 0; j < k; j++)
        {
            ct.ThrowIfCancellationRequested();
            var target = new double[m];
            for (int r = 0; r < m; r++) target[r] = z[r] * columns[j][r];
            zCols[j] = target;
            double n0 = Norm(target);
            if (!(n0 > 0) || !double.IsFinite(n0)) continue;
            var v = new double[m];
            for (int r = 0; r < m; r++) v[r] = target[r] / n0;
            for (int pass = 0; pass < 2; pass++)
                foreach (var q in basis) Axpy(-Dot(q, v), q, v);
            double n1 = Norm(v);
            if (n1 > options.Tolerance)
            {
                for (int r = 0; r < m; r++) v[r] /= n1;
                basis.Add(v);
                continue;
            }
            // numerator columns 0..k-1, denominator columns k..k+j-1 (written -z*m_i)
            var all = new double[k + j][];
            for (int c = 0; c < k; c++) all[c] = columns[c];
            for (int c = 0; c < j; c++) all[k + c] = zCols[c].Select(x => -x).ToArray();
            if (SparseFit(all, target, options.MaxTerms, options.Tolerance) is not { } fit) continue;
            var num = new List<(int, double)>();
            var den = new List<(int, double)>();
            for (int s = 0; s < fit.Support.Length; s++)
                if (fit.Support[s] < k) num.Add((fit.Support[s], fit.Coefficients[s])); else den.Add((fit.Support[s] - k, fit.Coefficients[s]));
            if (num.Count == 0) continue;
            return new Fit([.. num.Select(t => t.Item1)], [.. num.Select(t => t.Item2)], [.. den.Select(t => t.Item1)], [.. den.Select(t => t.Item2)], j);
        }
        return null;
    }

    private static LawSearchResult? Build(Fit fit,
        List<int[]> monomials, List<LawFeature> features, IReadOnlyList<string> names, LawTransform transform, Dataset train, Dataset test, double tolerance,
        bool simpleConstants)
    {
        string Poly(int[] support, double[] coefficients, int lead)
        {
            var sb = new StringBuilder();
            if (lead >= 0) sb.Append(Monomial(monomials[lead], features, names));
            for (int s = 0; s < support.Length; s++)
            {
                if (sb.Length > 0) sb.Append(" + ");
                sb.Append('(').Append(coefficients[s].ToString("R", CultureInfo.InvariantCulture)).Append(")*").Append(Monomial(monomials[support[s]], features, names));
            }
            return sb.Length == 0 ? "0" : sb.ToString();
        }
        string r = Poly(fit.Support, fit.Coefficients, -1);
        if (fit.DenSupport is not null) r = $"({r})/({Poly(fit.DenSupport, fit.DenCoefficients!, fit.Lead)})";
        double sign = Math.Sign(train.Targets.Sum());
        string text = transform switch
        {
            LawTransform.None => r,
            LawTransform.Square => sign < 0 ? $"-sqrt({r})" : $"sqrt({r})",
            LawTransform.Sine => $"arcsin({r})",
            LawTransform.Arctanh => $"tanh({r})",
            LawTransform.Log => sign < 0 ? $"-exp({r})" : $"exp({r})",
            _ => throw new ArgumentOutOfRangeException(nameof(transform)),
        };
        Expr raw;
        try { raw = Expr.Parse(text, [.. names]); }
        catch (FormatException) { return null; }
        int terms = fit.Support.Length + (fit.DenSupport?.Length ?? 0);
        // the rounded form (integers, fractions, pi multiples) when it is as exact as the fitted one
        Expr[] candidates = simpleConstants ? [raw.Simplify(LawSimplify)] : [raw.Simplify(LawSimplify), raw.Simplify(), raw.Simplify(SimplifyOptions.Exact)];
        foreach (var candidate in candidates)
        {
            if (simpleConstants && !HasSimpleConstants(candidate)) continue;
            var f = candidate.Compile([.. names]);
            double eTrain = RelativeError(f, train), eTest = RelativeError(f, test);
            if (eTrain <= 10 * tolerance && eTest <= 10 * tolerance) return new LawSearchResult(candidate, transform, fit.DenSupport is not null, terms, eTrain, eTest);
        }
        return null;
    }

    // a law's coefficients are exact to about 1e-14, so fractions, pi multiples and other exact constants (1/pi,
    // sqrt(2), e, ...) are recognised with tight tolerances
    private static readonly SimplifyOptions LawSimplify = new()
    {
        RecognizeRationals = true, RationalTolerance = 1e-9, MaxDenominator = 32, IntegerTolerance = 1e-9, PiTolerance = 1e-9,
        MaxPiDenominator = 32, DropTolerance = 1e-10, RecognizeConstants = true, ConstantTolerance = 1e-9,
    };

    // every number an integer or p/q with q <= 32 (named constants such as pi are symbols, not numbers)
    private static bool HasSimpleConstants(Expr e)
    {
        if (e is Expressions.Constant { IsNumber: true } c)
        {
            for (int q = 1; q <= 32; q++)
            {
                double p = c.Value * q;
                if (Math.Abs(p - Math.Round(p)) <= 1e-12 * Math.Max(1, Math.Abs(p))) return true;
            }
            return false;
        }
        return e.Children.All(HasSimpleConstants);
    }

    private static double RelativeError(Func<double[], double> f, Dataset data)
    {
        int n = data.InputDimension;
        var x = new double[n];
        double e2 = 0, y2 = 0;
        for (int s = 0; s < data.Count; s++)
        {
            Array.Copy(data.Inputs, s * n, x, 0, n);
            double d = f(x) - data.Targets[s];
            e2 += d * d;
            y2 += data.Targets[s] * data.Targets[s];
        }
        double e = Math.Sqrt(e2 / Math.Max(y2, 1e-300));
        return double.IsFinite(e) ? e : double.PositiveInfinity;
    }

    private static string Monomial(int[] mono, List<LawFeature> features, IReadOnlyList<string> names)
        => mono.Length == 0 ? "1" : string.Join("*", mono.Select(i => features[i].Format(names[features[i].Variable])));

    private static bool TryTransform(LawTransform t, double[] y, out double[] z)
    {
        z = new double[y.Length];
        bool positive = y.All(v => v > 0), negative = y.All(v => v < 0);
        for (int i = 0; i < y.Length; i++)
        {
            double v = y[i];
            z[i] = t switch
            {
                LawTransform.None => v,
                LawTransform.Square => (positive || negative) ? v * v : double.NaN,
                LawTransform.Sine => Math.Abs(v) <= Math.PI / 2 ? Math.Sin(v) : double.NaN,
                LawTransform.Arctanh => Math.Abs(v) < 1 ? Math.Atanh(v) : double.NaN,
                LawTransform.Log => (positive || negative) ? Math.Log(Math.Abs(v)) : double.NaN,
                _ => double.NaN,
            };
            if (!double.IsFinite(z[i])) return false;
        }
        return true;
    }

    private static bool FiniteOn(LawFeature f, Dataset data, int n)
    {
        for (int s = 0; s < data.Count; s++)
            if (!double.IsFinite(f.Evaluate(data.Inputs[s * n + f.Variable]))) return false;
        return true;
    }

    private static double[] Column(int[] mono, double[][] values, int m)
    {
        var c = new double[m];
        for (int r = 0; r < m; r++)
        {
            double v = 1;
            foreach (int i in mono) v *= values[i][r];
            c[r] = v;
        }
        return c;
    }

    private static long MonomialCount(int features, int degree)
    {
        long count = 0;
        for (int d = 0; d <= degree; d++) count += Binomial(features + d - 1, d);
        return count;
    }

    private static long Binomial(int n, int k)
    {
        if (k < 0 || k > n) return k == 0 ? 1 : 0;
        long r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    /// <summary>Multisets of feature indices of size 0..degree, lowest degree first.</summary>
    private static List<int[]> Monomials(int features, int degree)
    {
        var list = new List<int[]> { Array.Empty<int>() };
        var current = new List<int[]> { Array.Empty<int>() };
        for (int d = 1; d <= degree; d++)
        {
            var next = new List<int[]>();
            foreach (var mono in current)
                for (int i = mono.Length == 0 ? 0 : mono[^1]; i < features; i++) next.Add([.. mono, i]);
            list.AddRange(next);
            current = next;
        }
        return list;
    }

    /// <summary>
    /// The sparse exact fit of <paramref name="target"/> by independent <paramref name="columns"/>: with independent
    /// columns the least-squares coefficients are unique, so an exact law shows as a few coefficients that matter and
    /// the rest at rounding level. Terms are dropped smallest contribution first (all negligible ones at once, then
    /// one by one) while the fit stays within <paramref name="tolerance"/>; null when the full fit is not exact or the
    /// law needs more than <paramref name="maxTerms"/> terms.
    /// </summary>
    internal static (int[] Support, double[] Coefficients)? SparseFit(double[][] columns, double[] target, int maxTerms, double tolerance)
    {
        int k = columns.Length;
        if (Norm(target) == 0) return ([], []);
        var norms = new double[k];
        var support = new List<int>();
        for (int c = 0; c < k; c++)
        {
            norms[c] = Norm(columns[c]);
            if (norms[c] > 0 && double.IsFinite(norms[c])) support.Add(c);
        }
        var residual = new double[target.Length];
        var (coef, error) = LeastSquares(columns, support, target, residual, norms);
        if (error > tolerance) return null;
        double largest = support.Select((c, i) => Math.Abs(coef[i]) * norms[c]).DefaultIfEmpty(0).Max();
        var big = support.Where((c, i) => Math.Abs(coef[i]) * norms[c] > 1e-7 * largest).ToList();
        if (big.Count < support.Count)
        {
            var (c2, e2) = LeastSquares(columns, big, target, residual, norms);
            if (e2 <= tolerance) (support, coef) = (big, c2);
        }
        bool dropped = true;
        while (dropped && support.Count > 1)
        {
            dropped = false;
            var order = Enumerable.Range(0, support.Count).OrderBy(i => Math.Abs(coef[i]) * norms[support[i]]).ToList();
            foreach (int s in order)
            {
                var trial = support.Where((_, i) => i != s).ToList();
                var (c2, e2) = LeastSquares(columns, trial, target, residual, norms);
                if (e2 <= tolerance) { support = trial; coef = c2; dropped = true; break; }
                if (support.Count <= maxTerms) break; // small supports: keep the minimal one found so far
            }
        }
        return support.Count <= maxTerms ? ([.. support], coef) : null;
    }

    /// <summary>
    /// Orthonormal basis of the span of the columns (modified Gram-Schmidt, twice); a column whose part outside the
    /// span of those before it is at most <paramref name="threshold"/> (relative) is dropped, the others' indices go to
    /// <paramref name="kept"/>.
    /// </summary>
    private static List<double[]> Orthonormalize(double[][] columns, double threshold, List<int>? kept)
    {
        var basis = new List<double[]>();
        for (int index = 0; index < columns.Length; index++)
        {
            var c = columns[index];
            double n0 = Norm(c);
            if (!(n0 > 0) || !double.IsFinite(n0)) continue;
            var v = new double[c.Length];
            for (int r = 0; r < v.Length; r++) v[r] = c[r] / n0;
            for (int pass = 0; pass < 2; pass++)
                foreach (var q in basis) Axpy(-Dot(q, v), q, v);
            double n1 = Norm(v);
            if (n1 <= threshold) continue;
            for (int r = 0; r < v.Length; r++) v[r] /= n1;
            basis.Add(v);
            kept?.Add(index);
        }
        return basis;
    }

    /// <summary>Relative norm of the part of <paramref name="target"/> outside the span of the orthonormal basis.</summary>
    private static double ProjectionError(List<double[]> basis, double[] target)
    {
        double t = Norm(target);
        if (t == 0) return 0;
        var r = (double[])target.Clone();
        for (int pass = 0; pass < 2; pass++)
            foreach (var q in basis) Axpy(-Dot(q, r), q, r);
        return Norm(r) / t;
    }

    // Least squares on the chosen columns (scaled to unit norm for the QR); writes the residual, returns the relative error.
    private static (double[] Coefficients, double Error) LeastSquares(double[][] columns, List<int> support, double[] target, double[] residual, double[] norms)
    {
        int m = target.Length, s = support.Count;
        var a = Matrix<double>.Build.Dense(m, s, (r, c) => columns[support[c]][r] / norms[support[c]]);
        var b = Vector<double>.Build.DenseOfArray(target);
        double[] coef;
        try { coef = a.QR().Solve(b).ToArray(); }
        catch (Exception) { coef = new double[s]; }
        for (int c = 0; c < s; c++) coef[c] /= norms[support[c]];
        for (int r = 0; r < m; r++)
        {
            double v = target[r];
            for (int c = 0; c < s; c++) v -= coef[c] * columns[support[c]][r];
            residual[r] = v;
        }
        double e = Norm(residual) / Norm(target);
        return (coef, double.IsFinite(e) ? e : double.PositiveInfinity);
    }

    private static double Norm(double[] v) => Math.Sqrt(Dot(v, v));

    // SIMD dot product and y += a*x over equal-length arrays (the Gram-Schmidt sweeps are most of the search's time)
    private static double Dot(double[] x, double[] y)
    {
        int n = x.Length, i = 0;
        var acc = System.Numerics.Vector<double>.Zero;
        int w = System.Numerics.Vector<double>.Count;
        for (; i <= n - w; i += w) acc += new System.Numerics.Vector<double>(x, i) * new System.Numerics.Vector<double>(y, i);
        double s = System.Numerics.Vector.Sum(acc);
        for (; i < n; i++) s += x[i] * y[i];
        return s;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        int n = x.Length, i = 0;
        int w = System.Numerics.Vector<double>.Count;
        var va = new System.Numerics.Vector<double>(a);
        for (; i <= n - w; i += w) (new System.Numerics.Vector<double>(y, i) + va * new System.Numerics.Vector<double>(x, i)).CopyTo(y, i);
        for (; i < n; i++) y[i] += a * x[i];
    }
}
