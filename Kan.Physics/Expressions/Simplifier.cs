using System.Globalization;

namespace Kan.Physics.Expressions;

/// <summary>Implements <see cref="Expr.Simplify"/>; the rules are documented on <see cref="SimplifyOptions"/>.</summary>
/// <remarks>
/// Each Make* method returns the canonical form of its node assuming its children already are canonical; a pass
/// rebuilds the tree bottom-up through them, and passes repeat until nothing changes. The constant snapping
/// (the only value-changing rewrites besides term dropping) runs between exact passes.
/// </remarks>
internal sealed class Simplifier
{
    private const int MaxPasses = 12;
    private static readonly Constant One = new(1), MinusOne = new(-1), Two = new(2), Half = new(0.5);
    private readonly SimplifyOptions _o;

    public Simplifier(SimplifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _o = options;
    }

    public Expr Run(Expr e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var a = Fix(e);
        // Snapping can create new constants (collected coefficients, folded fractions), so snap once more after the pass.
        for (int round = 0; round < 2; round++)
        {
            var b = Snap(a);
            if (b.Equals(a)) break;
            a = Fix(b);
        }
        return a;
    }

    private Expr Fix(Expr e)
    {
        for (int i = 0; i < MaxPasses; i++)
        {
            var n = Pass(e);
            if (n.Equals(e)) return n;
            e = n;
        }
        return e;
    }

    private Expr Pass(Expr e) => e switch
    {
        Sum s => MakeSum(s.Terms.Select(Pass).ToList()),
        Product p => MakeProduct(p.Factors.Select(Pass).ToList()),
        Power pw => MakePower(Pass(pw.Base), Pass(pw.Exponent)),
        FunctionCall f => MakeCall(f.Name, Pass(f.Argument)),
        _ => e,
    };

    private static bool IsInteger(double v) => NumberFormat.IsInteger(v);

    private static bool IsEvenInteger(double v) => IsInteger(v) && Math.IEEERemainder(v, 2) == 0;

    private static bool IsNumber(Expr e, out double v)
    {
        if (e is Constant { IsNumber: true } c) { v = c.Value; return true; }
        v = 0;
        return false;
    }

    // ------------------------------------------------------------------ sums

    private Expr MakeSum(IReadOnlyList<Expr> terms)
    {
        var keys = new List<Expr>();
        var coefficients = new Dictionary<Expr, double>();
        double constant = 0;

        void AddTerm(Expr t, double scale)
        {
            switch (t)
            {
                case Constant { IsNumber: true } c:
                    constant += scale * c.Value;
                    return;
                case Sum s:
                    foreach (var u in s.Terms) AddTerm(u, scale);
                    return;
                case Product { Factors: [Constant { IsNumber: true } c, Sum s] }:
                    foreach (var u in s.Terms) AddTerm(u, scale * c.Value);
                    return;
            }
            var (coefficient, rest) = ExprOrder.SplitCoefficient(t);
            if (coefficients.TryGetValue(rest!, out double old)) coefficients[rest!] = old + scale * coefficient;
            else { coefficients[rest!] = scale * coefficient; keys.Add(rest!); }
        }

        foreach (var t in terms) AddTerm(t, 1);

        var entries = keys.Select(k => (Key: k, Coefficient: coefficients[k])).Where(x => x.Coefficient != 0).ToList();
        if (_o.DropTolerance > 0)
        {
            double max = Math.Abs(constant);
            foreach (var (_, c) in entries) max = Math.Max(max, Math.Abs(c));
            if (double.IsFinite(max) && max > 0)
            {
                double threshold = _o.DropTolerance * max;
                entries.RemoveAll(x => Math.Abs(x.Coefficient) <= threshold);
                if (Math.Abs(constant) <= threshold) constant = 0;
            }
        }

        var list = entries.Select(x => WithCoefficient(x.Coefficient, x.Key)).ToList();
        if (constant != 0 || double.IsNaN(constant)) list.Add(new Constant(constant));
        list.Sort(ExprOrder.CompareTerms);
        return list.Count switch { 0 => new Constant(0), 1 => list[0], _ => new Sum(list) };
    }

    private static Expr WithCoefficient(double c, Expr rest)
    {
        if (c == 1) return rest;
        if (rest is Product p) return new Product([new Constant(c), .. p.Factors]);
        return new Product(new Constant(c), rest);
    }

    // ------------------------------------------------------------------ products

