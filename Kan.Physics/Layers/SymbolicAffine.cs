namespace Kan.Physics.Layers;

/// <summary>The constants of a formula edge <c>c*f(a*x+b)+d</c>.</summary>
public readonly record struct SymbolicAffine(double A, double B, double C, double D)
{
    /// <summary>The identity placement <c>f(x)</c>: a = 1, b = 0, c = 1, d = 0.</summary>
    public static SymbolicAffine Identity => new(1, 0, 1, 0);

    /// <summary>Whether all four constants are finite.</summary>
    public bool IsFinite => double.IsFinite(A) && double.IsFinite(B) && double.IsFinite(C) && double.IsFinite(D);
}
