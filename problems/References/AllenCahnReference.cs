using System.Numerics;

namespace Kan.Physics.Problems.References;

/// <summary>
/// Reference solution of the Allen-Cahn benchmark of the PINN literature (Raissi's AC.mat, Rigas et al. 2024):
/// u_t - D u_xx + 5 u^3 - 5 u = 0 on x in [-1, 1] with periodic boundaries, t in [0, 1], D = 1e-4,
/// u(x, 0) = x^2 cos(pi x).
/// </summary>
/// <remarks>
/// <para>
/// Fourier pseudo-spectral in space on x_j = -1 + 2j/N, exponential time differencing RK4 in time (ETDRK4, Cox and
/// Matthews 2002): the diffusion, diagonal in Fourier space, is integrated exactly, the reaction 5u - 5u^3 by the
/// fourth-order stages. The ETD weights are averaged over a circle of 32 points about each hL (Kassam and Trefethen
/// 2005), which avoids the cancellation of their closed forms as hL -&gt; 0 (the mean mode has L = 0 exactly). The
/// cubic term is not dealiased; once the solution is resolved its aliasing error is as small as the truncation error.
/// </para>
/// <para>
/// The initial condition is continuous but not smooth as a periodic function: u'(+-1) = -+2, a kink at x = +-1. Its
/// Fourier coefficients decay like 1/m^2, so it is projected (exact coefficients, no aliasing) rather than sampled;
/// sampling would put an O(1/N^2) error into every mode that diffusion never removes (measured: 1e-5 at t = 0.2
/// with N = 1024). Diffusion smooths the kink over a width sqrt(D t), which no grid resolves as t -&gt; 0: for
/// t &lt; 0.05 the solution near x = +-1 is less accurate than elsewhere (see below). At t = 0 itself the exact
/// initial condition is returned.
/// </para>
/// <para>
/// Later the solution forms interfaces u ~ tanh(x / sqrt(2D/5)), of width about 0.0063, whose Fourier coefficients
/// decay only like exp(-pi^2 m sqrt(2D/5) / 2). Measured against N = 4096 (max over x, t = 1): N = 256: 5e-3,
/// N = 512 (Raissi's grid): 1.3e-5, N = 1024: 4e-11, N = 2048: 3e-12. Near x = +-1 at t = 0.01 (from the kink): N = 512:
/// 2e-4, N = 1024: 7e-6, N = 2048: 5e-10; for t &gt;= 0.05 and N = 1024 everything is below 1e-9. The time error of
/// ETDRK4 at N = 1024 is about 1e-11 with h = 1e-3, 3e-10 with 2.5e-3, 6e-9 with 5e-3. Hence the defaults N = 1024,
/// h = 2.5e-4, far inside both limits (rather than Raissi's N = 512, whose points are every other one of these); the
/// default solve takes about 0.4 s of one core.
/// </para>
/// </remarks>
public static class AllenCahnReference
{
    /// <summary>The benchmark diffusion coefficient D.</summary>
    public const double DefaultDiffusion = 1e-4;

    /// <summary>The benchmark reaction rate: u_t = D u_xx + 5u - 5u^3.</summary>
    public const double DefaultReaction = 5;

    /// <summary>Points on the circle of the Kassam-Trefethen contour average.</summary>
    private const int ContourPoints = 32;

    /// <summary>Fine samples per grid point for the spectrum of a general initial condition.</summary>
    private const int Oversampling = 256;

    /// <summary>The benchmark initial condition u(x, 0) = x^2 cos(pi x).</summary>
    public static double InitialCondition(double x) => x * x * Math.Cos(Math.PI * x);

    /// <summary>Solves the benchmark problem from <see cref="InitialCondition"/>.</summary>
    /// <param name="modes">Grid points N, a power of two, at least 8.</param>
    /// <param name="dt">Time step; the step actually used is tEnd / ceil(tEnd / dt).</param>
    /// <param name="tEnd">Final time.</param>
    /// <param name="diffusion">D.</param>
    /// <param name="saveEvery">Steps between saved states (the final state is always saved). With the defaults the
    /// states are saved every 0.005, the 201 times of Raissi's AC.mat.</param>
    public static AllenCahnSolution Solve(int modes = 1024, double dt = 2.5e-4, double tEnd = 1.0, double diffusion = DefaultDiffusion, int saveEvery = 20) =>
        Run(InitialCondition, BenchmarkSpectrum, modes, dt, tEnd, diffusion, DefaultReaction, DefaultReaction, saveEvery);

