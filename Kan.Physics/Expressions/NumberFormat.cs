using System.Globalization;

namespace Kan.Physics.Expressions;

/// <summary>How numbers are written by the printers.</summary>
/// <remarks>
/// A number that is exactly (as a double) p/q with q in 2..12 (but not 5 or 10) and |p/q| &lt; 100 is written as a
/// fraction: <c>1/3</c>, <c>pi/2</c>, <c>x^(3/2)</c>. Tenths and fifths stay decimal (<c>0.3</c>, not <c>3/10</c>),
/// since those are how rounded fitted constants look. Integers are written without a decimal point; everything else
/// in the shortest form that reads back to the same double, with a lower-case exponent (<c>1e-9</c>).
/// </remarks>
internal static class NumberFormat
{
    public static bool TryFraction(double v, out long numerator, out long denominator)
    {
        numerator = 0;
        denominator = 1;
        if (!double.IsFinite(v) || v == Math.Floor(v) || Math.Abs(v) >= 100) return false;
        for (int q = 2; q <= 12; q++)
        {
            if (q == 5 || q == 10) continue;
            double p = Math.Round(v * q);
            if (p / q == v)
            {
                numerator = (long)p;
                denominator = q;
                return true;
            }
        }
        return false;
    }

    public static bool IsInteger(double v) => double.IsFinite(v) && v == Math.Floor(v);

    /// <summary>Decimal text of a number, never a fraction.</summary>
    public static string Decimal(double v)
    {
        if (double.IsNaN(v)) return "nan";
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        if (IsInteger(v) && Math.Abs(v) < 1e15) return ((long)v).ToString(CultureInfo.InvariantCulture);
        string s = v.ToString("R", CultureInfo.InvariantCulture);
        int e = s.IndexOf('E');
        if (e < 0) return s;
        int exponent = int.Parse(s[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return s[..e] + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Plain-text form: a fraction where <see cref="TryFraction"/> allows, else <see cref="Decimal"/>.</summary>
    public static string Plain(double v)
        => TryFraction(v, out long p, out long q)
            ? p.ToString(CultureInfo.InvariantCulture) + "/" + q.ToString(CultureInfo.InvariantCulture)
            : Decimal(v);

    /// <summary>LaTeX form: <c>\frac{1}{3}</c>, <c>1.5 \cdot 10^{-9}</c>.</summary>
    public static string Latex(double v)
    {
        if (TryFraction(v, out long p, out long q))
            return (p < 0 ? "-" : "") + $@"\frac{{{Math.Abs(p).ToString(CultureInfo.InvariantCulture)}}}{{{q.ToString(CultureInfo.InvariantCulture)}}}";
        if (double.IsNaN(v)) return @"\mathrm{NaN}";
        if (double.IsInfinity(v)) return v > 0 ? @"\infty" : @"-\infty";
        string s = Decimal(v);
        int e = s.IndexOf('e');
        if (e < 0) return s;
        string mantissa = s[..e], exponent = s[(e + 1)..];
        string power = $"10^{{{exponent}}}";
        return mantissa switch { "1" => power, "-1" => "-" + power, _ => mantissa + @" \cdot " + power };
    }
}
