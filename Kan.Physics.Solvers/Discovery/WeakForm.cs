using Kan.Physics.Expressions;

namespace Kan.Physics.Solvers.Discovery;

/// <summary>How <see cref="PdeDiscovery"/> turns the PDE into a regression.</summary>
public enum DiscoveryFormulation
{
    /// <summary>Pointwise: the library's terms and the time derivative at collocation points (PDE-FIND's form).</summary>
    Strong,
    /// <summary>
    /// Integrated against smooth test functions with derivatives moved onto them by parts (<see cref="WeakForm"/>): the
    /// surrogate's highest derivatives drop out, and integration averages the surrogate's errors and the data's noise.
    /// </summary>
    Weak,
}

/// <summary>Settings of the weak formulation (<see cref="WeakForm"/>).</summary>
public sealed record WeakFormOptions
{
    /// <summary>
    /// Half-width of each test function's support, as a share of each coordinate's interior range; 0 (the default)
    /// chooses it from the noise: the first of <see cref="AutoWidths"/> at which the estimated noise-to-signal ratio of
    /// every field's time-derivative integrals is at most <see cref="NoiseTolerance"/> (the last one otherwise).
    /// </summary>
    public double HalfWidth { get; init; }
    /// <summary>The half-widths tried, narrowest first, when <see cref="HalfWidth"/> is 0.</summary>
    public IReadOnlyList<double> AutoWidths { get; init; } = [0.1, 0.15, 0.2];
    /// <summary>The noise-to-signal ratio of the time derivative's integrals that the automatic half-width aims below.</summary>
    public double NoiseTolerance { get; init; } = 0.05;
    /// <summary>Quadrature nodes per half-width along each coordinate (trapezoidal rule on a regular grid).</summary>
    public int NodesPerHalfWidth { get; init; } = 10;
    /// <summary>Test functions (window centres) along each coordinate; the windows are their tensor product.</summary>
    public int WindowsPerAxis { get; init; } = 20;
    /// <summary>
    /// The test function along a coordinate is (1 - s^2)^p on s in [-1, 1] with p the highest derivative taken of it
    /// along that coordinate plus this: the integrand then vanishes with its first derivatives at the window's ends, so
    /// the trapezoidal rule stays accurate to high order.
    /// </summary>
    public int ExtraPower { get; init; } = 4;
    /// <summary>
    /// On a regular data grid, take the field's values in the integrals from the samples themselves rather than from
    /// the surrogate (derivatives always come from the surrogate).
    /// </summary>
    public bool DataValues { get; init; } = true;
    /// <summary>
    /// The regression's <see cref="SparseRegressionOptions.ErrorFloor"/> in the weak form: the integrals are exact
    /// identities, so on clean data the right model's error is the quadrature's, and smaller differences than this
    /// are not told apart.
    /// </summary>
    public double ErrorFloor { get; init; } = 1e-3;

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(HalfWidth >= 0 && HalfWidth <= 0.5)) throw new ArgumentOutOfRangeException(nameof(HalfWidth), HalfWidth, "Must be in [0, 0.5] (0: chosen from the noise).");
        if (AutoWidths is null || AutoWidths.Count == 0 || AutoWidths.Any(w => !(w > 0 && w <= 0.5))) throw new ArgumentException("The automatic half-widths must be one or more shares in (0, 0.5].", nameof(AutoWidths));
        if (!(NoiseTolerance > 0) || !double.IsFinite(NoiseTolerance)) throw new ArgumentOutOfRangeException(nameof(NoiseTolerance), NoiseTolerance, "Must be finite and > 0.");
        if (NodesPerHalfWidth < 2) throw new ArgumentOutOfRangeException(nameof(NodesPerHalfWidth), NodesPerHalfWidth, "Must be >= 2.");
        if (WindowsPerAxis < 1) throw new ArgumentOutOfRangeException(nameof(WindowsPerAxis), WindowsPerAxis, "Must be >= 1.");
        if (!(ErrorFloor >= 0 && ErrorFloor < 1)) throw new ArgumentOutOfRangeException(nameof(ErrorFloor), ErrorFloor, "Must be in [0, 1).");
        if (ExtraPower < 1) throw new ArgumentOutOfRangeException(nameof(ExtraPower), ExtraPower, "Must be >= 1.");
    }
}

