using System.Diagnostics;
using System.Text;

namespace Kan.Physics.Expressions;

/// <summary>
/// The one traversal behind <see cref="PlainPrinter"/> and <see cref="LatexPrinter"/>: it dispatches over the six node
/// kinds, writes sums (term order, <c>a - b</c> for negative terms) and splits powers into reciprocals, square roots and
/// general powers, so that a printer only says how each piece is spelled.
/// </summary>
/// <remarks>
/// Both printers share the term order of sums (<see cref="SumOrder"/>), what counts as a negative term
/// (<see cref="IsNegative"/>), how products split into numerator and denominator (<see cref="SplitProduct"/>) and the
/// binding strength of printed forms (<see cref="Precedence"/>), so plain text and LaTeX of one expression always have
/// the same structure. Printers are stateless: one instance serves every call.
/// </remarks>
internal abstract class ExprPrinter
{
    /// <summary>Binding strengths, weakest first: a context that needs more than a form has gets parentheses.</summary>
    public const int PrecSum = 0, PrecProduct = 1, PrecPower = 2, PrecAtom = 3;

    /// <summary>The text of <paramref name="e"/>.</summary>
    public string Print(Expr e)
    {
        var sb = new StringBuilder();
        Write(sb, e);
        return sb.ToString();
    }

    /// <summary>Appends <paramref name="e"/>: the single switch over the node kinds.</summary>
    protected void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case Constant c: WriteConstant(sb, c); break;
            case Variable v: WriteVariable(sb, v); break;
            case Sum s: WriteSum(sb, s); break;
            case Product p: WriteProduct(sb, p); break;
            case Power pw: WritePower(sb, pw); break;
            case FunctionCall f: WriteCall(sb, f); break;
            default: throw new UnreachableException($"No printer case for the node kind {e.GetType().Name}.");
        }
    }

    /// <summary>A number or a named constant.</summary>
    protected abstract void WriteConstant(StringBuilder sb, Constant c);

    /// <summary>A variable.</summary>
    protected abstract void WriteVariable(StringBuilder sb, Variable v);

    /// <summary>A product; <see cref="SplitProduct"/> gives its sign, coefficient, numerator and denominator.</summary>
    protected abstract void WriteProduct(StringBuilder sb, Product p);

    /// <summary>A function call.</summary>
    protected abstract void WriteCall(StringBuilder sb, FunctionCall f);

    /// <summary><c>1/denominator</c>, for a power with a negative numeric exponent (the exponent already made positive).</summary>
    protected abstract void WriteReciprocal(StringBuilder sb, Expr denominator);

    /// <summary>The square root of <paramref name="radicand"/>, for a power with exponent 0.5.</summary>
    protected abstract void WriteSquareRoot(StringBuilder sb, Expr radicand);

    /// <summary>Any other power.</summary>
    protected abstract void WriteGeneralPower(StringBuilder sb, Expr @base, Expr exponent);

    /// <summary>The opening parenthesis of this format.</summary>
    protected abstract string OpenParenthesis { get; }

    /// <summary>The closing parenthesis of this format.</summary>
    protected abstract string CloseParenthesis { get; }

    /// <summary>Appends <paramref name="e"/>, in parentheses when <paramref name="parenthesize"/> is set.</summary>
    protected void WriteParenthesized(StringBuilder sb, Expr e, bool parenthesize)
    {
        if (parenthesize) sb.Append(OpenParenthesis);
        Write(sb, e);
        if (parenthesize) sb.Append(CloseParenthesis);
    }

    /// <summary><paramref name="e"/> on its own, in parentheses when <paramref name="parenthesize"/> is set.</summary>
    protected string Text(Expr e, bool parenthesize)
    {
        var sb = new StringBuilder();
        WriteParenthesized(sb, e, parenthesize);
        return sb.ToString();
    }

    /// <summary>Terms in <see cref="SumOrder"/>; a negative term as <c> - </c> and its negation, parenthesised when that is a sum.</summary>
    private void WriteSum(StringBuilder sb, Sum s)
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

    /// <summary>A negative numeric exponent is a reciprocal, 0.5 a square root; anything else a general power.</summary>
    private void WritePower(StringBuilder sb, Power pw)
    {
        if (pw.Exponent is Constant { IsNumber: true } k)
        {
            if (k.Value < 0)
            {
                WriteReciprocal(sb, k.Value == -1 ? pw.Base : new Power(pw.Base, new Constant(-k.Value)));
                return;
            }
            if (k.Value == 0.5)
            {
                WriteSquareRoot(sb, pw.Base);
                return;
            }
        }
        WriteGeneralPower(sb, pw.Base, pw.Exponent);
    }

    /// <summary>Binding strength of the printed form of <paramref name="e"/>.</summary>
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
}
