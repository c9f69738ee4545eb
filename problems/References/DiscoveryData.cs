using MathNet.Numerics;

namespace Kan.Physics.Problems.References;

/// <summary>
/// Exact solutions that PDE discovery is tested on, each as u(x, t) evaluated anywhere: viscous Burgers from a
/// Gaussian (Cole-Hopf), the KdV two-soliton, and advection-diffusion of a Gaussian pulse.
/// </summary>
public static class DiscoveryData
{
    /// <summary>
    /// Viscous Burgers u_t = -u u_x + nu u_xx on the whole line from u(x, 0) = exp(-(x + 2)^2) (PDE-FIND's data set:
    /// nu = 0.1, x in [-8, 8], t in [0, 10]), by the Cole-Hopf transform u = -2 nu phi_x / phi with phi solving the heat
    /// equation from phi_0(y) = exp(-(1/(2 nu)) int_{-inf}^y u_0) = exp(-sqrt(pi) (1 + erf(y + 2)) / (4 nu)).
    /// </summary>
    /// <remarks>
    /// With y = x - sqrt(4 nu t) z the heat kernel is exp(-z^2) and u = (sqrt(4 nu t)/t) E[z phi_0] / E[phi_0] under that
    /// weight; both integrals are taken by the trapezoidal rule on |z| &lt;= 9 with 721 nodes, spectrally accurate for
    /// these entire, Gaussian-decaying integrands (doubling the nodes changes u by less than 1e-13 on the data set's grid).
    /// </remarks>
    public static double Burgers(double x, double t, double nu = 0.1)
    {
        if (!(nu > 0)) throw new ArgumentOutOfRangeException(nameof(nu), nu, "The viscosity must be > 0.");
        if (t < 0) throw new ArgumentOutOfRangeException(nameof(t), t, "Time must be >= 0.");
        if (t == 0) return Math.Exp(-(x + 2) * (x + 2));
        const int nodes = 721; const double zMax = 9;
        double s = Math.Sqrt(4 * nu * t), h = 2 * zMax / (nodes - 1);
        double c = Math.Sqrt(Math.PI) / (4 * nu);
        double num = 0, den = 0;
        for (int k = 0; k < nodes; k++)
        {
            double z = -zMax + k * h;
            // phi_0 relative to its largest value exp(0): exponent -c (1 + erf) lies in [-2c, 0], no overflow
            double w = Math.Exp(-z * z - c * (1 + SpecialFunctions.Erf(x - s * z + 2)));
            num += z * w; den += w;
        }
        return s / t * num / den;
    }

    /// <summary>
    /// The two-soliton solution of KdV u_t = -6 u u_x - u_xxx: u = 2 (ln f)_xx with f = 1 + e^a + e^b + A e^(a+b),
    /// a = k1 (x - x1) - k1^3 t, b = k2 (x - x2) - k2^3 t, A = ((k1 - k2)/(k1 + k2))^2. Soliton i alone is
    /// (k_i^2/2) sech^2(k_i (x - x_i - k_i^2 t)/2), of speed k_i^2; with k2 &gt; k1 and x2 &lt; x1 the taller one overtakes.
    /// </summary>
    /// <remarks>Evaluated from the ratios f'/f and f''/f with every exponential scaled by the largest, so it never overflows.</remarks>
    public static double KdvTwoSoliton(double x, double t, double k1 = 1.0, double k2 = 1.5, double x1 = -4, double x2 = -12)
    {
        double a = k1 * (x - x1) - k1 * k1 * k1 * t, b = k2 * (x - x2) - k2 * k2 * k2 * t;
        double coupling = (k1 - k2) * (k1 - k2) / ((k1 + k2) * (k1 + k2));
        double lnA = Math.Log(coupling);
        double top = Math.Max(Math.Max(0, a), Math.Max(b, a + b + lnA));
        double e0 = Math.Exp(-top), e1 = Math.Exp(a - top), e2 = Math.Exp(b - top), e3 = Math.Exp(a + b + lnA - top);
        double f = e0 + e1 + e2 + e3;
        double f1 = k1 * e1 + k2 * e2 + (k1 + k2) * e3;
        double f2 = k1 * k1 * e1 + k2 * k2 * e2 + (k1 + k2) * (k1 + k2) * e3;
        double r1 = f1 / f, r2 = f2 / f;
        return 2 * (r2 - r1 * r1);
    }

    /// <summary>
    /// Advection-diffusion u_t = -c u_x + D u_xx of the pulse u(x, 0) = exp(-x^2 / w^2): u = exp(-(x - c t)^2 / (w^2 + 4 D t)) / sqrt(1 + 4 D t / w^2).
    /// With c = 0 it is the heat equation.
    /// </summary>
    public static double AdvectionDiffusion(double x, double t, double c = 1.0, double diffusion = 0.1, double width = 1.0)
    {
        double s = width * width + 4 * diffusion * t;
        return Math.Exp(-(x - c * t) * (x - c * t) / s) / Math.Sqrt(s / (width * width));
    }
}