    private Expr MakeProduct(IReadOnlyList<Expr> factors, int depth = 0)
    {
        double coefficient = 1;
        var bases = new List<Expr>();
        var exponents = new Dictionary<Expr, List<Expr>>();
        var expArguments = new List<Expr>();

        void AddFactor(Expr f)
        {
            switch (f)
            {
                case Constant { IsNumber: true } c:
                    MultiplyCoefficient(ref coefficient, c.Value);
                    return;
                case Product p:
                    foreach (var g in p.Factors) AddFactor(g);
                    return;
                case FunctionCall { Name: "exp" } ex:
                    expArguments.Add(ex.Argument);
                    return;
            }
            var (b, e) = f is Power pw ? (pw.Base, pw.Exponent) : (f, (Expr)One);
            if (!exponents.TryGetValue(b, out var list))
            {
                exponents[b] = list = [];
                bases.Add(b);
            }
            list.Add(e);
        }

        foreach (var f in factors) AddFactor(f);
        if (coefficient == 0) return new Constant(0);

        var built = new List<Expr>();
        foreach (var b in bases)
        {
            var list = exponents[b];
            Expr exponent;
            if (list.Count == 1) exponent = list[0];
            else if (list.All(x => x is Constant { IsNumber: true })) exponent = new Constant(list.Sum(x => ((Constant)x).Value));
            else exponent = MakeSum(list);
            built.Add(MakePower(b, exponent));
        }
        if (expArguments.Count > 0)
        {
            var argument = expArguments.Count == 1 ? expArguments[0] : MakeSum(expArguments);
            // c*exp(u + k) = (c*e^k)*exp(u): a KAN edge's affine shift inside exp is a factor outside, and only there
            // can it merge with the other coefficients (into 1, once the formula is exact)
            if (argument is Sum sum && sum.Terms.Any(t => IsNumber(t, out _)))
            {
                foreach (var t in sum.Terms) if (IsNumber(t, out double k)) MultiplyCoefficient(ref coefficient, Math.Exp(k));
                argument = MakeSum(sum.Terms.Where(t => !IsNumber(t, out _)).ToList());
            }
            built.Add(MakeCall("exp", argument));
        }

        // Building powers can yield numbers, products (a distributed power) or exp calls that must merge with the others.
        if (depth < 4 && (built.Any(x => x is Product) || built.Count(x => x is FunctionCall { Name: "exp" }) > 1))
            return MakeProduct([.. built, new Constant(coefficient)], depth + 1);
        var rest = new List<Expr>();
        foreach (var x in built)
        {
            if (IsNumber(x, out double v)) MultiplyCoefficient(ref coefficient, v);
            else rest.Add(x);
        }
        if (coefficient == 0) return new Constant(0);
        if (rest.Count == 0) return new Constant(coefficient);
        if (rest.Count == 1 && rest[0] is Sum s && coefficient != 1)
            return MakeSum([new Product(new Constant(coefficient), s)]);
        rest.Sort(ExprOrder.CompareFactors);
        if (coefficient != 1) rest.Insert(0, new Constant(coefficient));
        return rest.Count == 1 ? rest[0] : new Product(rest);
    }

    /// <summary>
    /// Multiplies by v, or divides by n when v is the double nearest 1/n: 7*(1/3) would round to 2.333333333333333,
    /// one ulp away from 7/3, and then no longer print as a fraction.
    /// </summary>
    private static void MultiplyCoefficient(ref double coefficient, double v)
    {
        if (v != 0 && Math.Abs(v) < 1)
        {
            double n = Math.Round(1 / v);
            if (1 / n == v) { coefficient /= n; return; }
        }
        coefficient *= v;
    }

    // ------------------------------------------------------------------ powers

    private Expr MakePower(Expr b, Expr e)
    {
        if (IsNumber(b, out double bv) && bv == 1) return One;
        if (b is Constant { Symbol: "e" }) return MakeCall("exp", e);
        if (b is FunctionCall { Name: "exp" } exp) return MakeCall("exp", MakeProduct([e, exp.Argument]));
        if (!IsNumber(e, out double k)) return new Power(b, e);

        if (k == 0) return One;
        if (k == 1) return b;
        switch (b)
        {
            case Constant { IsNumber: true }:
                return (Expr?)FoldPower(bv, k) ?? new Power(b, e);
            case Power inner:
                if (IsInteger(k)) return MakePower(inner.Base, MakeProduct([inner.Exponent, e]));
                if (IsNumber(inner.Exponent, out double k0))
                {
                    // (u^2)^0.5 is |u|, not u: keep the evenness in an abs.
                    return IsEvenInteger(k0)
                        ? MakePower(MakeCall("abs", inner.Base), new Constant(k0 * k))
                        : MakePower(inner.Base, new Constant(k0 * k));
                }
                break;
            case Product p when IsInteger(k):
                return MakeProduct(p.Factors.Select(f => MakePower(f, e)).ToList());
            case FunctionCall { Name: "abs" } abs when IsEvenInteger(k):
                return MakePower(abs.Argument, e);
        }
        return new Power(b, e);
    }

