namespace Kan.Physics.Expressions;

/// <summary>Controls <see cref="Expr.Simplify"/>; the defaults suit formulas read off a trained KAN.</summary>
/// <remarks>
/// <para>
/// <b>Always done (exact up to rounding):</b> constant folding; flattening nested sums and products; collecting like
/// terms (<c>2*x + 3*x = 5*x</c>) and like factors (<c>x*x = x^2</c>, <c>x^2*x^-1 = x</c>, <c>exp(a)*exp(b) = exp(a + b)</c>);
/// distributing a numeric coefficient over a sum (<c>2*(x + 1) = 2*x + 2</c>) and an integer power over a product
/// (<c>(2*x)^2 = 4*x^2</c>); <c>sqrt(u)</c> becomes <c>u^0.5</c> (still printed <c>sqrt(u)</c>) and
/// <c>gaussian(u)</c> becomes <c>exp(-u^2)</c>; <c>(u^a)^b = u^(a*b)</c> when b is an integer or a is not an even
/// integer, and <c>(u^2)^0.5 = abs(u)</c>; <c>exp(log(u)) = u</c>, <c>log(exp(u)) = u</c>; odd and even functions take
/// the sign out of a negated argument (<c>sin(-x) = -sin(x)</c>, <c>cos(-x) = cos(x)</c>). A few of these can turn a
/// NaN into a number (<c>x*x^-1 = 1</c> at 0, <c>exp(log(u)) = u</c> for u &lt; 0, <c>0*u = 0</c>) but never change a finite value.
/// </para>
/// <para>
/// Folding keeps exact forms: a function of an integer or a non-integer power of an integer stays symbolic unless the
/// result is an integer (<c>sqrt(2)</c> and <c>log(2)</c> stay, <c>sqrt(4)</c> becomes 2), and nothing folds into a NaN
/// or an infinity. <c>pi</c> and <c>e</c> are never folded into numbers.
/// </para>
/// <para>
/// <b>Canonical order</b> (deterministic, so equal formulas print alike): in a sum, monomials in the variables come
/// first by total degree descending, then graded-lexicographically by variable name (<c>x^2 + x*y + y^2 + x</c>), then
/// other terms structurally (so functions by name: <c>cos(x) + exp(y) + sin(x)</c>), then named constants, then the
/// number. In a product: the numeric coefficient, then named constants and powers of numbers, then variables by name,
/// then functions by name, then the rest (e.g. <c>2*pi*x*sin(y)/(x + 1)</c>). The toy formula prints as
/// <c>exp(y^2 + sin(pi*x))</c>.
/// </para>
/// <para>
/// <b>Value-changing steps</b>, each bounded by its option: dropping small terms (<see cref="DropTolerance"/>), then,
/// constant by constant, snapping to an integer (<see cref="IntegerTolerance"/>), to a rational multiple of pi
/// (<see cref="RecognizePi"/>), to a rational multiple of another exact constant such as <c>1/pi</c> or <c>sqrt(2)</c>
/// (<see cref="RecognizeConstants"/>), to a simple fraction (<see cref="RecognizeRationals"/>), and finally rounding
/// (<see cref="RoundDigits"/>); then the exact steps run again. <see cref="Exact"/> turns all of them off.
/// </para>
/// </remarks>
public sealed class SimplifyOptions
{
    /// <summary>Default options (shared instance).</summary>
    public static SimplifyOptions Default { get; } = new();

    /// <summary>Only exact rewrites: no term dropped, no constant snapped or rounded.</summary>
    public static SimplifyOptions Exact { get; } = new() { DropTolerance = 0, IntegerTolerance = 0, RecognizePi = false };

    /// <summary>
    /// In a sum, a term <c>c*m</c> is dropped when <c>|c| &lt;= DropTolerance * max |c_j|</c> over the coefficients
    /// of all terms of that sum (a lone number counts with its value). Default 1e-6.
    /// </summary>
    /// <remarks>
    /// Relative to the largest coefficient rather than absolute, because fitted constants carry the scale of the data;
    /// the change in value is at most DropTolerance times the largest term when the non-constant parts <c>m</c> are of
    /// order one (true for KAN inputs scaled to [-1, 1]). Exact zeros are always dropped.
    /// </remarks>
    public double DropTolerance { get; init; } = 1e-6;

