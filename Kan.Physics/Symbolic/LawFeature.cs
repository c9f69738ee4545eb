using System.Globalization;

namespace Kan.Physics.Symbolic;

/// <summary>
/// One univariate feature of one input variable, e.g. <c>sin(theta)</c> or <c>1/b</c>: the building block of
/// <see cref="LawSearch"/>, which looks for a law that is a polynomial or rational function of such features.
/// </summary>
/// <param name="Variable">Column of the input variable.</param>
/// <param name="Kind">The function: one of <see cref="LawFeature.Kinds"/>.</param>
/// <param name="Frequency">Argument scale k of the function, f(k*x) (1 except for periodic features such as sin(2x)).</param>
public sealed record LawFeature(int Variable, string Kind, double Frequency = 1)
{
    /// <summary>The functions a feature can apply to its variable.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["x", "1/x", "1/x^2", "sqrt", "log", "exp", "exp(-x)", "sin", "cos", "tanh", "arcsin", "arctanh"];

    /// <summary>The feature's value at <paramref name="x"/> (NaN or infinite outside its domain).</summary>
    public double Evaluate(double x)
    {
        double u = Frequency * x;
        return Kind switch
        {
            "x" => u,
            "1/x" => 1 / u,
            "1/x^2" => 1 / (u * u),
            "sqrt" => Math.Sqrt(u),
            "log" => Math.Log(u),
            "exp" => Math.Exp(u),
            "exp(-x)" => Math.Exp(-u),
            "sin" => Math.Sin(u),
            "cos" => Math.Cos(u),
            "tanh" => Math.Tanh(u),
            "arcsin" => Math.Asin(u),
            "arctanh" => Math.Atanh(u),
            _ => throw new InvalidOperationException($"Unknown law feature kind '{Kind}'."),
        };
    }

    /// <summary>The feature as text in the expression syntax, with <paramref name="name"/> for its variable.</summary>
    public string Format(string name)
    {
        string u = Frequency == 1 ? name : $"({Frequency.ToString("R", CultureInfo.InvariantCulture)}*{name})";
        return Kind switch
        {
            "x" => u,
            "1/x" => $"(1/{u})",
            "1/x^2" => $"({u}^-2)",
            "exp(-x)" => $"exp(-{u})",
            _ => $"{Kind}({u})",
        };
    }

    /// <summary>
    /// The canonical features a library function suggests for an edge, as <see cref="LawSearch"/> uses them: powers are
    /// left to the polynomial degree, so <c>x^2</c> suggests <c>x</c>; <c>sin</c> and <c>cos</c> suggest both (a phase
    /// shift is a sum of the two), at the edge's frequency when it is nearly a small integer or half-integer;
    /// <c>exp</c> and <c>cosh</c> suggest <c>exp(x)</c> and <c>exp(-x)</c>. Unknown names suggest nothing.
    /// </summary>
    public static IEnumerable<LawFeature> FromLibraryName(int variable, string function, double argumentScale = 1)
    {
        switch (function)
        {
            case "x" or "x^2" or "x^3" or "x^4" or "x^5":
                yield return new LawFeature(variable, "x");
                break;
            case "1/x" or "1/x^3" or "1/x^4" or "1/x^5":
                yield return new LawFeature(variable, "1/x");
                break;
            case "1/x^2":
                yield return new LawFeature(variable, "1/x");
                yield return new LawFeature(variable, "1/x^2");
                break;
            case "sqrt" or "1/sqrt" or "x^0.5" or "x^1.5" or "1/sqrt(x)" or "x^-0.5":
                yield return new LawFeature(variable, "sqrt");
                break;
            case "log":
                yield return new LawFeature(variable, "log");
                break;
            case "exp" or "cosh" or "sinh" or "sigmoid" or "gaussian":
                yield return new LawFeature(variable, "exp");
                yield return new LawFeature(variable, "exp(-x)");
                break;
            case "sin" or "cos":
                double k = NiceFrequency(argumentScale);
                yield return new LawFeature(variable, "sin", k);
                yield return new LawFeature(variable, "cos", k);
                if (k != 1)
                {
                    yield return new LawFeature(variable, "sin");
                    yield return new LawFeature(variable, "cos");
                }
                break;
            case "tanh":
                yield return new LawFeature(variable, "tanh");
                break;
            case "arcsin":
                yield return new LawFeature(variable, "arcsin");
                break;
            case "arctanh":
                yield return new LawFeature(variable, "arctanh");
                break;
        }
    }

    // |a| rounded to the nearest of 1/2, 1, 3/2, 2, 3, 4 when within 10 %, else 1: a learned edge's frequency is only
    // approximate, and the features must be exact functions.
    private static double NiceFrequency(double a)
    {
        double m = Math.Abs(a);
        foreach (double k in (double[])[1, 2, 0.5, 3, 1.5, 4])
            if (Math.Abs(m - k) <= 0.1 * k) return k;
        return 1;
    }
}
