using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kan.Physics.Layers;

/// <summary>The base function silu(x) = x sigmoid(x) and its first three derivatives.</summary>
public static class Silu
{
    /// <summary>silu(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Value(double x) => x / (1.0 + Math.Exp(-x));

    /// <summary>Writes silu and its derivatives up to <paramref name="derivatives"/> (0..3) into d[0..].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Evaluate(double x, int derivatives, out double s0, out double s1, out double s2, out double s3)
    {
        double sig = 1.0 / (1.0 + Math.Exp(-x));
        s0 = x * sig;
        s1 = s2 = s3 = 0;
        if (derivatives == 0) return;
        double q = sig * (1.0 - sig), t = 1.0 - 2.0 * sig;
        s1 = sig + x * q;
        if (derivatives == 1) return;
        s2 = q * (2.0 + x * t);
        if (derivatives == 2) return;
        s3 = q * (t * (3.0 + x * t) - 2.0 * x * q);
    }

    /// <summary>
    /// Taylor coefficients of silu at <paramref name="x"/> to any order: <c>coefficients[q] = silu^{(q)}(x) / q!</c> for
    /// q = 0..coefficients.Length-1, by series arithmetic on <c>(x + h) sigma(x + h)</c> (used by the higher-order input
    /// jets; the order-0..3 paths above are unchanged). Stable for any finite x: the sigmoid is expanded from the side
    /// where its exponential does not overflow.
    /// </summary>
    public static void TaylorCoefficients(double x, Span<double> coefficients)
    {
        int n = coefficients.Length;
        if (n == 0) return;
        // sigma(x+h) = 1/(1 + e^{-x} e^{-h}) for x >= 0, and 1 - 1/(1 + e^{x} e^{h}) for x < 0
        double e = Math.Exp(-Math.Abs(x)), sign = x >= 0 ? -1.0 : 1.0;
        Span<double> d = n <= 16 ? stackalloc double[n] : new double[n];
        Span<double> r = n <= 16 ? stackalloc double[n] : new double[n];
        double term = e;
        for (int m = 0; m < n; m++)
        {
            d[m] = term + (m == 0 ? 1.0 : 0.0);
            term *= sign / (m + 1);
        }
        // r = 1/d by the series reciprocal recurrence
        r[0] = 1.0 / d[0];
        for (int m = 1; m < n; m++)
        {
            double acc = 0;
            for (int i = 1; i <= m; i++) acc += d[i] * r[m - i];
            r[m] = -acc * r[0];
        }
        Span<double> sig = r;
        if (x < 0)
        {
            sig[0] = 1.0 - r[0];
            for (int m = 1; m < n; m++) sig[m] = -r[m];
        }
        // silu = (x + h) sigma
        for (int m = n - 1; m >= 0; m--) coefficients[m] = x * sig[m] + (m > 0 ? sig[m - 1] : 0.0);
    }

    /// <summary>
    /// silu and its derivatives up to <paramref name="derivatives"/> for a whole block, four values at a time with a
    /// vectorised exp; <paramref name="destination"/> is planar: derivative q of x[t] at <c>q * stride + t</c>.
    /// </summary>
    internal static void EvaluateBlock(ReadOnlySpan<double> x, int derivatives, Span<double> destination, int stride)
    {
        int n = x.Length, t = 0;
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double rd = ref MemoryMarshal.GetReference(destination);
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256<double>.One;
            var two = Vector256.Create(2.0);
            var three = Vector256.Create(3.0);
            for (; t <= n - 4; t += 4)
            {
                var v = Vector256.LoadUnsafe(ref rx, (nuint)t);
                var sig = one / (one + Vector256.Exp(-v));
                (v * sig).StoreUnsafe(ref rd, (nuint)t);
                if (derivatives == 0) continue;
                var q = sig * (one - sig);
                var u = one - two * sig;
                (sig + v * q).StoreUnsafe(ref rd, (nuint)(stride + t));
                if (derivatives == 1) continue;
                (q * (two + v * u)).StoreUnsafe(ref rd, (nuint)(2 * stride + t));
                if (derivatives == 2) continue;
                (q * (u * (three + v * u) - two * v * q)).StoreUnsafe(ref rd, (nuint)(3 * stride + t));
            }
        }
        for (; t < n; t++)
        {
            Evaluate(Unsafe.Add(ref rx, t), derivatives, out double s0, out double s1, out double s2, out double s3);
            Unsafe.Add(ref rd, t) = s0;
            if (derivatives >= 1) Unsafe.Add(ref rd, stride + t) = s1;
            if (derivatives >= 2) Unsafe.Add(ref rd, 2 * stride + t) = s2;
            if (derivatives >= 3) Unsafe.Add(ref rd, 3 * stride + t) = s3;
        }
    }
}
