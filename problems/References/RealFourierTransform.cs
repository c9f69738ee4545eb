namespace Kan.Physics.Problems.References;

/// <summary>
/// Discrete Fourier transform of real sequences of length N (a power of two) through one complex radix-2 FFT of
/// length N/2: even samples as real parts, odd ones as imaginary parts, separated afterwards. The Allen-Cahn stepper
/// spends nearly all its time in transforms, and this is several times faster than a general complex transform of
/// length N; only the half spectrum k = 0..N/2 is kept, the rest being its conjugate mirror. Spectra are interleaved
/// (re, im) doubles and the arithmetic is written out on doubles, which also keeps unoptimised (Debug) builds quick.
/// </summary>
/// <remarks>Forward: U_k = sum_j u_j e^{-2 pi i j k / N} (unnormalised); inverse: u_j = (1/N) sum_k U_k e^{2 pi i j k / N}.</remarks>
internal sealed class RealFourierTransform
{
    private readonly int _n, _m;
    private readonly int[] _bitReverse;
    private readonly double[] _twiddleCos, _twiddleSin;   // e^{-2 pi i k / M} = cos - i sin, k < M/2
    private readonly double[] _splitCos, _splitSin;       // e^{-2 pi i k / N}, k <= M
    private readonly double[] _re, _im;

    public RealFourierTransform(int n)
    {
        if (n < 4 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), n, "The length must be a power of two, at least 4.");
        _n = n; _m = n / 2;
        int bits = System.Numerics.BitOperations.Log2((uint)_m);
        _bitReverse = new int[_m];
        for (int i = 0; i < _m; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        int quarter = Math.Max(1, _m / 2);
        _twiddleCos = new double[quarter]; _twiddleSin = new double[quarter];
        for (int k = 0; k < quarter; k++)
        {
            _twiddleCos[k] = Math.Cos(2 * Math.PI * k / _m);
            _twiddleSin[k] = Math.Sin(2 * Math.PI * k / _m);
        }
        _splitCos = new double[_m + 1]; _splitSin = new double[_m + 1];
        for (int k = 0; k <= _m; k++)
        {
            _splitCos[k] = Math.Cos(Math.PI * k / _m);
            _splitSin[k] = Math.Sin(Math.PI * k / _m);
        }
        _re = new double[_m]; _im = new double[_m];
    }

    /// <summary>Half spectrum U_0..U_{N/2} of the real samples <paramref name="u"/>, as N + 2 interleaved doubles.</summary>
    public void Forward(ReadOnlySpan<double> u, Span<double> spectrum)
    {
        double[] re = _re, im = _im;
        for (int j = 0; j < _m; j++)
        {
            int r = _bitReverse[j];
            re[r] = u[2 * j];
            im[r] = u[2 * j + 1];
        }
        Transform(forward: true);
        for (int k = 0; k <= _m; k++)
        {
            // Z_k and conj(Z_{M-k}), indices mod M
            int p = k == _m ? 0 : k, q = k == 0 ? 0 : _m - k;
            double ar = re[p], ai = im[p], br = re[q], bi = -im[q];
            // even part (a + b)/2, odd part (a - b)/(2i)
            double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
            double or = 0.5 * (ai - bi), oi = -0.5 * (ar - br);
            // U_k = E_k + e^{-i pi k / M} O_k
            double c = _splitCos[k], s = _splitSin[k];
            spectrum[2 * k] = er + c * or + s * oi;
            spectrum[2 * k + 1] = ei + c * oi - s * or;
        }
    }

    /// <summary>Real samples from the half spectrum (N + 2 interleaved doubles; the imaginary parts of U_0 and U_{N/2} are ignored).</summary>
    public void Inverse(ReadOnlySpan<double> spectrum, Span<double> u)
    {
        double[] re = _re, im = _im;
        for (int k = 0; k < _m; k++)
        {
            // U_k and U_{k+M} = conj(U_{M-k})
            double ar = spectrum[2 * k], ai = k == 0 ? 0 : spectrum[2 * k + 1];
            double br = spectrum[2 * (_m - k)], bi = k == 0 ? 0 : -spectrum[2 * (_m - k) + 1];
            double er = 0.5 * (ar + br), ei = 0.5 * (ai + bi);
            // O_k = (U_k - U_{k+M}) e^{+i pi k / M} / 2
            double dr = 0.5 * (ar - br), di = 0.5 * (ai - bi);
            double c = _splitCos[k], s = _splitSin[k];
            double or = dr * c - di * s, oi = dr * s + di * c;
            // Z_k = E_k + i O_k
            int r = _bitReverse[k];
            re[r] = er - oi;
            im[r] = ei + or;
        }
        Transform(forward: false);
        double scale = 1.0 / _m;
        for (int j = 0; j < _m; j++)
        {
            u[2 * j] = re[j] * scale;
            u[2 * j + 1] = im[j] * scale;
        }
    }

    /// <summary>In-place iterative radix-2 FFT of length M on bit-reversed input (unnormalised).</summary>
    private void Transform(bool forward)
    {
        double[] re = _re, im = _im, tc = _twiddleCos, ts = _twiddleSin;
        double sign = forward ? -1 : 1;
        int m = _m;
        for (int size = 2; size <= m; size <<= 1)
        {
            int half = size >> 1, stride = m / size;
            for (int k = 0; k < half; k++)
            {
                double wr = tc[k * stride], wi = sign * ts[k * stride];
                for (int start = k; start < m; start += size)
                {
                    int top = start + half;
                    double br = wr * re[top] - wi * im[top];
                    double bi = wr * im[top] + wi * re[top];
                    double ar = re[start], ai = im[start];
                    re[start] = ar + br; im[start] = ai + bi;
                    re[top] = ar - br; im[top] = ai - bi;
                }
            }
        }
    }
}
