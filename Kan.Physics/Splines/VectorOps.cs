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

    /// <summary>y += a0 x0 + a1 x1 + a2 x2 in one pass (the three derivative levels of a jet update one weight row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy3(double a0, ReadOnlySpan<double> x0, double a1, ReadOnlySpan<double> x1, double a2, ReadOnlySpan<double> x2, Span<double> y)
    {
        int n = y.Length, i = 0;
        ref double r0 = ref MemoryMarshal.GetReference(x0);
        ref double r1 = ref MemoryMarshal.GetReference(x1);
        ref double r2 = ref MemoryMarshal.GetReference(x2);
        ref double ry = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated && n >= 8)
        {
            var v0 = Vector512.Create(a0); var v1 = Vector512.Create(a1); var v2 = Vector512.Create(a2);
            for (; i <= n - 8; i += 8)
                (Vector512.LoadUnsafe(ref ry, (nuint)i) + v0 * Vector512.LoadUnsafe(ref r0, (nuint)i) + v1 * Vector512.LoadUnsafe(ref r1, (nuint)i)
                    + v2 * Vector512.LoadUnsafe(ref r2, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        if (Vector256.IsHardwareAccelerated && n - i >= 4)
        {
            var v0 = Vector256.Create(a0); var v1 = Vector256.Create(a1); var v2 = Vector256.Create(a2);
            for (; i <= n - 4; i += 4)
                (Vector256.LoadUnsafe(ref ry, (nuint)i) + v0 * Vector256.LoadUnsafe(ref r0, (nuint)i) + v1 * Vector256.LoadUnsafe(ref r1, (nuint)i)
                    + v2 * Vector256.LoadUnsafe(ref r2, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref ry, i) += a0 * Unsafe.Add(ref r0, i) + a1 * Unsafe.Add(ref r1, i) + a2 * Unsafe.Add(ref r2, i);
    }

    /// <summary>x0 . y0 + x1 . y1 + x2 . y2 in one pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Dot3(ReadOnlySpan<double> x0, ReadOnlySpan<double> y0, ReadOnlySpan<double> x1, ReadOnlySpan<double> y1,
        ReadOnlySpan<double> x2, ReadOnlySpan<double> y2)
    {
        int n = x0.Length, i = 0;
        ref double a0 = ref MemoryMarshal.GetReference(x0); ref double b0 = ref MemoryMarshal.GetReference(y0);
        ref double a1 = ref MemoryMarshal.GetReference(x1); ref double b1 = ref MemoryMarshal.GetReference(y1);
        ref double a2 = ref MemoryMarshal.GetReference(x2); ref double b2 = ref MemoryMarshal.GetReference(y2);
        double s = 0;
        if (Vector512.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector512<double>.Zero;
            for (; i <= n - 8; i += 8)
                acc += Vector512.LoadUnsafe(ref a0, (nuint)i) * Vector512.LoadUnsafe(ref b0, (nuint)i)
                       + Vector512.LoadUnsafe(ref a1, (nuint)i) * Vector512.LoadUnsafe(ref b1, (nuint)i)
                       + Vector512.LoadUnsafe(ref a2, (nuint)i) * Vector512.LoadUnsafe(ref b2, (nuint)i);
            s = Vector512.Sum(acc);
        }
        if (Vector256.IsHardwareAccelerated && n - i >= 4)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= n - 4; i += 4)
                acc += Vector256.LoadUnsafe(ref a0, (nuint)i) * Vector256.LoadUnsafe(ref b0, (nuint)i)
                       + Vector256.LoadUnsafe(ref a1, (nuint)i) * Vector256.LoadUnsafe(ref b1, (nuint)i)
                       + Vector256.LoadUnsafe(ref a2, (nuint)i) * Vector256.LoadUnsafe(ref b2, (nuint)i);
            s += Vector256.Sum(acc);
        }
        for (; i < n; i++)
            s += Unsafe.Add(ref a0, i) * Unsafe.Add(ref b0, i) + Unsafe.Add(ref a1, i) * Unsafe.Add(ref b1, i) + Unsafe.Add(ref a2, i) * Unsafe.Add(ref b2, i);
        return s;
    }

    /// <summary>
    /// The derivative levels q0, q0+1, q0+2 of every edge of one input in one pass over its weight rows:
    /// <c>dst_q = silu_q * wb + sum_r basis_q[r] * W[row0 + r*n]</c>, for q = q0..q0+2 (levels past <paramref name="levels"/> skipped).
    /// </summary>
    public static void Combine3(double[] w, ReadOnlySpan<double> wb, int row0, int n, int k1, ReadOnlySpan<double> silu, ReadOnlySpan<double> basis,
        int levels, Span<double> d0, Span<double> d1, Span<double> d2)
    {
        // basis holds levels consecutive blocks of k1 values; silu the matching levels
        int i = 0;
        ref double rw = ref MemoryMarshal.GetArrayDataReference(w);
        ref double rb = ref MemoryMarshal.GetReference(wb);
        double s0 = silu[0], s1 = levels > 1 ? silu[1] : 0, s2 = levels > 2 ? silu[2] : 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= n - 8; i += 8)
            {
                var vb = Vector512.LoadUnsafe(ref rb, (nuint)i);
                var acc0 = vb * s0; var acc1 = vb * s1; var acc2 = vb * s2;
                for (int r = 0; r < k1; r++)
                {
                    var row = Vector512.LoadUnsafe(ref rw, (nuint)(row0 + r * n + i));
                    acc0 += row * basis[r];
                    if (levels > 1) acc1 += row * basis[k1 + r];
                    if (levels > 2) acc2 += row * basis[2 * k1 + r];
                }
                acc0.StoreUnsafe(ref MemoryMarshal.GetReference(d0), (nuint)i);
                if (levels > 1) acc1.StoreUnsafe(ref MemoryMarshal.GetReference(d1), (nuint)i);
                if (levels > 2) acc2.StoreUnsafe(ref MemoryMarshal.GetReference(d2), (nuint)i);
            }
        }
        for (; i < n; i++)
        {
            double b = Unsafe.Add(ref rb, i), acc0 = b * s0, acc1 = b * s1, acc2 = b * s2;
            for (int r = 0; r < k1; r++)
            {
                double row = Unsafe.Add(ref rw, row0 + r * n + i);
                acc0 += row * basis[r];
                acc1 += row * (levels > 1 ? basis[k1 + r] : 0);
                acc2 += row * (levels > 2 ? basis[2 * k1 + r] : 0);
            }
            d0[i] = acc0;
            if (levels > 1) d1[i] = acc1;
            if (levels > 2) d2[i] = acc2;
        }
    }
}