    /// <summary>c^k as a number, or null to keep it symbolic (an irrational power of an integer, or a non-finite result).</summary>
    private static Constant? FoldPower(double c, double k)
    {
        double r = MathFunctions.Pow(c, k);
        if (!double.IsFinite(r)) return null;
        if (!IsInteger(k) && IsInteger(c) && !IsInteger(r)) return null;
        return new Constant(r);
    }

    // ------------------------------------------------------------------ functions

    private Expr MakeCall(string name, Expr u)
    {
        switch (name)
        {
            case "sqrt":
                return MakePower(u, Half);
            case "gaussian":
                return MakeCall("exp", MakeProduct([MinusOne, MakePower(u, Two)]));
        }
        if (!KnownFunctions.TryGet(name, out var info))
            throw new InvalidOperationException($"Unknown function '{name}'.");
        if (IsNumber(u, out double c))
        {
            double r = info.Evaluate(c);
            return double.IsFinite(r) && (!IsInteger(c) || IsInteger(r)) ? new Constant(r) : new FunctionCall(info.Name, u);
        }
        if (info.Name == "exp" && u is FunctionCall { Name: "log" } log) return log.Argument;
        if (info.Name == "exp" && ExpOfLogs(u) is { } product) return product;
        if (info.Name == "log" && u is FunctionCall { Name: "exp" } exp) return exp.Argument;
        if (info.Parity != 0 && u is Product { Factors: [Constant { IsNumber: true, Value: < 0 }, ..] })
        {
            var negated = MakeProduct([MinusOne, u]);
            return info.Parity > 0 ? MakeProduct([MinusOne, MakeCall(info.Name, negated)]) : MakeCall(info.Name, negated);
        }
        if (info.Name is "sin" or "cos" && u is Sum sum && HalfTurns(sum) is var (turns, others) && !(turns > -1 && turns < 1))
        {
            // 2 pi periodic: a multiple q pi of pi in the argument is reduced to q in (-1, 1], and q = 1 (half a turn) is a sign
            double q = turns - 2 * Math.Floor((turns + 1) / 2);
            if (q <= -1) q += 2;
            if (q > 1) q -= 2;
            var rest = others.Count == 0 ? (Expr)new Constant(0) : others.Count == 1 ? others[0] : MakeSum(others);
            if (q == 1) return MakeProduct([MinusOne, MakeCall(info.Name, rest)]);
            return MakeCall(info.Name, q == 0 ? rest : MakeSum([.. others, MakeProduct([new Constant(q), Constant.Pi])]));
        }
        if (info.Name == "abs")
        {
            if (u is FunctionCall { Name: "abs" }) return u;
            if (u is Power { Exponent: Constant { IsNumber: true } k } && IsEvenInteger(k.Value)) return u;
        }
        return new FunctionCall(info.Name, u);
    }

    /// <summary>The term q pi of a sum (q a number; pi alone is q = 1) and the other terms; null without one.</summary>
    private static (double Turns, List<Expr> Others)? HalfTurns(Sum sum)
    {
        for (int i = 0; i < sum.Terms.Count; i++)
        {
            double q = sum.Terms[i] switch
            {
                Constant { Symbol: "pi" } => 1,
                Product { Factors: [Constant { IsNumber: true } k, Constant { Symbol: "pi" }] } => k.Value,
                _ => double.NaN,
            };
            if (!double.IsFinite(q)) continue;
            var others = sum.Terms.Where((_, j) => j != i).ToList();
            return (q, others);
        }
        return null;
    }

    // exp(k*log(v) + rest) = v^k * exp(rest): laws found in log space (products, powers) read as products
    private Expr? ExpOfLogs(Expr u)
    {
        IReadOnlyList<Expr> terms = u is Sum sum ? sum.Terms : [u];
        var factors = new List<Expr>();
        var rest = new List<Expr>();
        foreach (var t in terms)
        {
            if (t is FunctionCall { Name: "log" } lg) factors.Add(lg.Argument);
            else if (t is Product { Factors: [Constant { IsNumber: true } k, FunctionCall { Name: "log" } lg2] }) factors.Add(MakePower(lg2.Argument, k));
            else rest.Add(t);
        }
        if (factors.Count == 0) return null;
        if (rest.Count > 0) factors.Add(MakeCall("exp", rest.Count == 1 ? rest[0] : MakeSum(rest)));
        return MakeProduct(factors);
    }

