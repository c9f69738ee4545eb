using MathNet.Numerics.Integration;

namespace Kan.Physics.Problems.References;

/// <summary>
/// Exact solution of the viscous Burgers benchmark of the PINN literature (Raissi et al. 2019):
/// u_t + u u_x = nu u_xx on x in [-1, 1], t &gt;= 0, u(x, 0) = -sin(pi x), u(+-1, t) = 0, nu = 0.01/pi by default.
/// </summary>
/// <remarks>
/// <para>
/// The Cole-Hopf transformation u = -2 nu phi_x / phi turns the problem into the heat equation for phi, whose
/// solution on the whole line (the 2-periodic, odd extension of the data keeps u(+-1, t) = 0) gives
/// u(x, t) = -Int sin(pi (x - eta)) f(x - eta) G(eta) d eta / Int f(x - eta) G(eta) d eta with
/// f(y) = exp(-cos(pi y) / (2 pi nu)) and the heat kernel G(eta) = exp(-eta^2 / (4 nu t)).
/// With eta = sqrt(4 nu t) z the kernel becomes exp(-z^2), independent of t.
/// </para>
/// <para>
/// For nu = 0.01/pi the exponent cos/(2 pi nu) reaches +-50, and near the shock the mass of the integrands sits far
/// out in the Gaussian tail (|z| up to about 9 at t = 1), so each integrand is evaluated as exp(E - max E): nothing
/// overflows and the ratio is unchanged. <see cref="Evaluate"/> uses composite Gauss-Legendre quadrature (12 nodes
/// per panel, panels at most 0.5 wide in z, narrower for t &gt; 1 where the integrand's log curves more) on
/// |z| &lt;= sqrt(2/(2 pi nu) + 40), outside which the integrand is below e^-40 of its peak for every x. For the
/// benchmark viscosity it agrees with a fine trapezoidal rule in z (spectrally accurate for this entire, Gaussian-decaying
/// integrand) and with 100- and 200-node Gauss-Hermite quadrature to 2e-14 for all x and t in [0, 1], the shock
/// included, and it reproduces the steepest slope of Basdevant et al. (1986), max |u_x| = 152.00516 at x = 0,
/// t = 1.6037/pi. Panels twice as wide still agree to rounding (and with 8 instead of 12 nodes to 3e-10), so
/// there is margin. It stays at the 1e-14 level for nu from 1e-4 to 1 and t up to 10, where Gauss-Hermite with 200 nodes does
/// not (see <see cref="EvaluateGaussHermite"/>). A 256 x 100 grid takes well under a second.
/// </para>
/// </remarks>
public static class BurgersReference
{
    /// <summary>The benchmark viscosity, 0.01/pi.</summary>
    public const double DefaultViscosity = 0.01 / Math.PI;

    /// <summary>Gauss-Legendre nodes per panel of the composite rule.</summary>
    private const int PanelOrder = 12;

    /// <summary>Widest panel of the composite rule, in the scaled variable z (the heat kernel is exp(-z^2)).</summary>
    private const double PanelWidth = 0.5;

    /// <summary>
    /// log of the relative size below which the integrand is dropped: e^-40 is about 4e-18, far under the rounding
    /// of the result.
    /// </summary>
    private const double TailExponent = 40;

    /// <summary>u(x, t) by Cole-Hopf and composite Gauss-Legendre quadrature; u(x, 0) = -sin(pi x).</summary>
    /// <param name="x">Position; normally in [-1, 1] (the formula continues the solution 2-periodically and odd).</param>
    /// <param name="t">Time, at least 0.</param>
    /// <param name="nu">Viscosity, positive.</param>
    public static double Evaluate(double x, double t, double nu = DefaultViscosity)
    {
        Check(x, t, nu);
        if (t == 0) return -Math.Sin(Math.PI * x);
        var rule = CompositeRule.Create(t, nu);
        return rule.Value(x);
    }

