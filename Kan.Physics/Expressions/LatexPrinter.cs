using System.Globalization;
using System.Text;

namespace Kan.Physics.Expressions;

/// <summary>LaTeX printing; same structure and term order as <see cref="PlainPrinter"/>.</summary>
/// <remarks>
/// Conventions: <c>exp(u)</c> is always <c>e^{u}</c>; quotients are <c>\frac{}{}</c>; parentheses are
/// <c>\left( \right)</c>; factors are separated by a space, or by <c>\cdot</c> before a factor that starts with a
/// digit; variable names become Greek letters (<c>theta</c> -> <c>\theta</c>, <c>lambd</c> -> <c>\lambda</c>) with
/// subscripts from a trailing number or an underscore (<c>x1</c> -> <c>x_{1}</c>, <c>m_0</c> -> <c>m_{0}</c>), and
/// other multi-letter names are set upright (<c>\mathrm{Ef}</c>).
/// </remarks>
internal static class LatexPrinter
{
    private static readonly HashSet<string> Greek = new(StringComparer.Ordinal)
    {
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    };

    public static string Print(Expr e)
    {
        var sb = new StringBuilder();
        Write(sb, e);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Expr e)
    {
        switch (e)
        {
            case Constant c:
                sb.Append(c.Symbol switch { "pi" => @"\pi", "e" => "e", _ => NumberFormat.Latex(c.Value) });
                break;
            case Variable v:
                sb.Append(Name(v.Name));
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
                WriteCall(sb, f);
                break;
        }
    }

    private static void Parens(StringBuilder sb, Expr e, bool parenthesize)
    {
        if (parenthesize) sb.Append(@"\left(");
        Write(sb, e);
        if (parenthesize) sb.Append(@"\right)");
    }

    private static string Text(Expr e, bool parenthesize)
    {
        var sb = new StringBuilder();
        Parens(sb, e, parenthesize);
        return sb.ToString();
    }

    private static void WriteSum(StringBuilder sb, Sum s)
    {
        var order = PlainPrinter.SumOrder(s.Terms);
        for (int i = 0; i < order.Count; i++)
        {
            var t = order[i];
            if (i == 0) { Write(sb, t); continue; }
            if (PlainPrinter.IsNegative(t))
            {
                sb.Append(" - ");
                var n = PlainPrinter.Negated(t);
                Parens(sb, n, PlainPrinter.Precedence(n) == PlainPrinter.PrecSum);
            }
            else
            {
                sb.Append(" + ");
                Write(sb, t);
            }
        }
    }

    private static void WriteProduct(StringBuilder sb, Product p)
    {
        var (negative, cn, cd, dec, num, den) = PlainPrinter.SplitProduct(p);
        if (negative) sb.Append('-');
        var parts = new List<string>();
        if (dec is double d) parts.Add(NumberFormat.Latex(d));
        if (cn != 1) parts.Add(cn.ToString(CultureInfo.InvariantCulture));
        // Inside \frac{...}{...} a lone factor is already grouped by the braces.
        bool alone = num.Count == 1 && parts.Count == 0 && (den.Count > 0 || cd != 1);
        foreach (var f in num) parts.Add(Text(f, !alone && NeedsParensAsFactor(f)));
        string numerator = parts.Count == 0 ? "1" : Join(parts);
        if (den.Count == 0 && cd == 1) { sb.Append(numerator); return; }
        var dparts = new List<string>();
        if (cd != 1) dparts.Add(cd.ToString(CultureInfo.InvariantCulture));
        foreach (var f in den) dparts.Add(Text(f, NeedsParensAsFactor(f) && den.Count + (cd != 1 ? 1 : 0) > 1));
        sb.Append(@"\frac{").Append(numerator).Append("}{").Append(Join(dparts)).Append('}');
    }

    private static bool NeedsParensAsFactor(Expr f)
        => f is Sum || (f is Constant { IsNumber: true, Value: < 0 }) || (f is Product p && PlainPrinter.IsNegative(p));

    private static string Join(List<string> parts)
    {
        var sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.Count; i++)
        {
            bool dot = parts[i].Length > 0 && (char.IsDigit(parts[i][0]) || parts[i][0] == '-' || parts[i][0] == '.');
            sb.Append(dot ? @" \cdot " : " ").Append(parts[i]);
        }
        return sb.ToString();
    }

    private static void WritePower(StringBuilder sb, Power pw)
    {
        if (pw.Exponent is Constant { IsNumber: true } k)
        {
            if (k.Value < 0)
            {
                var den = k.Value == -1 ? pw.Base : new Power(pw.Base, new Constant(-k.Value));
                sb.Append(@"\frac{1}{");
                Write(sb, den);
                sb.Append('}');
                return;
            }
            if (k.Value == 0.5)
            {
                sb.Append(@"\sqrt{");
                Write(sb, pw.Base);
                sb.Append('}');
                return;
            }
        }
        // Anything but a variable, a named constant or a non-negative number gets parentheses, so that
        // (sin x)^2 and sin(x^2) cannot be confused.
        bool plainBase = pw.Base is Variable || pw.Base is Constant { IsNumber: false }
            || (pw.Base is Constant { Value: >= 0 } c && !NumberFormat.Latex(c.Value).Contains('\\'));
        Parens(sb, pw.Base, !plainBase);
        sb.Append("^{");
        Write(sb, pw.Exponent);
        sb.Append('}');
    }

    private static void WriteCall(StringBuilder sb, FunctionCall f)
    {
        switch (f.Name)
        {
            case "exp":
                sb.Append("e^{");
                Write(sb, f.Argument);
                sb.Append('}');
                return;
            case "gaussian":
                sb.Append("e^{-");
                Parens(sb, new Power(f.Argument, new Constant(2)), false);
                sb.Append('}');
                return;
            case "sqrt":
                sb.Append(@"\sqrt{");
                Write(sb, f.Argument);
                sb.Append('}');
                return;
            case "abs":
                sb.Append(@"\left|");
                Write(sb, f.Argument);
                sb.Append(@"\right|");
                return;
        }
        sb.Append(f.Info.LatexCommand ?? $@"\operatorname{{{f.Name}}}");
        sb.Append(@"\left(");
        Write(sb, f.Argument);
        sb.Append(@"\right)");
    }

    /// <summary>LaTeX for a variable name (see the class remarks).</summary>
    internal static string Name(string name)
    {
        string stem = name, sub = "";
        int u = name.IndexOf('_');
        if (u > 0)
        {
            stem = name[..u];
            sub = name[(u + 1)..];
        }
        else
        {
            int d = name.Length;
            while (d > 0 && char.IsDigit(name[d - 1])) d--;
            if (d > 0 && d < name.Length)
            {
                stem = name[..d];
                sub = name[d..];
            }
        }
        string text = Word(stem);
        if (sub.Length > 0) text += "_{" + (sub.All(char.IsDigit) ? sub : Word(sub.Replace("_", ",", StringComparison.Ordinal))) + "}";
        return text;
    }

    private static string Word(string w)
    {
        if (w == "lambd") return @"\lambda";
        if (Greek.Contains(w)) return "\\" + w;
        if (w.Length == 1) return w;
        return @"\mathrm{" + w.Replace("_", @"\_", StringComparison.Ordinal) + "}";
    }
}
