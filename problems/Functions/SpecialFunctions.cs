using System.Numerics;

namespace Kan.Physics.Problems.Functions;

/// <summary>
/// The special functions of the KAN paper's Table 1 (Liu et al. 2024, section 3.2), with scipy.special's names and
/// argument order, so that a formula written against scipy can be transcribed unchanged. Each method documents where it
/// follows scipy (1.10) at the edges of its domain and where it deliberately does not.
/// </summary>
/// <remarks>
/// The accuracy figures in the remarks below are the largest errors measured against mpmath (50 digits) on a few
/// thousand random points per function; "the paper's box" is [0, 1]^2 in the paper's (x, y) order (z in [0.1, 1] for
/// yv and kv), see <see cref="SpecialFunctionCatalog"/>. Relative errors are quoted away from zeros of the function.
/// </remarks>
public static class SpecialFunctions
{
    /// <summary>
    /// Jacobi elliptic functions sn, cn, dn and the amplitude ph = am(u|m), as scipy.special.ellipj(u, m).
    /// </summary>
    /// <remarks>
    /// For 0 &lt; m &lt; 1 the descending Landen transformation (A&amp;S 16.4, the method of cephes' ellpj); m = 0 and
    /// m = 1 are the closed forms (sin, cos, 1, u) and (tanh, sech, sech, gd u). Unlike scipy, which returns NaN
    /// outside [0, 1], m &lt; 0 and m &gt; 1 are mapped into (0, 1) by the imaginary- and reciprocal-modulus
    /// transformations (DLMF 22.17.2-3): the identities sn^2 + cn^2 = 1, dn^2 + m sn^2 = 1, d sn/du = cn dn hold
    /// there too. For m &gt; 1 the amplitude oscillates in (-pi/2, pi/2), for m &lt; 1 it increases with u.
    /// Errors grow with |u| like eps |u| (the phase 2^N a_N u carries them). Non-finite u or m give NaN.
    /// Measured: below 5e-16 on the paper's box u, m in [0, 1]; for u in [-5, 5] below 1.5e-15 absolute; in general
    /// about 1e-15 |u| absolute, up to 2e-14 |u| for m within 1e-12 of 1 (the Landen phase passes asin near +-1 there;
    /// cephes and so scipy share this).
    /// </remarks>
    public static JacobiElliptic Ellipj(double u, double m) => EllipticFunctions.Jacobi(u, m);

    /// <summary>
    /// Complete elliptic integral of the first kind K(m) = Int_0^{pi/2} dt / sqrt(1 - m sin^2 t), as scipy.special.ellipk
    /// (parameter m = k^2). K(1) = inf, K(-inf) = 0, NaN for m &gt; 1.
    /// </summary>
    /// <remarks>
    /// Arithmetic-geometric mean, K = pi / (2 AGM(1, sqrt(1-m))). Measured relative error below 5e-16 for m in [-10, 1).
    /// </remarks>
    public static double Ellipk(double m) => EllipticFunctions.K(m);

    /// <summary>
    /// Complete elliptic integral of the second kind E(m) = Int_0^{pi/2} sqrt(1 - m sin^2 t) dt, as scipy.special.ellipe.
    /// E(1) = 1, E(-inf) = inf, NaN for m &gt; 1.
    /// </summary>
    /// <remarks>
    /// Carlson's R_F and R_D, in a form without cancellation for each sign of m. Measured relative error below 9e-16
    /// for m in [-5, 1).
    /// </remarks>
    public static double Ellipe(double m) => EllipticFunctions.E(m);

    /// <summary>
    /// Incomplete elliptic integral of the first kind F(phi|m) = Int_0^phi dt / sqrt(1 - m sin^2 t), as
    /// scipy.special.ellipkinc(phi, m).
    /// </summary>
    /// <remarks>
    /// F = sin(phi) R_F(cos^2 phi, 1 - m sin^2 phi, 1) for |phi| &lt;= pi/2, and F(phi + k pi) = F(phi) + 2k K(m)
    /// beyond. Any m &lt;= 1 is accepted (m = -inf gives 0). For m &gt; 1 the integral is real only while
    /// m sin^2 phi &lt;= 1 and |phi| &lt;= pi/2: there it is computed (scipy 1.10 returns NaN for every m &gt; 1),
    /// elsewhere NaN. At m = 1, as scipy, +-inf for |phi| &gt;= pi/2 (scipy drops the sign) and asinh(tan phi) inside.
    /// Measured relative error below 7e-16 on [0, 1]^2 and on phi in [-3, 3], m in [-1, 0.99]; up to 6e-15
    /// for m within 1e-12 of 1 and |phi| &gt; pi/2, where the rounding of phi - k pi is magnified by F' = 1/sqrt(1-m).
    /// </remarks>
    public static double Ellipkinc(double phi, double m) => EllipticFunctions.F(phi, m);

