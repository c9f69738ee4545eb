using System.Numerics;

namespace Kan.Physics.Problems.Functions;

/// <summary>
/// Ferrers (associated Legendre) functions of the first kind P_v^m(x) on [-1, 1] with the Condon-Shortley phase, and
/// the spherical harmonics built on them; documented at their public entry points in <see cref="SpecialFunctions"/>.
/// </summary>
internal static class LegendreFunctions
{
    /// <summary>Largest |order| accepted: (2m-1)!! overflows beyond m = 150 anyway.</summary>
    private const double MaxOrder = 100000;

    public static double Lpmv(double m, double v, double x)
    {
        if (double.IsNaN(m) || double.IsNaN(v) || double.IsNaN(x) || !PiTrig.IsInteger(m) || Math.Abs(m) > MaxOrder
            || double.IsInfinity(v) || Math.Abs(x) > 1) return double.NaN;
        if (v < -0.5) v = -v - 1;   // P_v^m = P_{-v-1}^m (DLMF 14.9.5)
        int order = (int)Math.Abs(m);
        double p = Positive(order, v, x);
        if (m >= 0) return p;
        // P_v^{-m} = (-1)^m Gamma(v-m+1)/Gamma(v+m+1) P_v^m; scipy returns NaN where the ratio has a pole
        double ratio = RisingProduct(order, v);
        if (ratio == 0) return double.NaN;
        return (order % 2 == 0 ? p : -p) / ratio;
    }

    /// <summary>Gamma(v+m+1) / Gamma(v-m+1) = (v-m+1)(v-m+2)...(v+m), exactly zero where 1/Gamma(v-m+1) is.</summary>
    private static double RisingProduct(int m, double v)
    {
        double product = 1;
        for (int j = 1 - m; j <= m; j++) product *= v + j;
        return product;
    }

    /// <summary>P_v^m(x) for m &gt;= 0, v &gt;= -1/2, |x| &lt;= 1.</summary>
    private static double Positive(int m, double v, double x)
    {
        if (x == 1) return m == 0 ? 1 : 0;
        if (PiTrig.IsInteger(v)) return IntegerDegree(m, v, x);
        if (x == -1)
        {
            // the log (m = 0) or (1+x)^(-m/2) singularity; its sign is that of -sin(pi v), the limit from inside
            return PiTrig.SinPi(v) > 0 ? double.NegativeInfinity : double.PositiveInfinity;
        }
        // the series lose about a digit per unit of degree to cancellation, so high degrees come from the three-term
        // recurrence in the degree (DLMF 14.10.3), started from two low degrees in [m+1, m+3); in (-1, 1) P and the
        // second solution Q have comparable size, so the recurrence neither grows nor damps errors much
        if (v < m + 2) return Series(m, v, x);
        double start = v - Math.Floor(v - m - 1);
        double previous = Series(m, start, x), current = Series(m, start + 1, x);
        for (double nu = start + 1; nu < v - 0.5; nu++)
            (previous, current) = (current, ((2 * nu + 1) * x * current - (nu + m) * previous) / (nu - m + 1));
        return current;
    }

    /// <summary>Integer degree n: the upward recurrence in the degree from P_m^m = (-1)^m (2m-1)!! (1-x^2)^(m/2).</summary>
    private static double IntegerDegree(int m, double v, double x)
    {
        if (m > v) return 0;
        double pmm = 1, s = Math.Sqrt((1 - x) * (1 + x));
        for (int k = 1; k <= m; k++) pmm *= -(2 * k - 1) * s;
        if (v == m) return pmm;
        double previous = pmm, current = x * (2 * m + 1) * pmm;
        for (double l = m + 1; l < v; l++)
            (previous, current) = (current, ((2 * l + 1) * x * current - (l + m) * previous) / (l - m + 1));
        return current;
    }

