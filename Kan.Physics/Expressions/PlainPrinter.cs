using System.Globalization;
using System.Text;

namespace Kan.Physics.Expressions;

/// <summary>Plain-text printing with minimal parentheses; the output parses back to an expression with the same values.</summary>
/// <remarks>
/// Products are split into a numerator and a denominator (factors with a negative numeric exponent), so
/// <c>x*y^-1</c> prints <c>x/y</c>; a leading negative coefficient prints as a minus sign; in a sum a negative term
/// prints as <c>- term</c>, and if the first term is negative the first non-negative one is printed first
/// (<c>1 - x</c> rather than <c>-x + 1</c>). <c>u^0.5</c> prints <c>sqrt(u)</c> and <c>u^-0.5</c> <c>1/sqrt(u)</c>.
/// </remarks>
internal static class PlainPrinter
{
    public const int PrecSum = 0, PrecProduct = 1, PrecPower = 2, PrecAtom = 3;

    public static string Print(Expr e)
    {
        var sb = new StringBuilder();
        Write(sb, e);
        return sb.ToString();
    }

    /// <summary>Binding strength of the printed form: parenthesise where a context needs more.</summary>
    public static int Precedence(Expr e) => e switch
    {
        Constant c => c.IsNumber && (c.Value < 0 || NumberFormat.TryFraction(c.Value, out _, out _)) ? PrecProduct : PrecAtom,
        Variable or FunctionCall => PrecAtom,
        Power { Exponent: Constant { IsNumber: true, Value: 0.5 } } => PrecAtom,
        Power { Exponent: Constant { IsNumber: true, Value: < 0 } } => PrecProduct,
        Power => PrecPower,
        Product => PrecProduct,
        _ => PrecSum,
    };

