using Amos = MathNet.Numerics.SpecialFunctions;

namespace Kan.Physics.Problems.Functions;

/// <summary>
/// Bessel functions of real order and real argument with scipy's conventions; documented at their public entry points
/// in <see cref="SpecialFunctions"/>. Math.NET Numerics 5's port of Amos' ZBESJ/ZBESY/ZBESI/ZBESK does the work for
/// v &gt;= 0 and 0 &lt; z &lt;= 2^30; this class adds the reflection to negative orders, negative and zero arguments,
/// and the large-argument expansion beyond Amos' range (where the port returns NaN).
/// </summary>
internal static class BesselFunctions
{
    /// <summary>Amos' limit min(0.5/eps, I1MACH(9)/2) = 2^30 - 1/2 on |z| and v: beyond it ZBES* return NaN (ierr 4).</summary>
    private const double AmosLimit = 1073741823.5;

    /// <summary>Largest order for which the Hankel expansion at z &gt; 2^30 converges to double precision quickly.</summary>
    private const double HankelMaxOrder = 1e4;

    public static double J(double v, double z)
    {
        if (double.IsNaN(v) || double.IsNaN(z) || double.IsInfinity(v)) return double.NaN;
        if (z < 0)
        {
            // J_n(-z) = (-1)^n J_n(z); for non-integer v the value is complex
            if (!PiTrig.IsInteger(v)) return double.NaN;
            double j = J(v, -z);
            return PiTrig.IsOdd(v) ? -j : j;
        }
        if (v < 0)
        {
            double mu = -v;
            if (PiTrig.IsInteger(mu)) { double j = J(mu, z); return PiTrig.IsOdd(mu) ? -j : j; }
            return Combine(PiTrig.CosPi(mu), J(mu, z), -PiTrig.SinPi(mu), Y(mu, z));
        }
        if (z == 0) return v == 0 ? 1 : 0;
        if (double.IsPositiveInfinity(z)) return 0;
        if (z > AmosLimit || v > AmosLimit) return Hankel(v, z, first: true);
        return Amos.BesselJ(v, z);
    }

    public static double Y(double v, double z)
    {
        if (double.IsNaN(v) || double.IsNaN(z) || double.IsInfinity(v) || z < 0) return double.NaN;
        if (v < 0)
        {
            double mu = -v;
            if (PiTrig.IsInteger(mu)) { double y = Y(mu, z); return PiTrig.IsOdd(mu) ? -y : y; }
            return Combine(PiTrig.SinPi(mu), J(mu, z), PiTrig.CosPi(mu), Y(mu, z));
        }
        if (z == 0) return double.NegativeInfinity;
        if (double.IsPositiveInfinity(z)) return 0;
        if (z > AmosLimit || v > AmosLimit) return Hankel(v, z, first: false);
        return Amos.BesselY(v, z);
    }

    public static double I(double v, double z)
    {
        if (double.IsNaN(v) || double.IsNaN(z) || double.IsInfinity(v)) return double.NaN;
        if (z < 0)
        {
            // I_n(-z) = (-1)^n I_n(z); Math.NET would return the real part of the complex value for non-integer v
            if (!PiTrig.IsInteger(v)) return double.NaN;
            double i = I(v, -z);
            return PiTrig.IsOdd(v) ? -i : i;
        }
        if (v < 0)
        {
            double mu = -v;
            if (PiTrig.IsInteger(mu)) return I(mu, z);
            return Combine(1, I(mu, z), 2 / Math.PI * PiTrig.SinPi(mu), K(mu, z));
        }
        if (z == 0) return v == 0 ? 1 : 0;
        if (double.IsPositiveInfinity(z)) return double.PositiveInfinity;
        if (z > AmosLimit || v > AmosLimit) return v < 0.5 * z ? double.PositiveInfinity : double.NaN;   // e^z overflows
        return Amos.BesselI(v, z);
    }

    public static double K(double v, double z)
    {
        if (double.IsNaN(v) || double.IsNaN(z) || double.IsInfinity(v) || z < 0) return double.NaN;
        v = Math.Abs(v);   // K_{-v} = K_v
        if (z == 0) return double.PositiveInfinity;
        if (double.IsPositiveInfinity(z)) return 0;
        if (z > AmosLimit || v > AmosLimit) return v < 0.5 * z ? 0 : double.NaN;   // e^-z underflows
        return Amos.BesselK(v, z);
    }

    /// <summary>a x + b y, where a zero coefficient drops its term even when the value is infinite.</summary>
    private static double Combine(double a, double x, double b, double y) => (a == 0 ? 0 : a * x) + (b == 0 ? 0 : b * y);

    /// <summary>
    /// Hankel's expansion for large z (DLMF 10.17.3-4): J = sqrt(2/(pi z)) (P cos w - Q sin w), Y = sqrt(2/(pi z))
    /// (P sin w + Q cos w), w = z - (v/2 + 1/4) pi. For z &gt; 2^30 and v &lt;= 1e4 the terms fall by at least 20 each.
    /// cos w is expanded as cos z cos(...) + sin z sin(...) so that the reduction of the huge z is done exactly by
    /// Math.Cos/Math.Sin rather than by subtracting a rounded phase.
    /// </summary>
    internal static double Hankel(double v, double z, bool first)
    {
        if (v > HankelMaxOrder) return double.NaN;
        double mu = 4 * v * v, p = 0, q = 0, term = 1;
        for (int k = 0; k < 40; k++)
        {
            if (k > 0) term *= (mu - (2.0 * k - 1) * (2.0 * k - 1)) / (k * 8 * z);
            // a_k(v) / z^k enters P with sign (-1)^(k/2) for even k and Q with (-1)^((k-1)/2) for odd k
            double signed = (k / 2) % 2 == 0 ? term : -term;
            if (k % 2 == 0) p += signed; else q += signed;
            if (Math.Abs(term) < 1e-17 * Math.Abs(p)) break;
        }
        double phase = 0.5 * v + 0.25, cp = PiTrig.CosPi(phase), sp = PiTrig.SinPi(phase);
        double cz = Math.Cos(z), sz = Math.Sin(z);
        double cosW = cz * cp + sz * sp, sinW = sz * cp - cz * sp;
        double amplitude = Math.Sqrt(2 / (Math.PI * z));
        return amplitude * (first ? p * cosW - q * sinW : p * sinW + q * cosW);
    }
}