    /// <summary>
    /// Incomplete elliptic integral of the second kind E(phi|m) = Int_0^phi sqrt(1 - m sin^2 t) dt, as
    /// scipy.special.ellipeinc(phi, m).
    /// </summary>
    /// <remarks>
    /// DLMF 19.25.9 (R_F and R_D) for m &lt;= 1/2 and m &gt; 1, DLMF 19.25.10 (no cancellation as m -&gt; 1) for
    /// 1/2 &lt; m &lt;= 1; E(phi + k pi) = E(phi) + 2k E(m). Domain as <see cref="Ellipkinc"/>. Measured relative
    /// error below 1.4e-15 for phi in [-10, 10], m in [-5, 3].
    /// </remarks>
    public static double Ellipeinc(double phi, double m) => EllipticFunctions.Einc(phi, m);

    /// <summary>
    /// Carlson's symmetric integral R_F(x, y, z) = 1/2 Int_0^inf dt / sqrt((t+x)(t+y)(t+z)), as scipy.special.elliprf,
    /// for x, y, z &gt;= 0 with at most one zero (inf if two are zero, NaN for negative arguments).
    /// </summary>
    /// <remarks>Duplication theorem with the fifth-order Taylor series (Carlson 1995).</remarks>
    public static double Elliprf(double x, double y, double z) => Carlson.RF(x, y, z);

    /// <summary>
    /// Carlson's symmetric integral R_D(x, y, z) = 3/2 Int_0^inf dt / sqrt((t+x)(t+y)(t+z)^3), as scipy.special.elliprd,
    /// for x, y &gt;= 0 not both zero and z &gt; 0 (inf otherwise at zeros, NaN for negative arguments).
    /// </summary>
    public static double Elliprd(double x, double y, double z) => Carlson.RD(x, y, z);

    /// <summary>
    /// Bessel function of the first kind J_v(z) of real order, as scipy.special.jv(v, z).
    /// </summary>
    /// <remarks>
    /// Math.NET's port of Amos' ZBESJ for v &gt;= 0, 0 &lt; z &lt;= 2^30 (the code scipy also calls); Hankel's expansion
    /// beyond, where Amos (and so Math.NET) gives NaN and scipy 1.10 gives wrong values. Negative v by
    /// J_{-v} = cos(pi v) J_v - sin(pi v) Y_v with exact sin/cos(pi v), so J_{-n-1/2} is exact. z &lt; 0: (-1)^v J_v(|z|)
    /// for integer v, NaN otherwise (the value is complex), as scipy. z = 0: 1 for v = 0, 0 for v &gt; 0 or a negative
    /// integer, +-inf for other negative v (the sign of the limit, as scipy). J_v(inf) = 0 (scipy 1.10: NaN).
    /// Measured error below 3e-15 on the paper's box [0, 1]^2; relative to max(|J|, sqrt(2/(pi z))) below 9e-14 for v in
    /// [-5, 10], z &lt;= 100, and below 4e-16 in the Hankel range.
    /// </remarks>
    public static double Jv(double v, double z) => BesselFunctions.J(v, z);

    /// <summary>
    /// Bessel function of the second kind Y_v(z) of real order, as scipy.special.yv(v, z): NaN for z &lt; 0, -inf at z = 0.
    /// </summary>
    /// <remarks>
    /// As <see cref="Jv"/>, with Y_{-v} = sin(pi v) J_v + cos(pi v) Y_v. At z = 0 the value is -inf for v &gt;= 0, and
    /// for v &lt; 0 the sign of the limit; for negative half-integers, where Y_{-n-1/2} = (-1)^n J_{n+1/2} -&gt; 0, it is 0
    /// (scipy returns +-inf from a rounded cos(pi v)). Measured error below 1e-14 absolute on the paper's box v in [0, 1],
    /// z in [0.1, 1]; relative to
    /// max(|Y|, sqrt(2/(pi z))) below 6e-14 for v in [-5, 10], z &lt;= 100, and below 4e-16 in the Hankel range.
    /// </remarks>
    public static double Yv(double v, double z) => BesselFunctions.Y(v, z);