    private static void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case Constant c:
                sb.Append(c.Symbol ?? NumberFormat.Plain(c.Value));
                break;
            case Variable v:
                sb.Append(v.Name);
                break;
            case Sum s:
                WriteSum(sb, s);
                break;
            case Product p:
                WriteProduct(sb, p);
                break;
            case Power pw:
                WritePower(sb, pw);
                break;
            case FunctionCall f:
                sb.Append(f.Name).Append('(');
                Write(sb, f.Argument);
                sb.Append(')');
                break;
        }
    }

    private static void WriteParenthesized(StringBuilder sb, Expr e, bool parenthesize)
    {
        if (parenthesize) sb.Append('(');
        Write(sb, e);
        if (parenthesize) sb.Append(')');
    }

    private static void WriteSum(StringBuilder sb, Sum s)
    {
        var order = SumOrder(s.Terms);
        for (int i = 0; i < order.Count; i++)
        {
            var t = order[i];
            if (i == 0) { Write(sb, t); continue; }
            if (IsNegative(t))
            {
                sb.Append(" - ");
                var n = Negated(t);
                WriteParenthesized(sb, n, Precedence(n) == PrecSum);
            }
            else
            {
                sb.Append(" + ");
                Write(sb, t);
            }
        }
    }

    /// <summary>The terms in printing order: the first non-negative term moved to the front if the first term is negative.</summary>
    internal static List<Expr> SumOrder(IReadOnlyList<Expr> terms)
    {
        var list = terms.ToList();
        if (IsNegative(list[0]))
        {
            int j = list.FindIndex(t => !IsNegative(t));
            if (j > 0)
            {
                var t = list[j];
                list.RemoveAt(j);
                list.Insert(0, t);
            }
        }
        return list;
    }

    /// <summary>A term printed with a leading minus: a negative number, or a product whose numeric coefficient is negative.</summary>
    internal static bool IsNegative(Expr t)
        => t is Constant { IsNumber: true, Value: < 0 } || t is Product { Factors: [Constant { IsNumber: true, Value: < 0 }, ..] };

    /// <summary>-t for a term with <see cref="IsNegative"/>, built without simplification.</summary>
    internal static Expr Negated(Expr t)
    {
        if (t is Constant c) return new Constant(-c.Value);
        var p = (Product)t;
        double k = -((Constant)p.Factors[0]).Value;
        var rest = p.Factors.Skip(1).ToList();
        if (k != 1) rest.Insert(0, new Constant(k));
        return rest.Count == 1 ? rest[0] : new Product(rest);
    }

    /// <summary>
    /// Splits a product for printing: sign, the magnitude of a leading numeric coefficient as an integer numerator
    /// and denominator where it is a simple fraction (or as decimal text), the other numerator factors, and the
    /// denominator factors with their exponents made positive.
    /// </summary>
    internal static (bool Negative, long CoefNum, long CoefDen, double? CoefDecimal, List<Expr> Num, List<Expr> Den) SplitProduct(Product p)
    {
        bool negative = false;
        long num = 1, den = 1;
        double? dec = null;
        int start = 0;
        if (p.Factors[0] is Constant { IsNumber: true } c0)
        {
            start = 1;
            double m = Math.Abs(c0.Value);
            negative = c0.Value < 0;
            if (m != 1)
            {
                if (NumberFormat.TryFraction(m, out num, out den)) { }
                else { num = 1; den = 1; dec = m; }
            }
        }
        var numFactors = new List<Expr>();
        var denFactors = new List<Expr>();
        for (int i = start; i < p.Factors.Count; i++)
        {
            var f = p.Factors[i];
            if (f is Power { Exponent: Constant { IsNumber: true, Value: < 0 } k } pw)
                denFactors.Add(k.Value == -1 ? pw.Base : new Power(pw.Base, new Constant(-k.Value)));
            else
                numFactors.Add(f);
        }
        return (negative, num, den, dec, numFactors, denFactors);
    }

    private static void WriteProduct(StringBuilder sb, Product p)
    {
        var (negative, cn, cd, dec, num, den) = SplitProduct(p);
        if (negative) sb.Append('-');
        var parts = new List<string>();
        if (dec is double d) parts.Add(NumberFormat.Decimal(d));
        if (cn != 1) parts.Add(cn.ToString(CultureInfo.InvariantCulture));
        foreach (var f in num) parts.Add(Factor(f));
        if (parts.Count == 0) parts.Add("1");
        sb.AppendJoin('*', parts);
        if (den.Count == 0 && cd == 1) return;
        sb.Append('/');
        if (cd == 1 && den.Count == 1)
        {
            // x/y^2 and x/sqrt(y) need no parentheses; x/(y + 1) and x/(2*y) do.
            WriteParenthesized(sb, den[0], Precedence(den[0]) < PrecPower);
            return;
        }
        if (cd != 1 && den.Count == 0)
        {
            sb.Append(cd.ToString(CultureInfo.InvariantCulture));
            return;
        }
        var dparts = new List<string>();
        if (cd != 1) dparts.Add(cd.ToString(CultureInfo.InvariantCulture));
        foreach (var f in den) dparts.Add(Factor(f));
        sb.Append('(').AppendJoin('*', dparts).Append(')');
    }

    /// <summary>
    /// A factor of a numerator or denominator list: sums and anything printed with a leading minus get parentheses; a
    /// nested product does not need them, since <c>a*b/c*d</c> style chains read left to right with the same value.
    /// </summary>
    private static string Factor(Expr f)
    {
        var sb = new StringBuilder();
        WriteParenthesized(sb, f, Precedence(f) < PrecProduct || IsNegative(f));
        return sb.ToString();
    }

    private static void WritePower(StringBuilder sb, Power pw)
    {
        if (pw.Exponent is Constant { IsNumber: true } k)
        {
            if (k.Value < 0)
            {
                sb.Append("1/");
                var den = k.Value == -1 ? pw.Base : new Power(pw.Base, new Constant(-k.Value));
                WriteParenthesized(sb, den, Precedence(den) <= PrecProduct);
                return;
            }
            if (k.Value == 0.5)
            {
                sb.Append("sqrt(");
                Write(sb, pw.Base);
                sb.Append(')');
                return;
            }
        }
        bool baseParens = Precedence(pw.Base) < PrecAtom
            || (pw.Base is Constant { IsNumber: true } c && NumberFormat.Plain(c.Value).Contains('e'));
        WriteParenthesized(sb, pw.Base, baseParens);
        sb.Append('^');
        WriteParenthesized(sb, pw.Exponent, Precedence(pw.Exponent) < PrecAtom);
    }
}