    /// <summary>
    /// Solves the generalised problem u_t = D u_xx + a u - b u^3 on [-1, 1], periodic, from any initial condition.
    /// b = 0 (and a = 0) give linear problems with exact solutions, which is how the time stepping and the
    /// interpolation are verified.
    /// </summary>
    /// <param name="initialCondition">u(x, 0) on [-1, 1); its Fourier coefficients are computed from samples on a grid
    /// 256 times finer than the solver's, so that even a kink in its periodic extension aliases little (for the
    /// benchmark's own initial condition the result differs from the exact projection by 5e-9 at t = 0.005 and 1e-13
    /// at t = 1).</param>
    /// <param name="modes">Grid points N, a power of two, at least 8.</param>
    /// <param name="dt">Time step; the step actually used is tEnd / ceil(tEnd / dt).</param>
    /// <param name="tEnd">Final time.</param>
    /// <param name="diffusion">D, at least 0.</param>
    /// <param name="linearRate">a.</param>
    /// <param name="cubicRate">b.</param>
    /// <param name="saveEvery">Steps between saved states (the final state is always saved).</param>
    public static AllenCahnSolution Solve(Func<double, double> initialCondition, int modes, double dt, double tEnd, double diffusion,
        double linearRate, double cubicRate, int saveEvery)
    {
        ArgumentNullException.ThrowIfNull(initialCondition);
        return Run(initialCondition, n => SampledSpectrum(initialCondition, n), modes, dt, tEnd, diffusion, linearRate, cubicRate, saveEvery);
    }

