using System.Numerics;

namespace Kan.Physics.Problems.References;

/// <summary>
/// The Kuramoto-Sivashinsky equation u_t = -u u_x - u_xx - u_xxxx on a periodic interval [0, L), solved by Fourier
/// pseudo-spectral differentiation in space and exponential time differencing RK4 in time (ETDRK4: Cox and Matthews
/// 2002, with Kassam and Trefethen's contour-integral weights, 2005). PDE-FIND's data set is L = 32 pi from
/// u0 = cos(x/16) (1 + sin(x/16)), t up to 100.
/// </summary>
/// <remarks>
/// In Fourier space the linear part is diagonal, (q^2 - q^4) u_hat for the wavenumber q = 2 pi k / L, and is integrated
/// exactly; the nonlinear term -(u^2)_x / 2 is formed on the grid and transformed (no dealiasing: the spectrum of a
/// resolved KS solution decays exponentially, so aliasing stays at rounding level for N = 256 on 32 pi). The saved
/// states are the spectra, so derivatives of any order on the grid are exact for the discrete solution.
/// </remarks>
public sealed class KuramotoSivashinsky
{
    private const int ContourPoints = 32;
    private readonly RealFourierTransform _fft;
    private readonly int _n;

    /// <summary>The period L.</summary>
    public double Length { get; }
    /// <summary>The grid x_j = j L / N.</summary>
    public double[] X { get; }
    /// <summary>The saved times.</summary>
    public double[] Times { get; }
    /// <summary>Spectra[k]: the unnormalised half spectrum (interleaved re, im; k = 0..N/2) at Times[k].</summary>
    private readonly double[][] _spectra;

    private KuramotoSivashinsky(int n, double length, double[] times, double[][] spectra)
    {
        _n = n; Length = length; Times = times; _spectra = spectra;
        _fft = new RealFourierTransform(n);
        X = Enumerable.Range(0, n).Select(j => j * length / n).ToArray();
    }

    /// <summary>PDE-FIND's initial condition cos(x/16) (1 + sin(x/16)) (for L = 32 pi).</summary>
    public static double InitialCondition(double x) => Math.Cos(x / 16) * (1 + Math.Sin(x / 16));

