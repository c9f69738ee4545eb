namespace Kan.Physics.Expressions;

/// <summary>The canonical orders used by <see cref="Simplifier"/> (documented on <see cref="SimplifyOptions"/>).</summary>
internal static class ExprOrder
{
    /// <summary>A total structural order: kind (number, named constant, variable, power, function, product, sum), then contents.</summary>
    public static int Compare(Expr a, Expr b)
    {
        if (ReferenceEquals(a, b)) return 0;
        int c = KindRank(a).CompareTo(KindRank(b));
        if (c != 0) return c;
        switch (a)
        {
            case Constant ca:
            {
                var cb = (Constant)b;
                c = string.CompareOrdinal(ca.Symbol, cb.Symbol);
                return c != 0 ? c : ca.Value.CompareTo(cb.Value);
            }
            case Variable va:
                return string.CompareOrdinal(va.Name, ((Variable)b).Name);
            case Power pa:
            {
                var pb = (Power)b;
                c = Compare(pa.Base, pb.Base);
                return c != 0 ? c : Compare(pa.Exponent, pb.Exponent);
            }
            case FunctionCall fa:
            {
                var fb = (FunctionCall)b;
                c = string.CompareOrdinal(fa.Name, fb.Name);
                return c != 0 ? c : Compare(fa.Argument, fb.Argument);
            }
            default:
                return CompareLists(a.Children, b.Children);
        }
    }

    private static int CompareLists(IReadOnlyList<Expr> a, IReadOnlyList<Expr> b)
    {
        for (int i = 0; i < Math.Min(a.Count, b.Count); i++)
        {
            int c = Compare(a[i], b[i]);
            if (c != 0) return c;
        }
        return a.Count.CompareTo(b.Count);
    }

    private static int KindRank(Expr e) => e switch
    {
        Constant c => c.IsNumber ? 0 : 1,
        Variable => 2,
        Power => 3,
        FunctionCall => 4,
        Product => 5,
        _ => 6,
    };

    // ------------------------------------------------------------------ factors of a product

    /// <summary>
    /// Factor order: the numeric coefficient, then named constants and powers of numbers (<c>pi</c>, <c>sqrt(2)</c>),
    /// then variables and their powers by name, then functions (and their powers) by name and argument, then the rest
    /// (powers of sums, ...) structurally.
    /// </summary>
    public static int CompareFactors(Expr a, Expr b)
    {
        int ra = FactorRank(a), rb = FactorRank(b);
        if (ra != rb) return ra.CompareTo(rb);
        if (ra == 0) return ((Constant)a).Value.CompareTo(((Constant)b).Value);
        if (ra == 4) return Compare(a, b);
        var (ba, ea) = BaseAndExponent(a);
        var (bb, eb) = BaseAndExponent(b);
        int c = Compare(ba, bb);
        return c != 0 ? c : Compare(ea, eb);
    }

    private static int FactorRank(Expr f)
    {
        var b = f is Power p ? p.Base : f;
        return b switch
        {
            Constant c when ReferenceEquals(b, f) && c.IsNumber => 0,
            Constant => 1,
            Variable => 2,
            FunctionCall => 3,
            _ => 4,
        };
    }

    private static (Expr Base, Expr Exponent) BaseAndExponent(Expr f)
        => f is Power p ? (p.Base, p.Exponent) : (f, new Constant(1));

    // ------------------------------------------------------------------ terms of a sum

    /// <summary>
    /// Term order: monomials in the variables first (total degree descending, then graded-lexicographic by variable
    /// name, so <c>x^2 + x*y + y^2 + x + y</c>), then all other terms structurally (functions by name:
    /// <c>cos(x) + exp(x) + sin(x)</c>), then constants (named constants before the plain number). Numeric
    /// coefficients are ignored except to break ties.
    /// </summary>
    public static int CompareTerms(Expr a, Expr b)
    {
        var (ca, ra) = SplitCoefficient(a);
        var (cb, rb) = SplitCoefficient(b);
        var ma = Monomial(ra);
        var mb = Monomial(rb);
        int ga = Group(ra, ma), gb = Group(rb, mb);
        if (ga != gb) return ga.CompareTo(gb);
        int c;
        if (ga == 0)
        {
            c = ma!.Value.Degree.CompareTo(mb!.Value.Degree);
            if (c != 0) return -c;
            var la = ma.Value.Powers;
            var lb = mb.Value.Powers;
            for (int i = 0; i < Math.Min(la.Count, lb.Count); i++)
            {
                c = string.CompareOrdinal(la[i].Name, lb[i].Name);
                if (c != 0) return c;
                c = la[i].Exponent.CompareTo(lb[i].Exponent);
                if (c != 0) return -c;
            }
            c = la.Count.CompareTo(lb.Count);
            if (c != 0) return c;
        }
        if (ra is null || rb is null)
        {
            if (ra is not null) return -1;
            if (rb is not null) return 1;
        }
        else
        {
            c = Compare(ra, rb);
            if (c != 0) return c;
        }
        return ca.CompareTo(cb);
    }

    /// <summary>Splits <c>c*rest</c> with c a plain number; rest is null for a plain number.</summary>
    public static (double Coefficient, Expr? Remainder) SplitCoefficient(Expr term)
    {
        if (term is Constant { IsNumber: true } k) return (k.Value, null);
        if (term is Product p && p.Factors[0] is Constant { IsNumber: true } c)
            return (c.Value, p.Factors.Count == 2 ? p.Factors[1] : new Product(p.Factors.Skip(1)));
        return (1, term);
    }

    private static int Group(Expr? rest, (double Degree, List<(string Name, double Exponent)> Powers)? monomial)
        => rest is null ? 3 : monomial is null ? 1 : monomial.Value.Powers.Count > 0 ? 0 : 2;

    /// <summary>
    /// For a product of variables to numeric powers (named constants and powers of numbers allowed as well): the
    /// total degree and the (variable, exponent) list; null if the term contains anything else.
    /// </summary>
    private static (double Degree, List<(string Name, double Exponent)> Powers)? Monomial(Expr? rest)
    {
        if (rest is null) return null;
        var factors = rest is Product p ? p.Factors : [rest];
        var powers = new List<(string, double)>();
        double degree = 0;
        foreach (var f in factors)
        {
            switch (f)
            {
                case Variable v:
                    powers.Add((v.Name, 1)); degree += 1; break;
                case Power { Base: Variable v, Exponent: Constant { IsNumber: true } k }:
                    powers.Add((v.Name, k.Value)); degree += k.Value; break;
                case Constant:
                case Power { Base: Constant, Exponent: Constant }:
                    break;
                default:
                    return null;
            }
        }
        powers.Sort((x, y) => string.CompareOrdinal(x.Item1, y.Item1));
        return (degree, powers);
    }
}