/// <summary>
/// A product of field derivatives times a derivative of the test function, c * prod_i D^(alpha_i) u_(f_i) * D^beta phi,
/// integrated over a window: the unit that integration by parts rewrites.
/// </summary>
/// <param name="Coefficient">The constant factor c.</param>
/// <param name="Factors">The field derivatives, each (field index, count per coordinate), in canonical order.</param>
/// <param name="Test">The test function's derivative counts per coordinate.</param>
public sealed record WeakMonomial(double Coefficient, IReadOnlyList<(int Field, int[] Counts)> Factors, int[] Test)
{
    /// <summary>The monomial's factors and test derivative as text (the coefficient left out): its identity when like terms combine.</summary>
    public string Key => string.Join("*", Factors.Select(FactorKey)) + "|" + string.Join(",", Test);

    /// <summary>The highest total derivative order of any factor.</summary>
    public int MaxOrder => Factors.Count == 0 ? 0 : Factors.Max(f => f.Counts.Sum());

    internal static string FactorKey((int Field, int[] Counts) f) => f.Field + ":" + string.Join(",", f.Counts);

    /// <summary>A monomial with its factors put in canonical order.</summary>
    public static WeakMonomial Create(double coefficient, IEnumerable<(int Field, int[] Counts)> factors, int[] test)
        => new(coefficient, factors.OrderBy(FactorKey, StringComparer.Ordinal).ToArray(), test);
}

/// <summary>
/// The weak form of PDE discovery (the idea of weak SINDy, Messenger and Bortz 2021): each term of the library and the
/// time derivative are integrated against test functions phi_k with compact support, and derivatives are moved from
/// the field onto phi_k by parts as far as that lowers the highest derivative the field must supply. For KdV,
/// int u_xxx phi = -int u phi_xxx and int u u_x phi = -int (u^2/2) phi_x, so the regression reads the surrogate's
/// values only; u u_xxx becomes (3/2) int u_x^2 phi_x + int u u_x phi_xx. The integrals are exact identities, so the
/// equation is unchanged, while the errors of the surrogate's high derivatives, and the noise, are averaged out.
/// </summary>
/// <remarks>
/// Test functions are products over coordinates of (1 - s^2)^p, s = (x - c) / H, on windows of half-width H set as a
/// share of the interior range; the windows' centres lie on a lattice. The integrals use the trapezoidal rule on a
/// regular grid of nodes where the surrogates are evaluated once; each window's sum is taken axis by axis.
/// </remarks>
public static class WeakForm
{
    /// <summary>
    /// Integrates <paramref name="monomial"/> by parts (each step moves one derivative of one factor onto the test
    /// function, with the product rule on the other factors) while that lowers the highest derivative order of the
    /// factors, or the number of factors at that order; a step that reproduces the monomial itself (u_x u_xx, for one)
    /// is solved for it. <paramref name="supported"/> says which derivative count vectors the field can supply.
    /// The result is a sum of monomials equal to the original under the integral.
    /// </summary>
    public static IReadOnlyList<WeakMonomial> Reduce(WeakMonomial monomial, Func<int[], bool>? supported = null)
    {
        ArgumentNullException.ThrowIfNull(monomial);
        supported ??= _ => true;
        var result = new Dictionary<string, WeakMonomial>(StringComparer.Ordinal);
        ReduceInto(monomial, supported, result, 0);
        return result.Values.Where(m => m.Coefficient != 0).ToArray();
    }

    private static (int Order, int Count) Measure(WeakMonomial m)
    {
        int q = m.MaxOrder;
        return (q, m.Factors.Count(f => f.Counts.Sum() == q));
    }

    private static bool Smaller((int Order, int Count) a, (int Order, int Count) b) => a.Order < b.Order || (a.Order == b.Order && a.Count < b.Count);