    /// <summary>
    /// Modified Bessel function of the second kind K_v(z) of real order, as scipy.special.kv(v, z): K_{-v} = K_v,
    /// NaN for z &lt; 0, +inf at z = 0.
    /// </summary>
    /// <remarks>
    /// Math.NET's port of Amos' ZBESK; 0 for z &gt; 2^30 (underflow). Measured relative error below 3e-14 on the paper's
    /// box and below 1.3e-13 for v in [-5, 10], z in (0, 100].
    /// </remarks>
    public static double Kv(double v, double z) => BesselFunctions.K(v, z);

    /// <summary>
    /// Modified Bessel function of the first kind I_v(z) of real order, as scipy.special.iv(v, z).
    /// </summary>
    /// <remarks>
    /// Math.NET's port of Amos' ZBESI for v &gt;= 0 (scipy uses cephes' iv; the two agree to about 1e-14). Negative v by
    /// I_{-v} = I_v + (2/pi) sin(pi v) K_v. z &lt; 0: (-1)^v I_v(|z|) for integer v and NaN otherwise, as scipy (Math.NET
    /// alone would return the real part of the complex value). z = 0: 1 for v = 0, 0 for v &gt; 0 or a negative integer,
    /// and for other negative v the sign of the limit, sign Gamma(v+1) inf (scipy returns +inf for all of them).
    /// Measured relative error below 4e-15 on the paper's box and below 7e-14 for v in [-5, 10], z in (0, 100].
    /// </remarks>
    public static double Iv(double v, double z) => BesselFunctions.I(v, z);

    /// <summary>
    /// Associated Legendre function of the first kind P_v^m(x) (Ferrers function) of integer order m and real degree v,
    /// with the Condon-Shortley phase (-1)^m, as scipy.special.lpmv(m, v, x).
    /// </summary>
    /// <remarks>
    /// Integer degree: the upward recurrence in the degree from P_m^m = (-1)^m (2m-1)!! (1-x^2)^(m/2). Other degrees:
    /// the hypergeometric series 2F1(m-v, m+v+1; m+1; (1-x)/2) for x &gt;= 0 and its logarithmic continuation in
    /// (1+x)/2 (A&amp;S 15.3.12) for x &lt; 0, so both converge at least like 2^-n; above degree m + 2 the recurrence in
    /// the degree takes over from two low degrees, because the series cancel more as v grows. v &lt; -1/2 is mapped to
    /// -v-1. Negative m by P_v^{-m} = (-1)^m Gamma(v-m+1)/Gamma(v+m+1) P_v^m, NaN where that ratio has a pole, as scipy.
    /// NaN for non-integer m and, unlike scipy (which continues its series), for |x| &gt; 1. At x = -1 with a
    /// non-integer degree the value is infinite with the sign of the limit, -sign(sin pi v) (scipy: +inf for m &gt;= 1).
    /// Measured: below 1e-15 on the paper's box (m = 0, 1, 2; v, x in [0, 1]); below 7e-14
    /// absolute for v in [0, 5], x in [-0.99, 0.99] (P up to 61); relative 3e-12 at degree 30 near x = -1.
    /// </remarks>
    public static double Lpmv(double m, double v, double x) => LegendreFunctions.Lpmv(m, v, x);

    /// <summary>
    /// Spherical harmonic Y_n^m(theta, phi) in scipy's (&lt;= 1.14) sph_harm convention: theta is the azimuthal angle,
    /// phi the polar angle; orthonormal on the sphere, Condon-Shortley phase included:
    /// Y_n^m = sqrt((2n+1)/(4 pi) (n-m)!/(n+m)!) P_n^m(cos phi) e^{i m theta}, and Y_n^{-m} = (-1)^m conj(Y_n^m).
    /// </summary>
    /// <remarks>
    /// The normalised functions are built by their own recurrence, so no factorial ratio is formed and high degrees do
    /// not overflow. NaN (real part) for n &lt; 0 or |m| &gt; n, as scipy. Note that scipy &gt;= 1.15 replaces sph_harm by
    /// sph_harm_y(n, m, theta, phi) with theta the polar angle: the names of the angles are swapped there.
    /// Measured absolute error below 4e-16 for n &lt;= 2 and below 4e-14 up to n = 60.
    /// </remarks>
    public static Complex SphHarm(int m, int n, double theta, double phi) => LegendreFunctions.SphHarm(m, n, theta, phi);
}
