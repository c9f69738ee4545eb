using System.Runtime.CompilerServices;

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
}
