using System.Globalization;

namespace Kan.Physics.EdgeFunctions;

/// <summary>
/// Outcome of fitting <c>y ≈ C*f(A*x+B)+D</c> with one <see cref="SymbolicFunction"/> f.
/// </summary>
/// <remarks>
/// A fit that cannot be made (no searched <c>(a, b)</c> keeps every sample inside f's domain, or f is never finite)
/// is reported with <see cref="Succeeded"/> = false, a <see cref="Failure"/> message, and zero parameters, instead of
/// NaNs that would silently poison a ranking or a network.
/// </remarks>
/// <param name="Function">The function that was fitted.</param>
/// <param name="A">Inner scale a.</param>
/// <param name="B">Inner shift b.</param>
/// <param name="C">Outer scale c.</param>
/// <param name="D">Outer shift d.</param>
/// <param name="RSquared">Coefficient of determination of the fit on the samples (1 is perfect); 0 when it failed.</param>
/// <param name="Succeeded">False when no valid (a, b) was found.</param>
/// <param name="Failure">Why the fit failed; null on success.</param>
public sealed record AffineFitResult(SymbolicFunction Function, double A, double B, double C, double D, double RSquared, bool Succeeded, string? Failure)
{
    /// <summary>Evaluates the fitted curve <c>C*f(A*x+B)+D</c> at <paramref name="x"/>.</summary>
    public double Predict(double x) => C * Function.Evaluate(A * x + B) + D;

    /// <summary>The fitted formula as text, e.g. <c>2*sin(3*x+0.5)-1</c>, with <paramref name="variable"/> as the input name.</summary>
    public string ToFormula(string variable = "x", string numberFormat = "G6")
    {
        ArgumentNullException.ThrowIfNull(variable);
        string N(double v) => v.ToString(numberFormat, CultureInfo.InvariantCulture);
        string inner = $"{N(A)}*{variable}{(B < 0 ? "-" : "+")}{N(Math.Abs(B))}";
        return $"{N(C)}*{Function.Format(inner)}{(D < 0 ? "-" : "+")}{N(Math.Abs(D))}";
    }
}