    /// <summary>
    /// u on the tensor grid x times t, row-major with the positions as rows: result[i * t.Length + j] = u(x[i], t[j])
    /// (the layout of usol, 256 x 100, in Raissi's burgers_shock.mat). The quadrature rule is built once per time, so
    /// a grid costs far less than as many <see cref="Evaluate"/> calls.
    /// </summary>
    public static double[] EvaluateGrid(double[] x, double[] t, double nu = DefaultViscosity)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(t);
        CheckViscosity(nu);
        foreach (double xi in x)
            if (!double.IsFinite(xi)) throw new ArgumentException($"Position {xi} is not finite.", nameof(x));
        foreach (double tj in t)
            if (!double.IsFinite(tj) || tj < 0) throw new ArgumentOutOfRangeException(nameof(t), tj, "Times must be finite and at least 0.");
        var u = new double[x.Length * t.Length];
        int nt = t.Length;
        Parallel.For(0, nt, j =>
        {
            if (t[j] == 0)
            {
                for (int i = 0; i < x.Length; i++) u[i * nt + j] = -Math.Sin(Math.PI * x[i]);
                return;
            }
            var rule = CompositeRule.Create(t[j], nu);
            for (int i = 0; i < x.Length; i++) u[i * nt + j] = rule.Value(x[i]);
        });
        return u;
    }

    /// <summary>
    /// The slope u_x(x, t), from differentiating the Cole-Hopf quotient under the integral sign:
    /// u_x = -Int (pi cos(pi y) + sin^2(pi y) / (2 nu)) f(y) G / Int f(y) G + u^2 / (2 nu), y = x - eta. At t = 0 it is
    /// -pi cos(pi x). Its steepest value, at the shock x = 0, is the classic accuracy check of Basdevant et al. (1986).
    /// </summary>
    public static double EvaluateSlope(double x, double t, double nu = DefaultViscosity)
    {
        Check(x, t, nu);
        if (t == 0) return -Math.PI * Math.Cos(Math.PI * x);
        var rule = CompositeRule.Create(t, nu);
        return rule.Slope(x);
    }

    /// <summary>
    /// u(x, t) by Gauss-Hermite quadrature in z (weight exp(-z^2)) with <paramref name="nodes"/> nodes, the
    /// classical method of Basdevant et al. (1986), kept as an independent check of <see cref="Evaluate"/>. For the
    /// benchmark viscosity and t in [0, 1] it needs about 100 nodes (50 give 2e-7, 70 give 1e-11, 100 and more agree
    /// with <see cref="Evaluate"/> to 1e-14 everywhere, the shock included, where the integrand's mass sits out at
    /// |z| near 9). It fails where the integrand is not polynomial-like on the nodes' range: for nu t of order 1 (nu = 1,
    /// t = 1: 7e-9) or small nu (nu = 1e-4, t = 0.5: errors of order 0.3).
    /// </summary>
    public static double EvaluateGaussHermite(double x, double t, double nu = DefaultViscosity, int nodes = 200)
    {
        Check(x, t, nu);
        if (nodes < 2 || nodes > GaussHermiteRule.MaxNodes)
            throw new ArgumentOutOfRangeException(nameof(nodes), nodes, $"Between 2 and {GaussHermiteRule.MaxNodes} nodes are supported.");
        if (t == 0) return -Math.Sin(Math.PI * x);
        var rule = GaussHermiteRule.Get(nodes);
        double s = Math.Sqrt(4 * nu * t), a = 1 / (2 * Math.PI * nu);
        var z = rule.Nodes;
        var w = rule.Weights;
        var e = new double[z.Length];
        double max = double.NegativeInfinity;
        for (int k = 0; k < z.Length; k++)
        {
            e[k] = -a * Math.Cos(Math.PI * (x - s * z[k]));
            if (e[k] > max) max = e[k];
        }
        double num = 0, den = 0;
        for (int k = 0; k < z.Length; k++)
        {
            double h = w[k] * Math.Exp(e[k] - max);
            den += h;
            num += h * Math.Sin(Math.PI * (x - s * z[k]));
        }
        return -num / den;
    }

    private static void Check(double x, double t, double nu)
    {
        if (!double.IsFinite(x)) throw new ArgumentOutOfRangeException(nameof(x), x, "The position must be finite.");
        if (!double.IsFinite(t) || t < 0) throw new ArgumentOutOfRangeException(nameof(t), t, "The time must be finite and at least 0.");
        CheckViscosity(nu);
    }

    private static void CheckViscosity(double nu)
    {
        if (!double.IsFinite(nu) || nu <= 0) throw new ArgumentOutOfRangeException(nameof(nu), nu, "The viscosity must be positive and finite.");
    }

    /// <summary>
    /// Composite Gauss-Legendre rule in z for one time, with cos(pi s z) and sin(pi s z) tabulated so that each x needs
    /// only multiply-adds and one exp per node (cos(pi (x - s z)) by the addition theorem). Nodes come in mirror pairs
    /// z, -z with identical weights, which keeps u odd in x and zero at x = +-1 to rounding.
    /// </summary>
    private sealed class CompositeRule
    {
        private static readonly GaussLegendreRule Legendre = new(-1, 1, PanelOrder);

        private readonly double[] _logKernel;
        private readonly double[] _weights;
        private readonly double[] _cos;
        private readonly double[] _sin;
        private readonly double _a;
        private readonly double _nu;

        private CompositeRule(double[] logKernel, double[] weights, double[] cos, double[] sin, double a, double nu)
        {
            _logKernel = logKernel; _weights = weights; _cos = cos; _sin = sin; _a = a; _nu = nu;
        }

        public static CompositeRule Create(double t, double nu)
        {
            double a = 1 / (2 * Math.PI * nu), s = Math.Sqrt(4 * nu * t);
            // E(z) = -z^2 - a cos(...) <= a - z^2, and max E >= E(0) >= -a: beyond zMax the integrand is below e^-40 of its peak.
            double zMax = Math.Sqrt(2 * a + TailExponent);
            // the integrand's log has curvature up to 2 + 2 pi t in z; panels shrink once that exceeds its value at t = 1
            double widest = PanelWidth * Math.Min(1, Math.Sqrt((2 + 2 * Math.PI) / (2 + 2 * Math.PI * t)));
            int panels = (int)Math.Ceiling(zMax / widest);
            double width = zMax / panels;
            int half = panels * PanelOrder, n = 2 * half;
            var logKernel = new double[n];
            var weights = new double[n];
            var cos = new double[n];
            var sin = new double[n];
            var xi = Legendre.Abscissas;
            var wi = Legendre.Weights;
            for (int p = 0; p < panels; p++)
            {
                for (int q = 0; q < PanelOrder; q++)
                {
                    // positive half at index half + k, its mirror at half - 1 - k
                    int k = p * PanelOrder + q;
                    double z = width * (p + 0.5 * (1 + xi[q]));
                    double w = 0.5 * width * wi[q];
                    double c = Math.Cos(Math.PI * s * z), sn = Math.Sin(Math.PI * s * z);
                    int up = half + k, down = half - 1 - k;
                    logKernel[up] = logKernel[down] = -z * z;
                    weights[up] = weights[down] = w;
                    cos[up] = cos[down] = c;
                    sin[up] = sn; sin[down] = -sn;
                }
            }
            return new CompositeRule(logKernel, weights, cos, sin, a, nu);
        }

        /// <summary>
        /// The two Cole-Hopf integrals at x scaled by exp(-max E): the denominator Int f G and the numerator
        /// Int sin(pi y) f G; with <paramref name="slope"/> also Int (pi cos(pi y) + sin^2(pi y)/(2 nu)) f G.
        /// </summary>
        private void Integrals(double x, bool slope, out double den, out double num, out double dnum)
        {
            double cx = Math.Cos(Math.PI * x), sx = Math.Sin(Math.PI * x);
            int n = _weights.Length;
            Span<double> e = n <= 2048 ? stackalloc double[n] : new double[n];
            double max = double.NegativeInfinity;
            for (int k = 0; k < n; k++)
            {
                // cos(pi (x - s z)) = cos(pi x) cos(pi s z) + sin(pi x) sin(pi s z)
                double v = _logKernel[k] - _a * (cx * _cos[k] + sx * _sin[k]);
                e[k] = v;
                if (v > max) max = v;
            }
            double cut = max - TailExponent;
            den = 0; num = 0; dnum = 0;
            double inv2nu = 1 / (2 * _nu);
            for (int k = 0; k < n; k++)
            {
                if (e[k] < cut) continue;
                double h = _weights[k] * Math.Exp(e[k] - max);
                double sy = sx * _cos[k] - cx * _sin[k];
                den += h;
                num += h * sy;
                if (slope)
                {
                    double cy = cx * _cos[k] + sx * _sin[k];
                    dnum += h * (Math.PI * cy + sy * sy * inv2nu);
                }
            }
        }

        public double Value(double x)
        {
            Integrals(x, false, out double den, out double num, out _);
            return -num / den;
        }

        public double Slope(double x)
        {
            Integrals(x, true, out double den, out double num, out double dnum);
            double u = -num / den;
            return -dnum / den + u * u / (2 * _nu);
        }
    }
}
