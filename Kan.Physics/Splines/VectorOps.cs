using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kan.Physics.Splines;

/// <summary>Small SIMD kernels (axpy, dot) for the short rows of the spline core; the JIT does not auto-vectorise.</summary>
internal static class VectorOps
{
    /// <summary>y += a * x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = y.Length, i = 0;
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            int last = n - Vector<double>.Count;
            for (; i <= last; i += Vector<double>.Count)
            {
                var vx = Vector.LoadUnsafe(ref rx, (nuint)i);
                var vy = Vector.LoadUnsafe(ref ry, (nuint)i);
                (vy + va * vx).StoreUnsafe(ref ry, (nuint)i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref ry, i) += a * Unsafe.Add(ref rx, i);
    }

    /// <summary>sum x[i] y[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        int n = x.Length, i = 0;
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        double s = 0;
        if (Vector.IsHardwareAccelerated && n >= Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            int last = n - Vector<double>.Count;
            for (; i <= last; i += Vector<double>.Count)
                acc += Vector.LoadUnsafe(ref rx, (nuint)i) * Vector.LoadUnsafe(ref ry, (nuint)i);
            s = Vector.Sum(acc);
        }
        for (; i < n; i++) s += Unsafe.Add(ref rx, i) * Unsafe.Add(ref ry, i);
        return s;
    }
}
