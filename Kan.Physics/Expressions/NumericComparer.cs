namespace Kan.Physics.Expressions;

/// <summary>Implements <see cref="Expr.CompareNumerically"/>.</summary>
internal static class NumericComparer
{
    /// <summary>Fraction of the RMS magnitude below which values count as "near zero" (see the remarks on Expr.CompareNumerically).</summary>
    private const double ScaleFloor = 1e-6;

    public static NumericComparison Compare(Expr a, Expr b, IReadOnlyDictionary<string, (double Min, double Max)> ranges,
        int points, double relativeTolerance, int seed)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(ranges);
        if (points < 1) throw new ArgumentOutOfRangeException(nameof(points), points, "At least one point is needed.");
        if (!(relativeTolerance >= 0)) throw new ArgumentOutOfRangeException(nameof(relativeTolerance), relativeTolerance, "The tolerance must be non-negative.");
        var names = a.Variables.Union(b.Variables).Order(StringComparer.Ordinal).ToArray();
        foreach (var n in names)
        {
            if (!ranges.TryGetValue(n, out var r))
                throw new ArgumentException($"No range given for variable '{n}'.", nameof(ranges));
            if (!double.IsFinite(r.Min) || !double.IsFinite(r.Max) || r.Min > r.Max)
                throw new ArgumentException($"Range [{r.Min}, {r.Max}] of variable '{n}' is not a finite interval.", nameof(ranges));
        }

        var fa = a.Compile(names);
        var fb = b.Compile(names);
        var rng = new Random(seed);
        var xs = new double[points][];
        var va = new double[points];
        var vb = new double[points];
        double sumSq = 0;
        int finiteCount = 0;
        for (int i = 0; i < points; i++)
        {
            var x = new double[names.Length];
            for (int j = 0; j < names.Length; j++)
            {
                var r = ranges[names[j]];
                x[j] = r.Min + (r.Max - r.Min) * rng.NextDouble();
            }
            xs[i] = x;
            va[i] = fa(x);
            vb[i] = fb(x);
            if (double.IsFinite(va[i])) { sumSq += va[i] * va[i]; finiteCount++; }
            if (double.IsFinite(vb[i])) { sumSq += vb[i] * vb[i]; finiteCount++; }
        }
        double floor = finiteCount > 0 ? ScaleFloor * Math.Sqrt(sumSq / finiteCount) : 0;

        int compared = 0, skipped = 0, mismatched = 0, worst = -1;
        double maxError = 0;
        for (int i = 0; i < points; i++)
        {
            bool fina = double.IsFinite(va[i]), finb = double.IsFinite(vb[i]);
            if (!fina && !finb) { skipped++; continue; }
            if (fina != finb)
            {
                if (mismatched++ == 0) worst = i;
                maxError = double.PositiveInfinity;
                continue;
            }
            compared++;
            double diff = Math.Abs(va[i] - vb[i]);
            double denom = Math.Max(Math.Max(Math.Abs(va[i]), Math.Abs(vb[i])), floor);
            double err = diff == 0 ? 0 : diff / denom;
            if (mismatched == 0 && (worst < 0 || err > maxError)) { maxError = err; worst = i; }
        }

        bool equal = mismatched == 0 && compared > 0 && maxError <= relativeTolerance;
        IReadOnlyDictionary<string, double>? worstPoint = worst < 0 ? null
            : names.Select((n, j) => (n, j)).ToDictionary(t => t.n, t => xs[worst][t.j], StringComparer.Ordinal);
        return new NumericComparison(equal, compared, skipped, mismatched, maxError, worstPoint);
    }
}
