namespace Kan.Physics.Problems.Functions;

/// <summary>
/// Complete and incomplete elliptic integrals (Legendre forms, parameter m = k^2) and the Jacobi elliptic functions;
/// documented at their public entry points in <see cref="SpecialFunctions"/>.
/// </summary>
internal static class EllipticFunctions
{
    private const double HalfPi = Math.PI / 2;

    public static double K(double m)
    {
        if (double.IsNaN(m) || m > 1) return double.NaN;
        if (m == 1) return double.PositiveInfinity;
        if (double.IsNegativeInfinity(m)) return 0;
        // arithmetic-geometric mean: quadratic convergence, and 1 - m is exact for m in [1/2, 1] (Sterbenz)
        double a = 1, g = Math.Sqrt(1 - m);
        for (int i = 0; i < 64 && Math.Abs(a - g) > 1e-16 * a; i++)
            (a, g) = (0.5 * (a + g), Math.Sqrt(a * g));
        return Math.PI / (a + g);
    }

    public static double E(double m)
    {
        if (double.IsNaN(m) || m > 1) return double.NaN;
        if (m == 1) return 1;
        if (double.IsNegativeInfinity(m)) return double.PositiveInfinity;
        double y = 1 - m;
        // for m <= 0 both terms of R_F - (m/3) R_D are positive; for 0 < m < 1 they would cancel as m -> 1 (both grow
        // like ln(1/y)), so the all-positive form (y/3)(R_D(0,y,1) + R_D(0,1,y)) of DLMF 19.25.1 is used instead
        return m <= 0
            ? Carlson.RF(0, y, 1) - m / 3 * Carlson.RD(0, y, 1)
            : y / 3 * (Carlson.RD(0, y, 1) + Carlson.RD(0, 1, y));
    }

    public static double F(double phi, double m)
    {
        if (double.IsNaN(phi) || double.IsNaN(m)) return double.NaN;
        if (m == 0) return phi;
        if (phi == 0) return double.IsPositiveInfinity(m) ? double.NaN : phi;
        if (double.IsNegativeInfinity(m)) return 0 * Math.Sign(phi);
        if (m == 1)
        {
            // as cephes/scipy: infinite from |phi| = pi/2 (as a double) on
            if (Math.Abs(phi) >= HalfPi) return Math.Sign(phi) * double.PositiveInfinity;
            return Math.Asinh(Math.Tan(phi));
        }
        if (double.IsInfinity(phi)) return m < 1 ? phi : double.NaN;
        if (Math.Abs(phi) <= HalfPi) return FReduced(phi, m);
        // F(phi + k pi | m) = F(phi | m) + 2k K(m); for m > 1 the path from 0 crosses m sin^2 t > 1
        if (m > 1) return double.NaN;
        double k = Math.Round(phi / Math.PI), r = phi - k * Math.PI;
        return 2 * k * K(m) + FReduced(r, m);
    }

    public static double Einc(double phi, double m)
    {
        if (double.IsNaN(phi) || double.IsNaN(m)) return double.NaN;
        if (m == 0) return phi;
        if (phi == 0) return double.IsPositiveInfinity(m) ? double.NaN : phi;
        if (double.IsNegativeInfinity(m)) return Math.Sign(phi) * double.PositiveInfinity;
        if (double.IsInfinity(phi)) return m <= 1 ? phi : double.NaN;
        if (Math.Abs(phi) <= HalfPi) return EReduced(phi, m);
        if (m > 1) return double.NaN;
        double k = Math.Round(phi / Math.PI), r = phi - k * Math.PI;
        return 2 * k * E(m) + EReduced(r, m);
    }

    /// <summary>F(phi|m) for |phi| &lt;= pi/2 by DLMF 19.25.5: sin(phi) R_F(cos^2 phi, 1 - m sin^2 phi, 1).</summary>
    private static double FReduced(double phi, double m)
    {
        double s = Math.Sin(phi), c = Math.Cos(phi), d2 = Delta2(s, c, m);
        if (d2 < 0) return double.NaN;
        return s * Carlson.RF(c * c, d2, 1);
    }

    /// <summary>
    /// 1 - m sin^2 phi; for 0 &lt; m &lt;= 1 as cos^2 phi + (1-m) sin^2 phi, which does not cancel as m sin^2 phi -&gt; 1
    /// (m near 1, phi near pi/2), where 1 - m s^2 would lose all but a few digits.
    /// </summary>
    private static double Delta2(double s, double c, double m) => m > 0 && m <= 1 ? c * c + (1 - m) * s * s : 1 - m * s * s;