    /// <summary>
    /// Solves from <paramref name="initialCondition"/> sampled on N = <paramref name="modes"/> points (a power of two)
    /// with time step <paramref name="dt"/> (adjusted so the saved times are hit exactly), saving at
    /// <paramref name="saveTimes"/> (increasing, from 0).
    /// </summary>
    public static KuramotoSivashinsky Solve(Func<double, double> initialCondition, double length, int modes, double dt, IReadOnlyList<double> saveTimes)
    {
        ArgumentNullException.ThrowIfNull(initialCondition);
        ArgumentNullException.ThrowIfNull(saveTimes);
        if (modes < 8 || (modes & (modes - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(modes), modes, "The number of modes must be a power of two, at least 8.");
        if (!(length > 0) || !double.IsFinite(length)) throw new ArgumentOutOfRangeException(nameof(length), length, "The period must be positive and finite.");
        if (!(dt > 0) || !double.IsFinite(dt)) throw new ArgumentOutOfRangeException(nameof(dt), dt, "The time step must be positive and finite.");
        if (saveTimes.Count == 0 || saveTimes[0] < 0 || saveTimes.Zip(saveTimes.Skip(1)).Any(p => !(p.Second > p.First)))
            throw new ArgumentException("The save times must be increasing, from 0 or later.", nameof(saveTimes));
        int n = modes, size = n + 2;
        var fft = new RealFourierTransform(n);
        var u = new double[n];
        for (int j = 0; j < n; j++) u[j] = initialCondition(j * length / n);
        var v = new double[size];
        fft.Forward(u, v);
        var q = new double[size];
        for (int k = 0; k <= n / 2; k++) q[2 * k] = q[2 * k + 1] = 2 * Math.PI * k / length;
        // the Nyquist mode's derivative is not representable for odd orders: zero it in the nonlinear term
        var wave = (double[])q.Clone();
        wave[n] = wave[n + 1] = 0;

        void Nonlinear(double[] spectrum, double[] result)
        {
            fft.Inverse(spectrum, u);
            for (int j = 0; j < n; j++) u[j] = u[j] * u[j];
            fft.Forward(u, result);
            // -(1/2) i q (u^2)_hat
            for (int k = 0; k <= n / 2; k++)
            {
                double re = result[2 * k], im = result[2 * k + 1], w = -0.5 * wave[2 * k];
                result[2 * k] = -w * im;
                result[2 * k + 1] = w * re;
            }
        }

        var saved = new List<double[]>();
        var times = new List<double>();
        double t = 0;
        var nv = new double[size]; var a = new double[size]; var b = new double[size]; var c = new double[size];
        var na = new double[size]; var nb = new double[size]; var nc = new double[size];
        var cache = new Dictionary<long, double[][]>();
        foreach (double target in saveTimes)
        {
            double span = target - t;
            if (span > 0)
            {
                int steps = (int)Math.Ceiling(span / dt * (1 - 1e-12));
                double h = span / steps;
                long key = BitConverter.DoubleToInt64Bits(h);
                if (!cache.TryGetValue(key, out var weights)) cache[key] = weights = Weights(q, h);
                var (e, e2, qh, f1, f2, f3) = (weights[0], weights[1], weights[2], weights[3], weights[4], weights[5]);
                for (int s = 0; s < steps; s++)
                {
                    Nonlinear(v, nv);
                    for (int p = 0; p < size; p++) a[p] = e2[p] * v[p] + qh[p] * nv[p];
                    Nonlinear(a, na);
                    for (int p = 0; p < size; p++) b[p] = e2[p] * v[p] + qh[p] * na[p];
                    Nonlinear(b, nb);
                    for (int p = 0; p < size; p++) c[p] = e2[p] * a[p] + qh[p] * (2 * nb[p] - nv[p]);
                    Nonlinear(c, nc);
                    for (int p = 0; p < size; p++) v[p] = e[p] * v[p] + f1[p] * nv[p] + 2 * f2[p] * (na[p] + nb[p]) + f3[p] * nc[p];
                }
                for (int p = 0; p < size; p++)
                    if (!double.IsFinite(v[p])) throw new InvalidOperationException($"The KS solution blew up before t = {target}; lower the time step.");
                t = target;
            }
            saved.Add((double[])v.Clone());
            times.Add(target);
        }
        return new KuramotoSivashinsky(n, length, times.ToArray(), saved.ToArray());
    }

    /// <summary>e^{hL}, e^{hL/2}, h phi1(hL/2)/2 and the three ETDRK4 weights per spectrum entry, by contour means around hL.</summary>
    private static double[][] Weights(double[] q, double h)
    {
        int size = q.Length;
        var w = Enumerable.Range(0, 6).Select(_ => new double[size]).ToArray();
        for (int p = 0; p < size; p++)
        {
            double l = q[p] * q[p] - q[p] * q[p] * q[p] * q[p];
            Complex qs = 0, f1 = 0, f2 = 0, f3 = 0;
            for (int j = 0; j < ContourPoints; j++)
            {
                Complex z = h * l + Complex.FromPolarCoordinates(1, 2 * Math.PI * (j + 0.5) / ContourPoints);
                Complex ez = Complex.Exp(z), ez2 = Complex.Exp(z / 2), z3 = z * z * z;
                qs += (ez2 - 1) / z;
                f1 += (-4 - z + ez * (4 - 3 * z + z * z)) / z3;
                f2 += (2 + z + ez * (z - 2)) / z3;
                f3 += (-4 - 3 * z - z * z + ez * (4 - z)) / z3;
            }
            w[0][p] = Math.Exp(h * l);
            w[1][p] = Math.Exp(h * l / 2);
            w[2][p] = h * qs.Real / ContourPoints;
            w[3][p] = h * f1.Real / ContourPoints;
            w[4][p] = h * f2.Real / ContourPoints;
            w[5][p] = h * f3.Real / ContourPoints;
        }
        return w;
    }

    /// <summary>The x-derivative of order <paramref name="order"/> (0: the values) on the grid at saved time index <paramref name="k"/>.</summary>
    public double[] Derivative(int k, int order)
    {
        var s = (double[])_spectra[k].Clone();
        for (int m = 0; m <= _n / 2; m++)
        {
            double qm = 2 * Math.PI * m / Length;
            if (m == _n / 2 && order % 2 == 1) qm = 0;
            // multiply by (i q)^order
            double re = s[2 * m], im = s[2 * m + 1], mag = Math.Pow(qm, order);
            (re, im) = (order % 4) switch { 0 => (re, im), 1 => (-im, re), 2 => (-re, -im), _ => (im, -re) };
            s[2 * m] = re * mag; s[2 * m + 1] = im * mag;
        }
        var u = new double[_n];
        _fft.Inverse(s, u);
        return u;
    }
}