    private static AllenCahnSolution Run(Func<double, double> initialCondition, Func<int, double[]> initialSpectrum, int modes, double dt,
        double tEnd, double diffusion, double linearRate, double cubicRate, int saveEvery)
    {
        if (modes < 8 || (modes & (modes - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(modes), modes, "The number of modes must be a power of two, at least 8.");
        if (!double.IsFinite(tEnd) || tEnd <= 0) throw new ArgumentOutOfRangeException(nameof(tEnd), tEnd, "The final time must be positive and finite.");
        if (!double.IsFinite(dt) || dt <= 0 || dt > tEnd) throw new ArgumentOutOfRangeException(nameof(dt), dt, "The time step must be positive and at most tEnd.");
        if (!double.IsFinite(diffusion) || diffusion < 0) throw new ArgumentOutOfRangeException(nameof(diffusion), diffusion, "The diffusion must be finite and at least 0.");
        if (!double.IsFinite(linearRate)) throw new ArgumentOutOfRangeException(nameof(linearRate), linearRate, "The linear rate must be finite.");
        if (!double.IsFinite(cubicRate)) throw new ArgumentOutOfRangeException(nameof(cubicRate), cubicRate, "The cubic rate must be finite.");
        if (saveEvery < 1) throw new ArgumentOutOfRangeException(nameof(saveEvery), saveEvery, "Save at least every step (saveEvery >= 1).");
        double stepCount = Math.Ceiling(tEnd / dt * (1 - 1e-12));
        if (stepCount > 1e8) throw new ArgumentOutOfRangeException(nameof(dt), dt, "More than 1e8 time steps.");
        int steps = (int)stepCount;
        double h = tEnd / steps;

        int n = modes;
        var x = new double[n];
        var u0 = new double[n];
        for (int j = 0; j < n; j++)
        {
            x[j] = -1 + 2.0 * j / n;
            u0[j] = initialCondition(x[j]);
        }

        var v = initialSpectrum(n);
        var stepper = new Stepper(n, h, diffusion, linearRate, cubicRate);
        var times = new List<double>();
        var values = new List<double[]>();
        var coefficients = new List<double[]>();
        var rates = new List<double[]>();
        var nv = new double[n + 2];
        for (int step = 0; ; step++)
        {
            stepper.Reaction(v, nv);
            if (step % saveEvery == 0 || step == steps)
            {
                times.Add(step == steps ? tEnd : step * h);
                values.Add(step == 0 ? u0 : stepper.ToGrid(v));
                coefficients.Add(stepper.Normalised(v, null));
                rates.Add(stepper.Normalised(v, nv));
            }
            if (step == steps) break;
            stepper.Step(v, nv);
        }
        return new AllenCahnSolution(x, times.ToArray(), values.ToArray(), coefficients.ToArray(), rates.ToArray(), h, initialCondition);
    }

    /// <summary>
    /// Unnormalised half spectrum, interleaved (k = 0..N/2, basis e^{i pi k (x + 1)}) of the projection of x^2 cos(pi x) onto
    /// |k| &lt; N/2, from exact coefficients: with g_k = Int_0^1 x^2 cos(pi x) cos(pi k x) dx (g is even) and
    /// I_j = Int_0^1 x^2 cos(pi j x) dx = 2 (-1)^j / (pi j)^2, I_0 = 1/3, g_k = (I_{k+1} + I_{k-1}) / 2; the shift of
    /// origin to x = -1 multiplies by (-1)^k.
    /// </summary>
    private static double[] BenchmarkSpectrum(int n)
    {
        static double I(int j) => j == 0 ? 1.0 / 3 : 2.0 * (j % 2 == 0 ? 1 : -1) / (Math.PI * Math.PI * j * j);
        var v = new double[n + 2];
        for (int k = 0; k < n / 2; k++)
        {
            double g = 0.5 * (I(k + 1) + I(k - 1));
            v[2 * k] = n * (k % 2 == 0 ? g : -g);
        }
        return v;
    }

    /// <summary>
    /// Unnormalised half spectrum of the projection of <paramref name="initialCondition"/> onto |k| &lt; N/2, from
    /// samples on a grid <see cref="Oversampling"/> times finer (a 1/k^2 tail aliases onto each kept mode only about
    /// 1/(Oversampling N)^2 of itself; smooth periodic data are exact to rounding).
    /// </summary>
    private static double[] SampledSpectrum(Func<double, double> initialCondition, int n)
    {
        int fine = n * Oversampling;
        var samples = new double[fine];
        for (int j = 0; j < fine; j++)
        {
            double x = -1 + 2.0 * j / fine;
            samples[j] = initialCondition(x);
            if (!double.IsFinite(samples[j])) throw new ArgumentException($"The initial condition is not finite at x = {x}.", nameof(initialCondition));
        }
        var spectrum = new double[fine + 2];
        new RealFourierTransform(fine).Forward(samples, spectrum);
        var v = new double[n + 2];
        double scale = (double)n / fine;
        for (int p = 0; p < n; p++) v[p] = spectrum[p] * scale;
        return v;
    }

    /// <summary>
    /// ETDRK4 on the unnormalised half spectrum (k = 0..N/2, wavenumber pi k, L_k = -D (pi k)^2), stored as
    /// interleaved (re, im) doubles; the per-mode weights, real because L is, are computed once and stored twice
    /// (once per component) so that every stage is one flat loop.
    /// </summary>
    private sealed class Stepper
    {
        private readonly int _n, _half;
        private readonly double _linearRate, _cubicRate;
        private readonly RealFourierTransform _fft;
        private readonly double[] _l, _e, _e2, _q, _f1, _f2, _f3, _u;
        private readonly double[] _a, _b, _c, _na, _nb, _nc;

        public Stepper(int n, double h, double diffusion, double linearRate, double cubicRate)
        {
            _n = n; _half = n / 2; _linearRate = linearRate; _cubicRate = cubicRate;
            _fft = new RealFourierTransform(n);
            int length = n + 2;
            _l = new double[length]; _e = new double[length]; _e2 = new double[length];
            _q = new double[length]; _f1 = new double[length]; _f2 = new double[length]; _f3 = new double[length];
            for (int k = 0; k <= _half; k++)
            {
                double wave = Math.PI * k, l = -diffusion * wave * wave;
                var (q, f1, f2, f3) = Weights(h, l);
                for (int p = 2 * k; p <= 2 * k + 1; p++)
                {
                    _l[p] = l;
                    _e[p] = Math.Exp(h * l);
                    _e2[p] = Math.Exp(h * l / 2);
                    _q[p] = q; _f1[p] = f1; _f2[p] = 2 * f2; _f3[p] = f3;
                }
            }
            _u = new double[n];
            _a = new double[length]; _b = new double[length]; _c = new double[length];
            _na = new double[length]; _nb = new double[length]; _nc = new double[length];
        }

        public int Length => _n + 2;

        /// <summary>
        /// Q = h phi1(hL/2)/2 and the Cox-Matthews weights f1, f2, f3 as the mean of their closed forms over
        /// z = hL + e^{i theta_j}: each is analytic in z, so the circle mean equals its value at the centre (Cauchy),
        /// and on the circle |z| is near 1, far from the cancellation at z = 0.
        /// </summary>
        private static (double Q, double F1, double F2, double F3) Weights(double h, double l)
        {
            Complex q = 0, f1 = 0, f2 = 0, f3 = 0;
            for (int j = 0; j < ContourPoints; j++)
            {
                Complex z = h * l + Complex.FromPolarCoordinates(1, 2 * Math.PI * (j + 0.5) / ContourPoints);
                Complex ez = Complex.Exp(z), ez2 = Complex.Exp(z / 2), z3 = z * z * z;
                q += (ez2 - 1) / z;
                f1 += (-4 - z + ez * (4 - 3 * z + z * z)) / z3;
                f2 += (2 + z + ez * (z - 2)) / z3;
                f3 += (-4 - 3 * z - z * z + ez * (4 - z)) / z3;
            }
            return (h * q.Real / ContourPoints, h * f1.Real / ContourPoints, h * f2.Real / ContourPoints, h * f3.Real / ContourPoints);
        }

        /// <summary>The half spectrum of a u - b u^3 for the state <paramref name="v"/>.</summary>
        public void Reaction(double[] v, double[] result)
        {
            var u = _u;
            _fft.Inverse(v, u);
            double a = _linearRate, b = _cubicRate;
            for (int j = 0; j < u.Length; j++)
            {
                double uj = u[j];
                u[j] = uj * (a - b * uj * uj);
            }
            _fft.Forward(u, result);
        }

        /// <summary>One step, Kassam and Trefethen's form of Cox-Matthews ETDRK4; <paramref name="nv"/> is N(v).</summary>
        public void Step(double[] v, double[] nv)
        {
            double[] a = _a, b = _b, c = _c, na = _na, nb = _nb, nc = _nc, e = _e, e2 = _e2, q = _q;
            int length = v.Length;
            for (int p = 0; p < length; p++) a[p] = e2[p] * v[p] + q[p] * nv[p];
            Reaction(a, na);
            for (int p = 0; p < length; p++) b[p] = e2[p] * v[p] + q[p] * na[p];
            Reaction(b, nb);
            for (int p = 0; p < length; p++) c[p] = e2[p] * a[p] + q[p] * (2 * nb[p] - nv[p]);
            Reaction(c, nc);
            double[] f1 = _f1, f2 = _f2, f3 = _f3;   // f2 holds 2 f2
            for (int p = 0; p < length; p++) v[p] = e[p] * v[p] + f1[p] * nv[p] + f2[p] * (na[p] + nb[p]) + f3[p] * nc[p];
        }

        public double[] ToGrid(double[] v)
        {
            var u = new double[_n];
            _fft.Inverse(v, u);
            return u;
        }

        /// <summary>
        /// Interpolation coefficients c_k = v_k / N of u or, with <paramref name="nv"/>, of u_t = L u + N(u),
        /// interleaved; the mean and Nyquist coefficients are made real, as they are for a real interpolant.
        /// </summary>
        public double[] Normalised(double[] v, double[]? nv)
        {
            var c = new double[v.Length];
            for (int p = 0; p < v.Length; p++) c[p] = (nv is null ? v[p] : _l[p] * v[p] + nv[p]) / _n;
            c[1] = 0;
            c[^1] = 0;
            return c;
        }
    }
}