    private static void ReduceInto(WeakMonomial m, Func<int[], bool> supported, Dictionary<string, WeakMonomial> sum, int depth)
    {
        var measure = Measure(m);
        if (measure.Order > 0 && depth < 32)
        {
            string self = m.Key;
            for (int i = 0; i < m.Factors.Count; i++)
            {
                if (m.Factors[i].Counts.Sum() != measure.Order) continue;
                for (int a = 0; a < m.Test.Length; a++)
                {
                    if (m.Factors[i].Counts[a] == 0) continue;
                    var step = Step(m, i, a);
                    if (step.Any(s => s.Factors.Any(f => !supported(f.Counts)))) continue;
                    double selfCoefficient = step.Where(s => s.Key == self).Sum(s => s.Coefficient);
                    var others = step.Where(s => s.Key != self).ToList();
                    double divisor = 1 - selfCoefficient / m.Coefficient;
                    if (Math.Abs(divisor) < 1e-12) continue;
                    if (others.Any(o => !Smaller(Measure(o), measure))) continue;
                    foreach (var o in others) ReduceInto(o with { Coefficient = o.Coefficient / divisor }, supported, sum, depth + 1);
                    return;
                }
            }
        }
        string key = m.Key;
        sum[key] = sum.TryGetValue(key, out var have) ? have with { Coefficient = have.Coefficient + m.Coefficient } : m;
    }

    /// <summary>One integration by parts of factor <paramref name="i"/> along coordinate <paramref name="a"/>: the monomials whose sum equals <paramref name="m"/>.</summary>
    private static List<WeakMonomial> Step(WeakMonomial m, int i, int a)
    {
        var lowered = m.Factors.Select((f, j) => j == i ? (f.Field, Counts: With(f.Counts, a, -1)) : f).ToArray();
        var list = new List<WeakMonomial> { WeakMonomial.Create(-m.Coefficient, lowered, With(m.Test, a, 1)) };
        for (int j = 0; j < m.Factors.Count; j++)
        {
            if (j == i) continue;
            var f = lowered.Select((g, k) => k == j ? (g.Field, With(g.Counts, a, 1)) : g);
            list.Add(WeakMonomial.Create(-m.Coefficient, f, m.Test));
        }
        // like terms (u u_x u_x raising either u_x) combine
        return list.GroupBy(x => x.Key).Select(g => g.First() with { Coefficient = g.Sum(x => x.Coefficient) }).ToList();
    }

    private static int[] With(int[] counts, int a, int delta)
    {
        var c = (int[])counts.Clone();
        c[a] += delta;
        return c;
    }