    // ------------------------------------------------------------------ constant snapping

    private Expr Snap(Expr e) => e switch
    {
        Constant { IsNumber: true } c => SnapConstant(c, exponent: false),
        Sum s => new Sum(s.Terms.Select(Snap).ToList()),
        Product p => new Product(p.Factors.Select(Snap).ToList()),
        Power pw => new Power(Snap(pw.Base), pw.Exponent is Constant { IsNumber: true } k ? SnapConstant(k, exponent: true) : Snap(pw.Exponent)),
        FunctionCall f => new FunctionCall(f.Name, Snap(f.Argument)),
        _ => e,
    };

    /// <summary>The exact constants <see cref="SimplifyOptions.RecognizeConstants"/> tries, each with its value.</summary>
    private static readonly (double Value, Func<Expr> Form)[] KnownConstants =
    [
        (1 / Math.PI, () => new Power(Constant.Pi, new Constant(-1))),
        (Math.PI * Math.PI, () => new Power(Constant.Pi, new Constant(2))),
        (1 / (Math.PI * Math.PI), () => new Power(Constant.Pi, new Constant(-2))),
        (Math.Sqrt(Math.PI), () => new Power(Constant.Pi, new Constant(0.5))),
        (1 / Math.Sqrt(Math.PI), () => new Power(Constant.Pi, new Constant(-0.5))),
        (Math.Sqrt(2 * Math.PI), () => new Power(new Product(new Constant(2), Constant.Pi), new Constant(0.5))),
        (1 / Math.Sqrt(2 * Math.PI), () => new Power(new Product(new Constant(2), Constant.Pi), new Constant(-0.5))),
        (Math.E, () => Constant.E),
        (1 / Math.E, () => new Power(Constant.E, new Constant(-1))),
        (Math.Sqrt(2), () => new Power(new Constant(2), new Constant(0.5))),
        (Math.Sqrt(3), () => new Power(new Constant(3), new Constant(0.5))),
        (Math.Sqrt(5), () => new Power(new Constant(5), new Constant(0.5))),
        (Math.Sqrt(6), () => new Power(new Constant(6), new Constant(0.5))),
        (Math.Sqrt(7), () => new Power(new Constant(7), new Constant(0.5))),
        (Math.Log(2), () => new FunctionCall("log", new Constant(2))),
        (Math.Log(Math.PI), () => new FunctionCall("log", Constant.Pi)),
        (Math.Log(2 * Math.PI), () => new FunctionCall("log", new Product(new Constant(2), Constant.Pi))),
    ];

    /// <summary>(p/q)*K for the first known constant K and smallest q that give v to the tolerance; null when none does.</summary>
    private Expr? RecognizeConstant(double v)
    {
        for (int q = 1; q <= _o.MaxDenominator; q++)
            foreach (var (value, form) in KnownConstants)
            {
                double p = Math.Round(v * q / value);
                if (p == 0 || Math.Abs(p) > 100) continue;
                if (Math.Abs(v - p * value / q) <= _o.ConstantTolerance * Math.Abs(v))
                    return p == q ? form() : new Product(new Constant(p / q), form());
            }
        return null;
    }

    private Expr SnapConstant(Constant c, bool exponent)
    {
        double v = c.Value;
        if (v == 0 || !double.IsFinite(v)) return c;
        if (_o.IntegerTolerance > 0)
        {
            double n = Math.Round(v);
            if (n != 0 && Math.Abs(v - n) <= _o.IntegerTolerance * Math.Abs(n)) return n == v ? c : new Constant(n);
        }
        if (!exponent && _o.RecognizePi)
        {
            for (int q = 1; q <= _o.MaxPiDenominator; q++)
            {
                double p = Math.Round(v * q / Math.PI);
                if (p != 0 && Math.Abs(v - p * Math.PI / q) <= _o.PiTolerance * Math.Abs(v))
                    return new Product(new Constant(p / q), Constant.Pi);
            }
        }
        if (!exponent && _o.RecognizeConstants && RecognizeConstant(v) is { } known) return known;
        if (_o.RecognizeRationals)
        {
            for (int q = 2; q <= _o.MaxDenominator; q++)
            {
                double p = Math.Round(v * q);
                if (p != 0 && Math.Abs(v - p / q) <= _o.RationalTolerance * Math.Abs(v)) return new Constant(p / q);
            }
        }
        if (_o.RoundDigits is int digits)
        {
            double r = double.Parse(v.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            return r == v ? c : new Constant(r);
        }
        return c;
    }
}