    /// <summary>
    /// A constant within <c>IntegerTolerance * |n|</c> of a non-zero integer n becomes n, which makes coefficients
    /// near 1 vanish and exponents near 2 exact. Default 1e-6; 0 turns it off. Values are never snapped to 0 (that is
    /// <see cref="DropTolerance"/>'s job, relative to the other terms).
    /// </summary>
    public double IntegerTolerance { get; init; } = 1e-6;

    /// <summary>Whether constants near <c>p*pi/q</c> (q up to <see cref="MaxPiDenominator"/>) become that multiple of pi. Not applied to exponents. Default true.</summary>
    public bool RecognizePi { get; init; } = true;

    /// <summary>Relative tolerance for <see cref="RecognizePi"/>. Default 1e-6 (3.14159264 and 1.5707963 are recognised).</summary>
    public double PiTolerance { get; init; } = 1e-6;

    /// <summary>Largest denominator q tried by <see cref="RecognizePi"/>. Default 12.</summary>
    public int MaxPiDenominator { get; init; } = 12;

    /// <summary>
    /// Whether constants near <c>(p/q)*K</c> become that exact form, for K among <c>1/pi</c>, <c>pi^2</c>, <c>1/pi^2</c>,
    /// <c>sqrt(pi)</c>, <c>1/sqrt(pi)</c>, <c>sqrt(2*pi)</c>, <c>1/sqrt(2*pi)</c>, <c>e</c>, <c>1/e</c>, <c>sqrt(n)</c> for
    /// n = 2, 3, 5, 6, 7, and <c>log(2)</c>, <c>log(pi)</c>, <c>log(2*pi)</c> (the constant of a normalised Gaussian inside an exp) (q up to <see cref="MaxDenominator"/>, |p| at most 100), so <c>0.0530516...</c> prints as
    /// <c>1/(6*pi)</c>. Meant for laws whose constants are exact to rounding: use a tight <see cref="ConstantTolerance"/>.
    /// Tried after <see cref="RecognizePi"/> and before <see cref="RecognizeRationals"/>. Default false.
    /// </summary>
    public bool RecognizeConstants { get; init; }

    /// <summary>Relative tolerance for <see cref="RecognizeConstants"/>. Default 1e-10.</summary>
    public double ConstantTolerance { get; init; } = 1e-10;

    /// <summary>Whether constants near <c>p/q</c> (q up to <see cref="MaxDenominator"/>) become that fraction exactly. Default false.</summary>
    public bool RecognizeRationals { get; init; }

    /// <summary>Relative tolerance for <see cref="RecognizeRationals"/>. Default 1e-6.</summary>
    public double RationalTolerance { get; init; } = 1e-6;

    /// <summary>Largest denominator tried by <see cref="RecognizeRationals"/>. Default 12.</summary>
    public int MaxDenominator { get; init; } = 12;

    /// <summary>If set, remaining constants are rounded to this many significant digits (1 to 17). Default null (no rounding).</summary>
    public int? RoundDigits { get; init; }

    internal void Validate()
    {
        static void NonNegative(double v, string name)
        {
            if (!(v >= 0) || double.IsInfinity(v)) throw new ArgumentOutOfRangeException(name, v, "The tolerance must be finite and non-negative.");
        }
        NonNegative(DropTolerance, nameof(DropTolerance));
        NonNegative(IntegerTolerance, nameof(IntegerTolerance));
        NonNegative(PiTolerance, nameof(PiTolerance));
        NonNegative(RationalTolerance, nameof(RationalTolerance));
        NonNegative(ConstantTolerance, nameof(ConstantTolerance));
        if (MaxPiDenominator < 1) throw new ArgumentOutOfRangeException(nameof(MaxPiDenominator), MaxPiDenominator, "The largest denominator must be at least 1.");
        if (MaxDenominator < 1) throw new ArgumentOutOfRangeException(nameof(MaxDenominator), MaxDenominator, "The largest denominator must be at least 1.");
        if (RoundDigits is int d && (d < 1 || d > 17))
            throw new ArgumentOutOfRangeException(nameof(RoundDigits), d, "Rounding keeps between 1 and 17 significant digits.");
    }
}