    /// <summary>
    /// Non-integer degree by hypergeometric series, each on the half of [-1, 1] where its argument is at most 1/2.
    /// For x &gt;= 0, DLMF 14.3.1 after Euler's transformation:
    ///   P_v^m(x) = (-1)^m [Gamma(v+m+1) / (Gamma(v-m+1) 2^m m!)] (1-x^2)^(m/2) 2F1(m-v, m+v+1; m+1; t), t = (1-x)/2.
    /// For x &lt; 0 that 2F1 is continued to s = 1 - t = (1+x)/2 by A&amp;S 15.3.12 (the logarithmic case, c-a-b = -m),
    /// which with 1/(Gamma(-v) Gamma(v+1)) = -sin(pi v)/pi simplifies to
    ///   P_v^m(x) = Pi_m (ts)^(m/2) S2 - (sin(pi v)/pi) (m-1)! (t/s)^(m/2) S1,
    ///   S1 = Sum_{n&lt;m} (-v)_n (v+1)_n / (n! (1-m)_n) s^n,
    ///   S2 = Sum_n (m-v)_n (m+v+1)_n / (n! (n+m)!) s^n (sin(pi v)/pi) [ln s - psi(n+1) - psi(n+m+1) + psi(m-v+n) + psi(m+v+1+n)],
    /// with Pi_m = Gamma(v+m+1)/Gamma(v-m+1). Where m-v+n &lt; 1 the product (sin(pi v)/pi) psi(m-v+n), finite as v
    /// nears an integer though psi has a pole, is taken as cos(pi v) + (sin(pi v)/pi) psi(1+v-m-n) (reflection).
    /// </summary>
    private static double Series(int m, double v, double x)
    {
        double t = 0.5 * (1 - x), s = 0.5 * (1 + x), product = RisingProduct(m, v);
        if (x >= 0)
        {
            double b = m + v + 1, c = m + 1, sum = 1, term = 1;
            for (int k = 0; k < 2000; k++)
            {
                term *= (m + k - v) * (b + k) / ((c + k) * (k + 1)) * t;   // (m+k) - v, not (m-v) + k: exact near integer v
                sum += term;
                if (k > v && Math.Abs(term) <= 1e-17 * Math.Abs(sum)) break;
            }
            double factor = product * Math.Pow((1 - x) * (1 + x), 0.5 * m);
            for (int k = 1; k <= m; k++) factor /= 2 * k;   // 2^m m!
            return (m % 2 == 0 ? 1 : -1) * factor * sum;
        }
        double sinOverPi = PiTrig.SinPi(v) / Math.PI, cos = PiTrig.CosPi(v), logS = Math.Log(s);
        double s2 = 0, coefficient = 1;   // (m-v)_n (m+v+1)_n s^n / (n! (n+m)!)
        for (int k = 1; k <= m; k++) coefficient /= k;
        for (int n = 0; n < 2000; n++)
        {
            if (n > 0) coefficient *= (m + n - 1 - v) * (m + v + n) * s / (n * (double)(n + m));
            double arg = m + n - v;
            // v - (m+n-1) rather than 1 + v - m - n: 1 + v would round away the digits of a small v
            double singular = arg >= 1 ? sinOverPi * Digamma(arg) : cos + sinOverPi * Digamma(v - (m + n - 1));
            double bracket = sinOverPi * (logS - Digamma(n + 1) - Digamma(n + m + 1) + Digamma(m + v + 1 + n)) + singular;
            double term = coefficient * bracket;
            s2 += term;
            if (n > v && Math.Abs(term) <= 1e-17 * Math.Abs(s2)) break;
        }
        double result = product * Math.Pow(t * s, 0.5 * m) * s2;
        if (m > 0)
        {
            double s1 = 0, term1 = 1, factorial = 1;
            for (int n = 0; n < m; n++)
            {
                if (n > 0) term1 *= (n - 1 - v) * (v + n) * s / (n * (double)(n - m));
                s1 += term1;
            }
            for (int k = 2; k < m; k++) factorial *= k;
            result -= sinOverPi * factorial * Math.Pow(t / s, 0.5 * m) * s1;
        }
        return result;
    }

    /// <summary>
    /// psi(x) for x &gt; 0: shifted up to x &gt;= 10 by psi(x) = psi(x+1) - 1/x, then the asymptotic series in 1/x^2
    /// (DLMF 5.11.2) to the x^-14 term, whose remainder is below 1e-17 there.
    /// </summary>
    internal static double Digamma(double x)
    {
        double shift = 0;
        while (x < 10) { shift -= 1 / x; x++; }
        double r = 1 / (x * x);
        double tail = r * (1.0 / 12 - r * (1.0 / 120 - r * (1.0 / 252 - r * (1.0 / 240 - r * (1.0 / 132 - r * (691.0 / 32760 - r / 12))))));
        return shift + Math.Log(x) - 0.5 / x - tail;
    }

    public static Complex SphHarm(int m, int n, double theta, double phi)
    {
        if (n < 0 || Math.Abs(m) > n || double.IsNaN(theta) || double.IsNaN(phi)) return new Complex(double.NaN, 0);
        int am = Math.Abs(m);
        double p = NormalisedLegendre(am, n, Math.Cos(phi), Math.Abs(Math.Sin(phi)));
        double angle = am * theta;
        var y = new Complex(p * Math.Cos(angle), p * Math.Sin(angle));
        // Y_n^{-m} = (-1)^m conj(Y_n^m)
        if (m < 0) y = am % 2 == 0 ? Complex.Conjugate(y) : -Complex.Conjugate(y);
        return y;
    }

    /// <summary>
    /// sqrt((2n+1)/(4 pi) (n-m)!/(n+m)!) P_n^m(x), Condon-Shortley phase included, by the recurrence of the normalised
    /// functions: the factorial ratio is never formed, so nothing overflows for high degrees. sinPhi = sqrt(1-x^2) is
    /// passed separately because near the poles it is far more accurate than sqrt(1 - cos^2).
    /// </summary>
    private static double NormalisedLegendre(int m, int n, double x, double sinPhi)
    {
        double pmm = Math.Sqrt((2 * m + 1) / (4 * Math.PI));
        for (int k = 1; k <= m; k++) pmm *= -Math.Sqrt((2 * k - 1) / (2.0 * k)) * sinPhi;
        if (n == m) return pmm;
        double previous = pmm, current = x * Math.Sqrt(2 * m + 3.0) * pmm;
        for (int l = m + 2; l <= n; l++)
        {
            double l2 = (double)l * l, m2 = (double)m * m;
            double a = Math.Sqrt((4 * l2 - 1) / (l2 - m2));
            double b = Math.Sqrt(((l - 1.0) * (l - 1.0) - m2) / (4 * (l - 1.0) * (l - 1.0) - 1));
            (previous, current) = (current, a * (x * current - b * previous));
        }
        return current;
    }
}
