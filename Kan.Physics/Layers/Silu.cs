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
