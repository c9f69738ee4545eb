using System.Globalization;
using System.Text;

namespace Kan.Physics.Expressions;

/// <summary>Plain-text printing with minimal parentheses; the output parses back to an expression with the same values.</summary>
/// <remarks>
/// Products are split into a numerator and a denominator (factors with a negative numeric exponent), so
/// <c>x*y^-1</c> prints <c>x/y</c>; a leading negative coefficient prints as a minus sign; in a sum a negative term
/// prints as <c>- term</c>, and if the first term is negative the first non-negative one is printed first
/// (<c>1 - x</c> rather than <c>-x + 1</c>). <c>u^0.5</c> prints <c>sqrt(u)</c> and <c>u^-0.5</c> <c>1/sqrt(u)</c>.
/// The traversal, sums and the split of powers are <see cref="ExprPrinter"/>'s.
/// </remarks>
internal sealed class PlainPrinter : ExprPrinter
{
    /// <summary>The printer (stateless).</summary>
    public static PlainPrinter Instance { get; } = new();

    private PlainPrinter() { }

    protected override string OpenParenthesis => "(";

    protected override string CloseParenthesis => ")";

    protected override void WriteConstant(StringBuilder sb, Constant c) => sb.Append(c.Symbol ?? NumberFormat.Plain(c.Value));

    protected override void WriteVariable(StringBuilder sb, Variable v) => sb.Append(v.Name);

    protected override void WriteCall(StringBuilder sb, FunctionCall f)
    {
        sb.Append(f.Name).Append('(');
        Write(sb, f.Argument);
        sb.Append(')');
    }

    protected override void WriteProduct(StringBuilder sb, Product p)
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
    private string Factor(Expr f) => Text(f, Precedence(f) < PrecProduct || IsNegative(f));

    protected override void WriteReciprocal(StringBuilder sb, Expr denominator)
    {
        sb.Append("1/");
        WriteParenthesized(sb, denominator, Precedence(denominator) <= PrecProduct);
    }

    protected override void WriteSquareRoot(StringBuilder sb, Expr radicand)
    {
        sb.Append("sqrt(");
        Write(sb, radicand);
        sb.Append(')');
    }

    protected override void WriteGeneralPower(StringBuilder sb, Expr @base, Expr exponent)
    {
        bool baseParens = Precedence(@base) < PrecAtom
            || (@base is Constant { IsNumber: true } c && NumberFormat.Plain(c.Value).Contains('e'));
        WriteParenthesized(sb, @base, baseParens);
        sb.Append('^');
        WriteParenthesized(sb, exponent, Precedence(exponent) < PrecAtom);
    }
}
