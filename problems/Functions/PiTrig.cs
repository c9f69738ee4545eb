namespace Kan.Physics.Problems.Functions;

/// <summary>
/// sin(pi x) and cos(pi x) with the argument reduced exactly (x - round(2x)/2 is exact in binary), so that they vanish
/// exactly at the integers and half-integers. The reflection formulas of the Bessel and Legendre functions multiply
/// infinite or huge values by these factors, and 0 * inf must not appear where the true factor is 0.
/// </summary>
internal static class PiTrig
{
    public static double SinPi(double x)
    {
        if (!double.IsFinite(x)) return double.NaN;
        double n = Math.Round(2 * x), r = x - 0.5 * n;   // x = n/2 + r, |r| <= 1/4
        double s = Math.Sin(Math.PI * r), c = Math.Cos(Math.PI * r);
        return Quadrant(n) switch { 0 => s, 1 => c, 2 => -s, _ => -c } + 0.0;
    }

    public static double CosPi(double x)
    {
        if (!double.IsFinite(x)) return double.NaN;
        double n = Math.Round(2 * x), r = x - 0.5 * n;
        double s = Math.Sin(Math.PI * r), c = Math.Cos(Math.PI * r);
        return Quadrant(n) switch { 0 => c, 1 => -s, 2 => -c, _ => s } + 0.0;
    }

    /// <summary>n mod 4 in 0..3 for an integer-valued n (n % 4 is exact for any double).</summary>
    private static int Quadrant(double n) => (int)(((n % 4) + 4) % 4);

    public static bool IsInteger(double x) => double.IsFinite(x) && x == Math.Floor(x);

    /// <summary>Whether an integer-valued x is odd (false for |x| &gt;= 2^53, where every double is even).</summary>
    public static bool IsOdd(double x) => Math.Abs(x % 2) == 1;
}
