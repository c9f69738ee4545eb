using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kan.Physics.Splines;

/// <summary>
/// Small SIMD kernels (axpy, dot) for the short rows of the spline core; the JIT does not auto-vectorise. They use
/// 512-bit vectors where the CPU has them (a row of 16 outputs is then two operations), else 256-bit.
/// </summary>
internal static class VectorOps
{
    /// <summary>y += a * x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = y.Length, i = 0;
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref double ry = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated && n >= 8)
        {
            var va = Vector512.Create(a);
            for (; i <= n - 8; i += 8)
                (Vector512.LoadUnsafe(ref ry, (nuint)i) + va * Vector512.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        if (Vector256.IsHardwareAccelerated && n - i >= 4)
        {
            var va = Vector256.Create(a);
            for (; i <= n - 4; i += 4)
                (Vector256.LoadUnsafe(ref ry, (nuint)i) + va * Vector256.LoadUnsafe(ref rx, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
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
        if (Vector512.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector512<double>.Zero;
            for (; i <= n - 8; i += 8) acc += Vector512.LoadUnsafe(ref rx, (nuint)i) * Vector512.LoadUnsafe(ref ry, (nuint)i);
            s = Vector512.Sum(acc);
        }
        if (Vector256.IsHardwareAccelerated && n - i >= 4)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4) acc += Vector256.LoadUnsafe(ref rx, (nuint)i) * Vector256.LoadUnsafe(ref ry, (nuint)i);
            s += Vector256.Sum(acc);
        }
        for (; i < n; i++) s += Unsafe.Add(ref rx, i) * Unsafe.Add(ref ry, i);
        return s;
    }

    /// <summary>Returns sum w[i] g[i] and adds b * g to dw in the same pass over g (the backward pass of one basis row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double DotAndAxpy(ReadOnlySpan<double> w, ReadOnlySpan<double> g, double b, Span<double> dw)
    {
        int n = g.Length, i = 0;
        ref double rw = ref MemoryMarshal.GetReference(w);
        ref double rg = ref MemoryMarshal.GetReference(g);
        ref double rd = ref MemoryMarshal.GetReference(dw);
        double s = 0;
        if (Vector512.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector512<double>.Zero;
            var vb = Vector512.Create(b);
            for (; i <= n - 8; i += 8)
            {
                var vg = Vector512.LoadUnsafe(ref rg, (nuint)i);
                acc += Vector512.LoadUnsafe(ref rw, (nuint)i) * vg;
                (Vector512.LoadUnsafe(ref rd, (nuint)i) + vb * vg).StoreUnsafe(ref rd, (nuint)i);
            }
            s = Vector512.Sum(acc);
        }
        if (Vector256.IsHardwareAccelerated && n - i >= 4)
        {
            var acc = Vector256<double>.Zero;
            var vb = Vector256.Create(b);
            for (; i <= n - 4; i += 4)
            {
                var vg = Vector256.LoadUnsafe(ref rg, (nuint)i);
                acc += Vector256.LoadUnsafe(ref rw, (nuint)i) * vg;
                (Vector256.LoadUnsafe(ref rd, (nuint)i) + vb * vg).StoreUnsafe(ref rd, (nuint)i);
            }
            s += Vector256.Sum(acc);
        }
        for (; i < n; i++)
        {
            double gi = Unsafe.Add(ref rg, i);
            s += Unsafe.Add(ref rw, i) * gi;
            Unsafe.Add(ref rd, i) += b * gi;
        }
        return s;
    }
}