    /// <summary>
    /// The term <paramref name="expression"/> as a monomial of field derivatives (a product of a constant and integer
    /// powers of the named variables), or null when it is not one (a function call, a coordinate, a negative power).
    /// <paramref name="resolve"/> maps a variable name to its field and derivative counts, or null.
    /// </summary>
    public static WeakMonomial? AsMonomial(Expr expression, Func<string, (int Field, int[] Counts)?> resolve, int dimension)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(resolve);
        double c = 1;
        var factors = new List<(int, int[])>();
        bool Walk(Expr e)
        {
            switch (e)
            {
                case Constant k:
                    c *= k.Value; return true;
                case Variable v:
                    if (resolve(v.Name) is not { } f) return false;
                    factors.Add(f); return true;
                case Power { Base: Variable v, Exponent: Constant k } when k.Value >= 1 && k.Value <= 16 && k.Value == Math.Floor(k.Value):
                    if (resolve(v.Name) is not { } g) return false;
                    for (int r = 0; r < (int)k.Value; r++) factors.Add(g);
                    return true;
                case Product p:
                    return p.Factors.All(Walk);
                default:
                    return false;
            }
        }
        return Walk(expression) ? WeakMonomial.Create(c, factors, new int[dimension]) : null;
    }

    /// <summary>Derivative k of (1 - s^2)^p at s (k &lt;= 2p).</summary>
    internal static double TestDerivative(int p, int k, double s)
    {
        // (1 - s^2)^p = sum_j C(p, j) (-1)^j s^(2j); differentiate term by term
        double total = 0, binom = 1;
        for (int j = 0; j <= p; j++)
        {
            if (j > 0) binom = binom * (p - j + 1) / j;
            int power = 2 * j;
            if (power < k) continue;
            double falling = 1;
            for (int r = 0; r < k; r++) falling *= power - r;
            total += (j % 2 == 0 ? 1 : -1) * binom * falling * Math.Pow(s, power - k);
        }
        return total;
    }

    /// <summary>
    /// The window sums of <paramref name="integrand"/> (on a row-major node grid of <paramref name="shape"/>) against a
    /// separable kernel: result[w] = sum over the window's nodes of integrand times prod_a kernel_a(offset_a), for every
    /// window in the tensor product of <paramref name="centres"/>, taken axis by axis.
    /// </summary>
    internal static double[] WindowSums(double[] integrand, int[] shape, int[][] centres, double[][] kernels, int[] halfWidths)
    {
        var data = integrand;
        var dims = (int[])shape.Clone();
        for (int a = 0; a < dims.Length; a++)
        {
            int outer = 1, inner = 1;
            for (int b = 0; b < a; b++) outer *= dims[b];
            for (int b = a + 1; b < dims.Length; b++) inner *= dims[b];
            int n = dims[a], w = centres[a].Length, m = halfWidths[a];
            var next = new double[outer * w * inner];
            var kernel = kernels[a];
            for (int o = 0; o < outer; o++)
                for (int k = 0; k < w; k++)
                {
                    int c = centres[a][k];
                    var target = new Span<double>(next, (o * w + k) * inner, inner);
                    for (int off = -m; off <= m; off++)
                    {
                        double weight = kernel[off + m];
                        if (weight == 0) continue;
                        var source = new ReadOnlySpan<double>(data, (o * n + c + off) * inner, inner);
                        for (int r = 0; r < inner; r++) target[r] += weight * source[r];
                    }
                }
            data = next;
            dims[a] = w;
        }
        return data;
    }

    /// <summary>
    /// The weak-form regression system: per library term its integral against every test function (one row per
    /// window), and per field the integral of its time derivative, from the surrogates evaluated on a node grid over the
    /// interior box (<paramref name="margin"/> of each coordinate's range left out at both ends).
    /// </summary>
    /// <remarks>
    /// With <paramref name="noise"/> (per field, the standard deviation of independent noise on its samples) and the
    /// field's values taken from the samples, each column's noise-to-signal ratio is estimated: the noise's standard
    /// deviation in the integrals (linearised in the noise, each monomial on its own) over the column's RMS.
    /// </remarks>
    public static WeakSystem Assemble(FieldData data, IReadOnlyList<IFieldDerivatives> surrogates, TermLibrary library,
        IReadOnlyList<(string Field, string Name, int[] Counts)> derivatives, double margin, WeakFormOptions options,
        IReadOnlyList<double>? noise = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(surrogates);
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(derivatives);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.HalfWidth == 0) throw new ArgumentException("Assemble needs a half-width; 0 (automatic) is resolved by PdeDiscovery.", nameof(options));
        int d = data.Dimension, n = data.Count, time = -1;
        for (int a = 0; a < d; a++) if (data.Coordinates[a] == data.Time) time = a;

        // the node grid (the data's own grid when the data lie on a regular one) and the window centres along each coordinate
        var layout = Layout(data, margin, options);
        var (lo, step, shape, half, centres, dataIndex) = layout;
        var halfWidth = Enumerable.Range(0, d).Select(a => half[a] * step[a]).ToArray();

        // each term, and each field's time derivative, as monomials integrated by parts
        var resolve = new Dictionary<string, (int Field, int[] Counts)>(StringComparer.Ordinal);
        for (int f = 0; f < data.Fields.Count; f++) resolve[data.Fields[f]] = (f, new int[d]);
        foreach (var (field, name, counts) in derivatives) resolve[name] = (IndexOfField(data, field), counts);
        static bool Supported(int[] c) => c.All(v => v >= 0) && (c.Count(v => v != 0) <= 1 || (c.Count(v => v != 0) == 2 && c.Sum() == 2)) && c.Sum() <= Networks.TaylorJets.MaxOrder;
        (int, int[])? Resolve(string name) => resolve.TryGetValue(name, out var r) ? r : null;
        var termMonomials = library.Terms.Select(t => AsMonomial(t.Expression, Resolve, d) is { } mono ? Reduce(mono, Supported) : null).ToArray();
        var targetMonomials = data.Fields.Select((f, i) =>
        {
            var counts = new int[d]; counts[time] = 1;
            return Reduce(WeakMonomial.Create(1, [(i, counts)], new int[d]), Supported);
        }).ToArray();
        var all = termMonomials.Where(t => t != null).SelectMany(t => t!).Concat(targetMonomials.SelectMany(t => t)).ToList();
        var power = new int[d];
        for (int a = 0; a < d; a++) power[a] = (all.Count == 0 ? 0 : all.Max(x => x.Test[a])) + options.ExtraPower;

        // the surrogates on the nodes: every factor the monomials read (and every variable, when a term is not a monomial)
        int count = shape.Aggregate(1, (p, q) => p * q);
        var nodes = new double[count * d];
        for (int i = 0; i < count; i++)
        {
            int rest = i;
            for (int a = d - 1; a >= 0; a--) { nodes[i * d + a] = lo[a] + (rest % shape[a]) * step[a]; rest /= shape[a]; }
            if (dataIndex != null) Array.Copy(data.Points, (long)dataIndex[i] * d, nodes, (long)i * d, d);
        }
        bool anyOther = termMonomials.Any(t => t == null);
        var needed = new Dictionary<string, (int Field, int[] Counts)>(StringComparer.Ordinal);
        foreach (var f in all.SelectMany(x => x.Factors)) needed.TryAdd(WeakMonomial.FactorKey(f), f);
        if (anyOther) foreach (var r in resolve.Values) needed.TryAdd(WeakMonomial.FactorKey(r), r);
        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        for (int f = 0; f < data.Fields.Count; f++)
        {
            var mine = needed.Values.Where(x => x.Field == f).ToList();
            if (dataIndex != null && options.DataValues && mine.FirstOrDefault(x => x.Counts.All(c => c == 0)) is { Counts: not null } value)
            {
                // the field itself straight from the samples: the integrals average their noise without a fit in between
                values[WeakMonomial.FactorKey(value)] = dataIndex.Select(i => data.Values[f][i]).ToArray();
                mine.Remove(value);
            }
            if (mine.Count == 0) continue;
            var got = surrogates[f].Derivatives(nodes, mine.Select(x => x.Counts).ToList());
            for (int j = 0; j < mine.Count; j++) values[WeakMonomial.FactorKey(mine[j])] = got[j];
        }

        // kernels: the test function's derivatives along each coordinate times the trapezoidal weight
        var kernels = new double[d][][];
        for (int a = 0; a < d; a++)
        {
            int top = all.Count == 0 ? 0 : all.Max(x => x.Test[a]);
            kernels[a] = new double[top + 1][];
            for (int k = 0; k <= top; k++)
            {
                int m = half[a];
                kernels[a][k] = new double[2 * m + 1];
                for (int off = -m; off <= m; off++)
                    kernels[a][k][off + m] = TestDerivative(power[a], k, (double)off / m) / Math.Pow(halfWidth[a], k) * step[a];
            }
        }
        int windows = centres.Aggregate(1, (p, c) => p * c.Length);
        var halfWidths = half;
        var cache = new Dictionary<string, double[]>(StringComparer.Ordinal);
        double[] Integral(WeakMonomial x)
        {
            if (cache.TryGetValue(x.Key, out var known)) return known;
            var integrand = new double[count];
            Array.Fill(integrand, 1.0);
            foreach (var f in x.Factors)
            {
                var v = values[WeakMonomial.FactorKey(f)];
                for (int i = 0; i < count; i++) integrand[i] *= v[i];
            }
            var sums = WindowSums(integrand, shape, centres, Enumerable.Range(0, d).Select(a => kernels[a][x.Test[a]]).ToArray(), halfWidths);
            cache[x.Key] = sums;
            return sums;
        }
        double[] Combine(IReadOnlyList<WeakMonomial> monomials)
        {
            var column = new double[windows];
            foreach (var x in monomials)
            {
                var s = Integral(x);
                for (int w = 0; w < windows; w++) column[w] += x.Coefficient * s[w];
            }
            return column;
        }
        // noise: a sample's noise e at a node changes a monomial's integrand by e times its derivative with respect to
        // that field's value factors; the variance of a window's integral is sigma^2 sum (kernel * derivative)^2
        var squared = kernels.Select(k => k.Select(row => row.Select(v => v * v).ToArray()).ToArray()).ToArray();
        bool noisy = noise != null && dataIndex != null && options.DataValues;
        double NoiseToSignal(IReadOnlyList<WeakMonomial> monomials, double[] column)
        {
            if (!noisy) return double.NaN;
            var variance = new double[windows];
            foreach (var x in monomials)
            {
                for (int j = 0; j < x.Factors.Count; j++)
                {
                    var (field, counts) = x.Factors[j];
                    if (counts.Any(c => c != 0) || !(noise![field] > 0)) continue;
                    if (j > 0 && WeakMonomial.FactorKey(x.Factors[j - 1]) == WeakMonomial.FactorKey(x.Factors[j])) continue; // counted with its first copy
                    int power = x.Factors.Count(f => WeakMonomial.FactorKey(f) == WeakMonomial.FactorKey(x.Factors[j]));
                    var derivative = new double[count];
                    Array.Fill(derivative, power * x.Coefficient * noise[field]);
                    bool skipped = false;
                    foreach (var f in x.Factors)
                    {
                        var v = values[WeakMonomial.FactorKey(f)];
                        if (!skipped && WeakMonomial.FactorKey(f) == WeakMonomial.FactorKey(x.Factors[j])) { skipped = true; continue; }
                        for (int i = 0; i < count; i++) derivative[i] *= v[i];
                    }
                    for (int i = 0; i < count; i++) derivative[i] *= derivative[i];
                    var sums = WindowSums(derivative, shape, centres, Enumerable.Range(0, d).Select(a => squared[a][x.Test[a]]).ToArray(), halfWidths);
                    for (int w = 0; w < windows; w++) variance[w] += sums[w];
                }
            }
            double signal = column.Sum(v => v * v);
            return signal > 0 ? Math.Sqrt(variance.Sum() / signal) : double.PositiveInfinity;
        }
        var columns = new double[library.Terms.Count][];
        double[][]? direct = null;
        for (int c = 0; c < columns.Length; c++)
        {
            if (termMonomials[c] is { } list) { columns[c] = Combine(list); continue; }
            if (direct == null)
            {
                // terms that are not monomials (functions, coordinates) are integrated as they are, without moving derivatives
                var named = new Dictionary<string, double[]>(StringComparer.Ordinal);
                foreach (var (name, r) in resolve) named[name] = values[WeakMonomial.FactorKey(r)];
                for (int a = 0; a < d; a++) named[data.Coordinates[a]] = Enumerable.Range(0, count).Select(i => nodes[i * d + a]).ToArray();
                direct = library.Evaluate(named);
            }
            columns[c] = WindowSums(direct[c], shape, centres, Enumerable.Range(0, d).Select(a => kernels[a][0]).ToArray(), halfWidths);
        }
        var targets = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var targetNoise = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int f = 0; f < data.Fields.Count; f++)
        {
            targets[data.Fields[f]] = Combine(targetMonomials[f]);
            targetNoise[data.Fields[f]] = NoiseToSignal(targetMonomials[f], targets[data.Fields[f]]);
        }
        var columnNoise = columns.Select((col, c) => termMonomials[c] is { } list ? NoiseToSignal(list, col) : double.NaN).ToArray();
        var forms = library.Terms.Select((t, c) => termMonomials[c] is { } list
            ? string.Join(" + ", list.Select(x => $"{x.Coefficient:G4}*[{x.Key}]")) : "(integrated as it is)").ToArray();
        return new WeakSystem(columns, targets, windows, shape, halfWidth, forms, dataIndex != null)
        {
            HalfWidthShare = options.HalfWidth, TargetNoise = targetNoise, ColumnNoise = columnNoise,
        };
    }

    /// <summary>
    /// Where the integrals are taken: the node grid (first node, spacing and count per coordinate), the window
    /// half-width in nodes, the window centres (node indices) and, when the data lie on a regular grid, the data row of
    /// each node (row-major, last coordinate fastest); otherwise null and a regular grid of
    /// <see cref="WeakFormOptions.NodesPerHalfWidth"/> nodes per half-width.
    /// </summary>
    internal static (double[] Lo, double[] Step, int[] Shape, int[] Half, int[][] Centres, int[]? DataIndex) Layout(FieldData data, double margin, WeakFormOptions options)
    {
        int d = data.Dimension, n = data.Count;
        var lo = new double[d]; var step = new double[d]; var shape = new int[d]; var half = new int[d]; var centres = new int[d][];
        var axes = new double[d][];
        for (int a = 0; a < d; a++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = data.Points[i * d + a];
            axes[a] = v.Distinct().Order().ToArray();
        }
        int[]? dataIndex = null;
        long product = axes.Aggregate(1L, (p, x) => p * x.Length);
        bool uniform = product == n && axes.All(x => x.Length >= 3 && Uniform(x));
        var first = new int[d];
        if (uniform)
        {
            // the interior part of the data's grid: nodes at least the margin away from each end
            for (int a = 0; a < d; a++)
            {
                var x = axes[a];
                double range = x[^1] - x[0], h = range / (x.Length - 1);
                int skip = (int)Math.Ceiling(margin * range / h - 1e-9);
                first[a] = skip;
                shape[a] = x.Length - 2 * skip;
                lo[a] = x[skip];
                step[a] = h;
                half[a] = (int)Math.Round(options.HalfWidth * (shape[a] - 1));
            }
            // too few samples per window for the trapezoidal rule: integrate the surrogate on a finer grid instead
            if (half.Any(h => h < MinimumDataNodes)) uniform = false;
        }
        if (uniform)
        {
            var position = new Dictionary<double, int>[d];
            for (int a = 0; a < d; a++) position[a] = axes[a].Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
            int count = shape.Aggregate(1, (p, q) => p * q);
            dataIndex = new int[count];
            Array.Fill(dataIndex, -1);
            for (int i = 0; i < n; i++)
            {
                int node = 0;
                bool inside = true;
                for (int a = 0; a < d; a++)
                {
                    int k = position[a][data.Points[i * d + a]] - first[a];
                    if (k < 0 || k >= shape[a]) { inside = false; break; }
                    node = node * shape[a] + k;
                }
                if (inside) dataIndex[node] = i;
            }
            if (dataIndex.Any(i => i < 0)) { dataIndex = null; uniform = false; }
        }
        if (!uniform)
            for (int a = 0; a < d; a++)
            {
                double length = (axes[a][^1] - axes[a][0]) * (1 - 2 * margin);
                lo[a] = axes[a][0] + margin * (axes[a][^1] - axes[a][0]);
                half[a] = options.NodesPerHalfWidth;
                step[a] = options.HalfWidth * length / half[a];
                shape[a] = (int)Math.Floor(length / step[a] + 1e-9) + 1;
            }
        long total = shape.Aggregate(1L, (p, q) => p * q);
        if (total > 4_000_000) throw new ArgumentException($"The weak form's node grid ({string.Join(" x ", shape)}) is too large; lower the nodes per half-width or raise the half-width.");
        for (int a = 0; a < d; a++)
        {
            int available = shape[a] - 2 * half[a];
            if (available < 1) throw new ArgumentException($"Windows of half-width {options.HalfWidth} of the range do not fit along '{data.Coordinates[a]}' ({shape[a]} nodes, {half[a]} per half-width).");
            int w = Math.Min(options.WindowsPerAxis, available);
            centres[a] = w == 1 ? [half[a] + available / 2] : Enumerable.Range(0, w).Select(k => half[a] + (int)Math.Round(k * (available - 1.0) / (w - 1))).Distinct().ToArray();
        }
        return (lo, step, shape, half, centres, dataIndex);
    }

    /// <summary>The fewest data nodes per half-width for the data's own grid to serve as quadrature nodes.</summary>
    internal const int MinimumDataNodes = 5;

    private static bool Uniform(double[] sorted)
    {
        double h = (sorted[^1] - sorted[0]) / (sorted.Length - 1);
        for (int i = 1; i < sorted.Length; i++)
            if (Math.Abs(sorted[i] - sorted[i - 1] - h) > 1e-6 * h) return false;
        return true;
    }

    private static int IndexOfField(FieldData data, string field)
    {
        for (int f = 0; f < data.Fields.Count; f++) if (data.Fields[f] == field) return f;
        throw new ArgumentException($"'{field}' is not a field.");
    }
}

