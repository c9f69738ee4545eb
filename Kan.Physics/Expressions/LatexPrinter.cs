using System.Globalization;
using System.Text;

namespace Kan.Physics.Expressions;

/// <summary>LaTeX printing; same structure and term order as <see cref="PlainPrinter"/> (both walk the tree through <see cref="ExprPrinter"/>).</summary>
/// <remarks>
/// Conventions: <c>exp(u)</c> is always <c>e^{u}</c>; quotients are <c>\frac{}{}</c>; parentheses are
/// <c>\left( \right)</c>; factors are separated by a space, or by <c>\cdot</c> before a factor that starts with a
/// digit; variable names become Greek letters (<c>theta</c> -> <c>\theta</c>, <c>lambd</c> -> <c>\lambda</c>) with
/// subscripts from a trailing number or an underscore (<c>x1</c> -> <c>x_{1}</c>, <c>m_0</c> -> <c>m_{0}</c>), and
/// other multi-letter names are set upright (<c>\mathrm{Ef}</c>).
/// </remarks>
internal sealed class LatexPrinter : ExprPrinter
{
    private static readonly HashSet<string> Greek = new(StringComparer.Ordinal)
    {
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
    };

    /// <summary>The printer (stateless).</summary>
    public static LatexPrinter Instance { get; } = new();

    private LatexPrinter() { }

    protected override string OpenParenthesis => @"\left(";

    protected override string CloseParenthesis => @"\right)";

    protected override void WriteConstant(StringBuilder sb, Constant c)
        => sb.Append(c.Symbol switch { "pi" => @"\pi", "e" => "e", _ => NumberFormat.Latex(c.Value) });

    protected override void WriteVariable(StringBuilder sb, Variable v) => sb.Append(Name(v.Name));

    protected override void WriteProduct(StringBuilder sb, Product p)
    {
        var (negative, cn, cd, dec, num, den) = SplitProduct(p);
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
        => f is Sum || (f is Constant { IsNumber: true, Value: < 0 }) || (f is Product p && IsNegative(p));

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

    protected override void WriteReciprocal(StringBuilder sb, Expr denominator)
    {
        sb.Append(@"\frac{1}{");
        Write(sb, denominator);
        sb.Append('}');
    }

    protected override void WriteSquareRoot(StringBuilder sb, Expr radicand)
    {
        sb.Append(@"\sqrt{");
        Write(sb, radicand);
        sb.Append('}');
    }

    protected override void WriteGeneralPower(StringBuilder sb, Expr @base, Expr exponent)
    {
        // Anything but a variable, a named constant or a non-negative number gets parentheses, so that
        // (sin x)^2 and sin(x^2) cannot be confused.
        bool plainBase = @base is Variable || @base is Constant { IsNumber: false }
            || (@base is Constant { Value: >= 0 } c && !NumberFormat.Latex(c.Value).Contains('\\'));
        WriteParenthesized(sb, @base, !plainBase);
        sb.Append("^{");
        Write(sb, exponent);
        sb.Append('}');
    }

    protected override void WriteCall(StringBuilder sb, FunctionCall f)
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
                WriteParenthesized(sb, new Power(f.Argument, new Constant(2)), false);
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
