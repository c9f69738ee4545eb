using Kan.Physics.Expressions;

namespace Kan.Physics.Tests.Symbolic;

/// <summary>Formulas and sampling ranges shared by the expression tests.</summary>
internal static class ExpressionsTestData
{
    /// <summary>About 30 formulas in the styles the parser must read, AI Feynman tables included.</summary>
    public static readonly string[] Formulas =
    [
        "x",
        "-x",
        "x - y",
        "x*y + sin(pi*x)",
        "1/(x + 1)",
        "x^2",
        "-x^2",
        "2^-x",
        "x^y^z",
        "exp(sin(pi*x) + y^2)",
        "sqrt(2)*exp(-theta**2/2)/(2*sqrt(pi))",
        "q1*q2/(4*pi*epsilon*r**2)",
        "m_0/sqrt(1-v**2/c**2)",
        "exp(-(theta/sigma)**2/2)/(sqrt(2*pi)*sigma)",
        "G*m1*m2/((x2-x1)**2+(y2-y1)**2+(z2-z1)**2)",
        "Ef*q/(m*omega_0**2)",
        "(a/b)/(c/d)",
        "a/b/c",
        "1.5e-3*x + .25",
        "x**1.5 - 1/sqrt(y)",
        "ln(x) + asin(y/3) + atan(z)",
        "tanh(x)*cosh(y) - sinh(z)",
        "abs(x - 1) + sign(y - 1)",
        "sigmoid(3*x - 2) + gaussian(y)",
        "arccos(x/3)*arctanh(y/3)",
        "(x + y)^2*(x - y)^-3",
        "e^(x*y)",
        "cos(2*pi*x/3) + tan(x/4)",
        "-(x + y)/(x - 2*y)",
        "x^(1/3) + y^(2/3)",
        "1/(1 + exp(-x))",
        "2*x - 3*y/4 + 7/3",
        "x - -y",
        "h/(2*pi)*omega*acosh(1 + x) + asinh(y)",
    ];

    /// <summary>A sampling range for any variable name: positive (so sqrt and log are defined), c large so that v &lt; c.</summary>
    public static Dictionary<string, (double Min, double Max)> RangesFor(params Expr[] expressions)
    {
        var ranges = new Dictionary<string, (double Min, double Max)>(StringComparer.Ordinal);
        foreach (var e in expressions)
            foreach (var v in e.Variables)
                ranges[v] = v == "c" ? (3.0, 4.0) : (0.2, 2.0);
        return ranges;
    }

    /// <summary>Asserts that two expressions agree on random points, and that most points could be compared.</summary>
    public static void AssertSameValues(Expr expected, Expr actual, double relativeTolerance, int points = 200, string? because = null)
    {
        var cmp = Expr.CompareNumerically(expected, actual, RangesFor(expected, actual), points, relativeTolerance, seed: 7);
        Assert.True(cmp.Equal && cmp.Compared >= points / 2,
            $"{because} {expected} vs {actual}: equal={cmp.Equal}, compared={cmp.Compared}, skipped={cmp.Skipped}, mismatched={cmp.Mismatched}, max error={cmp.MaxError:E3}");
    }

    /// <summary>A random expression tree over x, y, z with well-behaved functions, for property tests.</summary>
    public static Expr RandomExpr(Random rng, int depth)
    {
        string[] vars = ["x", "y", "z"];
        if (depth == 0 || rng.NextDouble() < 0.2)
        {
            return rng.Next(3) switch
            {
                0 => new Constant(Math.Round(rng.NextDouble() * 6 - 3, 3)),
                _ => new Variable(vars[rng.Next(vars.Length)]),
            };
        }
        Expr Sub() => RandomExpr(rng, depth - 1);
        switch (rng.Next(8))
        {
            case 0:
            case 1:
                return Expr.Add(Enumerable.Range(0, 2 + rng.Next(2)).Select(_ => Sub()));
            case 2:
            case 3:
                return Expr.Multiply(Enumerable.Range(0, 2 + rng.Next(2)).Select(_ => Sub()));
            case 4:
                return Expr.Subtract(Sub(), Sub());
            case 5:
                return Expr.Divide(Sub(), Expr.Add(Expr.Pow(Sub(), 2), new Constant(1)));
            case 6:
                return Expr.Pow(Sub(), new Constant(rng.Next(-2, 4)));
            default:
                string[] fs = ["sin", "cos", "tanh", "arctan", "sigmoid", "gaussian", "abs", "sqrt", "exp", "log"];
                string f = fs[rng.Next(fs.Length)];
                var arg = Sub();
                // Keep exp and log tame: exp of a bounded argument, log and sqrt of a positive one.
                if (f == "exp") arg = Expr.Call("tanh", arg);
                if (f is "log" or "sqrt") arg = Expr.Add(Expr.Pow(arg, 2), new Constant(0.5));
                return Expr.Call(f, arg);
        }
    }
}