    /// <summary>E(phi|m) for |phi| &lt;= pi/2.</summary>
    private static double EReduced(double phi, double m)
    {
        double s = Math.Sin(phi), c = Math.Cos(phi), c2 = c * c, d2 = Delta2(s, c, m);
        if (d2 < 0) return double.NaN;
        if (m <= 0.5 || m > 1)
            return s * Carlson.RF(c2, d2, 1) - m / 3 * s * s * s * Carlson.RD(c2, d2, 1);   // DLMF 19.25.9
        // DLMF 19.25.10: all three terms have the sign of phi for 0 < m <= 1, so nothing cancels as m -> 1,
        // where 19.25.9 subtracts two terms of size ln(1/(1 - m))
        double mc = 1 - m;
        double last = d2 > 0 ? m * s * c / Math.Sqrt(d2) : s;   // d2 = 0 only for m = 1, |phi| = pi/2: c / |c| -> 1
        return mc * s * Carlson.RF(c2, d2, 1) + m * mc / 3 * s * s * s * Carlson.RD(c2, 1, d2) + last;
    }

    public static JacobiElliptic Jacobi(double u, double m)
    {
        if (double.IsNaN(u) || double.IsNaN(m) || double.IsInfinity(u) || double.IsInfinity(m))
            return new JacobiElliptic(double.NaN, double.NaN, double.NaN, double.NaN);
        if (m < 0)
        {
            // imaginary-modulus transformation (DLMF 22.17.2): with m1 = -m / (1 - m) in (0, 1) and
            // u1 = u sqrt(1 - m), sn = sd(u1|m1) / sqrt(1 - m), cn = cd(u1|m1), dn = nd(u1|m1)
            double r = Math.Sqrt(1 - m);
            var j = Jacobi(u * r, -m / (1 - m));
            double sn = j.Sn / (j.Dn * r), cn = j.Cn / j.Dn;
            // sin ph and cos ph have the signs of sn(u1) and cn(u1) (dn > 0), so ph lies in the quadrant of am(u1|m1)
            double ph = Math.Atan2(sn, cn);
            ph += 2 * Math.PI * Math.Round((j.Ph - ph) / (2 * Math.PI));
            return new JacobiElliptic(sn, cn, 1 / j.Dn, ph);
        }
        if (m > 1)
        {
            // reciprocal-modulus transformation (DLMF 22.17.3): sn = sn(u sqrt m | 1/m) / sqrt m, cn = dn(..), dn = cn(..);
            // cn > 0, so the amplitude only oscillates in (-pi/2, pi/2)
            double r = Math.Sqrt(m);
            var j = Jacobi(u * r, 1 / m);
            double sn = j.Sn / r;
            return new JacobiElliptic(sn, j.Dn, j.Cn, Math.Atan2(sn, j.Dn));
        }
        if (m == 0) return new JacobiElliptic(Math.Sin(u), Math.Cos(u), 1, u);
        if (m == 1)
        {
            double sech = 1 / Math.Cosh(u);
            return new JacobiElliptic(Math.Tanh(u), sech, sech, Math.Atan(Math.Sinh(u)));
        }
        return Landen(u, m);
    }

    /// <summary>
    /// Descending Landen transformation via the AGM (A&amp;S 16.4; the scheme of cephes ellpj): a_0 = 1, b_0 = sqrt(1-m),
    /// c_0 = sqrt(m) until c_N / a_N &lt; eps, then phi_N = 2^N a_N u and phi_{n-1} = (phi_n + asin(c_n sin(phi_n) / a_n)) / 2.
    /// </summary>
    private static JacobiElliptic Landen(double u, double m)
    {
        Span<double> a = stackalloc double[16];
        Span<double> c = stackalloc double[16];
        a[0] = 1; c[0] = Math.Sqrt(m);
        double b = Math.Sqrt(1 - m), twoN = 1;
        int i = 0;
        while (i < 15 && Math.Abs(c[i] / a[i]) > 1.1e-16)
        {
            double ai = a[i];
            a[i + 1] = 0.5 * (ai + b);
            c[i + 1] = c[i] * c[i] / (4 * a[i + 1]);   // = (a_i - b_i) / 2 without the cancellation as m -> 0
            b = Math.Sqrt(ai * b);
            twoN *= 2;
            i++;
        }
        double phi = twoN * a[i] * u;
        for (; i > 0; i--)
        {
            phi = 0.5 * (Math.Asin(c[i] * Math.Sin(phi) / a[i]) + phi);
        }
        double sn = Math.Sin(phi), cn = Math.Cos(phi);
        // dn^2 = 1 - m sn^2 = cn^2 + (1-m) sn^2: the second form has no cancellation where m sn^2 nears 1
        double dn = Math.Sqrt(cn * cn + (1 - m) * sn * sn);
        return new JacobiElliptic(sn, cn, dn, phi);
    }
}
