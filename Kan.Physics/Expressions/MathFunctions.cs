namespace Kan.Physics.Expressions;

/// <summary>
/// The scalar kernels shared by <see cref="Expr.Evaluate(IReadOnlyDictionary{string, double})"/> and compiled
/// delegates; both call the very same methods so that the two agree bit for bit.
/// </summary>
internal static class MathFunctions
{
    /// <summary>Math.Pow with exact shortcuts for the common exponents (x*x is correctly rounded, Math.Pow need not be).</summary>
    public static double Pow(double x, double y)
    {
        if (y == 2) return x * x;
        if (y == 1) return x;
        if (y == -1) return 1 / x;
        if (y == 0.5) return Math.Sqrt(x);
        if (y == -0.5) return 1 / Math.Sqrt(x);
        if (y == 3) return x * x * x;
        return Math.Pow(x, y);
    }

    /// <summary>Sign as a double; NaN stays NaN (Math.Sign would throw).</summary>
    public static double Sgn(double x) => x > 0 ? 1 : x < 0 ? -1 : x == 0 ? 0 : double.NaN;

    /// <summary>Logistic function, written so neither branch overflows.</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>exp(-x^2), the library's "gaussian".</summary>
    public static double Gaussian(double x) => Math.Exp(-x * x);
}