/// <summary>The weak-form regression system of <see cref="WeakForm.Assemble"/>.</summary>
/// <param name="Columns">Per library term, its integral against each test function (length <paramref name="Windows"/>).</param>
/// <param name="Targets">Per field name, the integral of its time derivative against each test function.</param>
/// <param name="Windows">Number of test functions (rows).</param>
/// <param name="Nodes">The node grid's size along each coordinate.</param>
/// <param name="HalfWidths">The test functions' half-widths along each coordinate (data units).</param>
/// <param name="Forms">Per term, the monomials it was integrated as, for the record.</param>
/// <param name="OnDataGrid">Whether the nodes are the data's own grid points.</param>
public sealed record WeakSystem(double[][] Columns, IReadOnlyDictionary<string, double[]> Targets, int Windows, int[] Nodes, double[] HalfWidths, string[] Forms, bool OnDataGrid)
{
    /// <summary>The half-width as a share of the interior range (<see cref="WeakFormOptions.HalfWidth"/>) it was built with.</summary>
    public double HalfWidthShare { get; init; }
    /// <summary>Per field, the estimated noise-to-signal ratio of its time derivative's integrals (NaN when no noise was given or the values come from the surrogate).</summary>
    public IReadOnlyDictionary<string, double> TargetNoise { get; init; } = new Dictionary<string, double>();
    /// <summary>Per library term, the same for its column (NaN for terms integrated as they are).</summary>
    public double[] ColumnNoise { get; init; } = [];
}

/// <summary>The noise level of gridded samples, estimated from the data alone.</summary>
public static class NoiseEstimate
{
    /// <summary>
    /// The standard deviation of independent noise on <paramref name="field"/>, or NaN when the data are not on a
    /// regular tensor grid. Along each coordinate, sixth differences of the samples remove a smooth signal almost
    /// entirely while white noise of deviation sigma gives differences of deviation sigma sqrt(C(12, 6)) = 30.4 sigma;
    /// the deviation is read robustly from the median absolute difference (sharp features such as solitons affect few
    /// differences), and the smallest over the coordinates is kept (the one along which the signal is smoothest).
    /// </summary>
    public static double FromGrid(FieldData data, int field)
    {
        ArgumentNullException.ThrowIfNull(data);
        int d = data.Dimension, n = data.Count;
        var axes = new double[d][];
        for (int a = 0; a < d; a++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = data.Points[i * d + a];
            axes[a] = v.Distinct().Order().ToArray();
        }
        if (axes.Aggregate(1L, (p, x) => p * x.Length) != n) return double.NaN;
        var shape = axes.Select(x => x.Length).ToArray();
        var position = axes.Select(x => x.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i)).ToArray();
        var grid = new double[n];
        var filled = new bool[n];
        for (int i = 0; i < n; i++)
        {
            int node = 0;
            for (int a = 0; a < d; a++) node = node * shape[a] + position[a][data.Points[i * d + a]];
            grid[node] = data.Values[field][i];
            filled[node] = true;
        }
        if (filled.Any(f => !f)) return double.NaN;
        // sixth differences: binomial weights with alternating signs; Var = sigma^2 sum w^2 = sigma^2 C(12, 6)
        double[] weights = [1, -6, 15, -20, 15, -6, 1];
        double norm = Math.Sqrt(924);
        double best = double.NaN;
        for (int a = 0; a < d; a++)
        {
            if (shape[a] < 16) continue;
            int inner = 1;
            for (int b = a + 1; b < d; b++) inner *= shape[b];
            int outer = n / (shape[a] * inner);
            var diffs = new List<double>();
            for (int o = 0; o < outer; o++)
                for (int r = 0; r < inner; r++)
                    for (int k = 0; k + 6 < shape[a]; k++)
                    {
                        double sum = 0;
                        for (int q = 0; q <= 6; q++) sum += weights[q] * grid[(o * shape[a] + k + q) * inner + r];
                        diffs.Add(Math.Abs(sum));
                    }
            if (diffs.Count == 0) continue;
            diffs.Sort();
            double median = diffs[diffs.Count / 2];
            double sigma = median / 0.6745 / norm;
            if (double.IsNaN(best) || sigma < best) best = sigma;
        }
        return best;
    }
}
