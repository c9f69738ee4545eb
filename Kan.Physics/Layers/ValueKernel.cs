using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Kan.Physics.Jets;

namespace Kan.Physics.Layers;

/// <summary>
/// The layer kernel for jets of order 0 (values and the parameter/input gradient of a loss on them), on sample-major
/// <see cref="JetBlock"/>s. Each edge is read as one polynomial per piece (<see cref="PreparedLayer.Rows"/>, the
/// coefficients of one input, piece and power contiguous over the outputs), so a sample needs no basis values: its
/// piece, its local coordinate u and Horner's scheme give phi_ij for a whole row of outputs, eight at a time.
/// </summary>
/// <remarks>
/// Both passes run input by input over the whole block, so that input i's rows (and, going back, their gradient rows)
/// stay in L1 while the block's samples stream past. The backward pass accumulates the gradient per piece polynomial
/// (<see cref="LayerScratch.DRows"/>), mapped to the folded weights once per evaluation by
/// <see cref="PreparedLayer.RowGradientToWeights"/>; the input gradient takes one horizontal sum per (sample, input)
/// (d phi_ij / dx dotted with the output adjoint).
/// </remarks>
internal static class ValueKernel
{
    /// <summary>
    /// Evaluates the layer on <paramref name="input"/> into <paramref name="output"/> (its values overwritten) and keeps
    /// each sample's piece, u and silu derivatives for <see cref="Backward"/>. With <paramref name="accumulateEdgeAbs"/>,
    /// adds |phi_ij| of every sample to scratch.EdgeAbs.
    /// </summary>
    public static void Forward(PreparedLayer L, JetBlock input, LayerScratch sc, JetBlock output, bool accumulateEdgeAbs)
    {
        int n = input.Count, nIn = L.In, nOut = L.Out, k = L.K, k1 = k + 1, np = L.PieceCount;
        int cap = sc.Capacity, stride = sc.SiluStride;
        output.Count = n;
        Span<double> yAll = output.V.AsSpan(0, n * nOut);
        yAll.Clear();
        double[] sil = sc.SiluD;
        Silu.EvaluateBlock(input.V.AsSpan(0, n * nIn), Math.Min(sc.Derivatives, 1), sil, stride);
        ref double ry = ref MemoryMarshal.GetReference(yAll);
        ref double rsil = ref MemoryMarshal.GetArrayDataReference(sil);
        bool cubic = k == 3;
        for (int i = 0; i < nIn; i++)
        {
            Locate(L, i, input, sc);
            ref int rpc = ref sc.Piece[i * cap];
            ref double ru = ref sc.U[i * cap];
            ref double rows = ref L.Rows[i * np * k1 * nOut];
            ref double wb = ref L.Wb[i * nOut];
            ref double abs = ref sc.EdgeAbs[i * nOut];
            int rowStep = k1 * nOut;
            if (nOut == 1 && !accumulateEdgeAbs)
            {
                double w = wb;
                for (int s = 0; s < n; s++)
                {
                    double u = Unsafe.Add(ref ru, s);
                    ref double c = ref Unsafe.Add(ref rows, Unsafe.Add(ref rpc, s) * k1);
                    double p = Unsafe.Add(ref c, k);
                    for (int pw = k - 1; pw >= 0; pw--) p = Math.FusedMultiplyAdd(p, u, Unsafe.Add(ref c, pw));
                    Unsafe.Add(ref ry, s) += Math.FusedMultiplyAdd(Unsafe.Add(ref rsil, s * nIn + i), w, p);
                }
                continue;
            }
            for (int s = 0; s < n; s++)
            {
                double u = Unsafe.Add(ref ru, s), s0 = Unsafe.Add(ref rsil, s * nIn + i);
                ref double row = ref Unsafe.Add(ref rows, Unsafe.Add(ref rpc, s) * rowStep);
                ref double y = ref Unsafe.Add(ref ry, s * nOut);
                int j = 0;
                if (Vector512.IsHardwareAccelerated)
                {
                    var vu = Vector512.Create(u);
                    var vs = Vector512.Create(s0);
                    for (; j <= nOut - 8; j += 8)
                    {
                        ref double c = ref Unsafe.Add(ref row, j);
                        Vector512<double> p;
                        if (cubic)
                            p = Fma(Fma(Fma(Vector512.LoadUnsafe(ref c, (nuint)(3 * nOut)), vu, Vector512.LoadUnsafe(ref c, (nuint)(2 * nOut))), vu,
                                Vector512.LoadUnsafe(ref c, (nuint)nOut)), vu, Vector512.LoadUnsafe(ref c));
                        else
                        {
                            p = Vector512.LoadUnsafe(ref c, (nuint)(k * nOut));
                            for (int pw = k - 1; pw >= 0; pw--) p = Fma(p, vu, Vector512.LoadUnsafe(ref c, (nuint)(pw * nOut)));
                        }
                        p = Fma(vs, Vector512.LoadUnsafe(ref wb, (nuint)j), p);
                        (Vector512.LoadUnsafe(ref y, (nuint)j) + p).StoreUnsafe(ref y, (nuint)j);
                        if (accumulateEdgeAbs) (Vector512.LoadUnsafe(ref abs, (nuint)j) + Vector512.Abs(p)).StoreUnsafe(ref abs, (nuint)j);
                    }
                }
                if (Vector256.IsHardwareAccelerated)
                {
                    var vu = Vector256.Create(u);
                    var vs = Vector256.Create(s0);
                    for (; j <= nOut - 4; j += 4)
                    {
                        ref double c = ref Unsafe.Add(ref row, j);
                        var p = Vector256.LoadUnsafe(ref c, (nuint)(k * nOut));
                        for (int pw = k - 1; pw >= 0; pw--) p = Vector256.FusedMultiplyAdd(p, vu, Vector256.LoadUnsafe(ref c, (nuint)(pw * nOut)));
                        p = Vector256.FusedMultiplyAdd(vs, Vector256.LoadUnsafe(ref wb, (nuint)j), p);
                        (Vector256.LoadUnsafe(ref y, (nuint)j) + p).StoreUnsafe(ref y, (nuint)j);
                        if (accumulateEdgeAbs) (Vector256.LoadUnsafe(ref abs, (nuint)j) + Vector256.Abs(p)).StoreUnsafe(ref abs, (nuint)j);
                    }
                }
                for (; j < nOut; j++)
                {
                    ref double c = ref Unsafe.Add(ref row, j);
                    double p = Unsafe.Add(ref c, k * nOut);
                    for (int pw = k - 1; pw >= 0; pw--) p = Math.FusedMultiplyAdd(p, u, Unsafe.Add(ref c, pw * nOut));
                    p = Math.FusedMultiplyAdd(s0, Unsafe.Add(ref wb, j), p);
                    Unsafe.Add(ref y, j) += p;
                    if (accumulateEdgeAbs) Unsafe.Add(ref abs, j) += Math.Abs(p);
                }
            }
        }
    }

    /// <summary>
    /// Adjoint of <see cref="Forward"/> on the same block: accumulates d loss / d rows into scratch.DRows and d loss / d wb
    /// into scratch.DWb, and writes d loss / d input into <paramref name="inputAdjoint"/> (values overwritten; may be
    /// null). <paramref name="edgeAdjoint"/>, when given, adds edgeAdjoint_ij * sign(phi_ij) to d loss / d phi_ij.
    /// </summary>
    public static void Backward(PreparedLayer L, JetBlock input, LayerScratch sc, JetBlock outputAdjoint, JetBlock? inputAdjoint, double[]? edgeAdjoint)
    {
        int n = input.Count, nIn = L.In, nOut = L.Out, k = L.K, k1 = k + 1, np = L.PieceCount;
        int cap = sc.Capacity, stride = sc.SiluStride;
        if (inputAdjoint != null) inputAdjoint.Count = n;
        ref double rg = ref outputAdjoint.V[0];
        ref double rsil = ref MemoryMarshal.GetArrayDataReference(sc.SiluD);
        Span<double> gx = inputAdjoint != null ? inputAdjoint.V.AsSpan(0, n * nIn) : default;
        ref double rgx = ref MemoryMarshal.GetReference(gx);
        bool cubic = k == 3, wantInput = inputAdjoint != null;
        Span<double> a0Buffer = sc.A0;
        ref double ra = ref MemoryMarshal.GetReference(a0Buffer);
        for (int i = 0; i < nIn; i++)
        {
            ref int rpc = ref sc.Piece[i * cap];
            ref double ru = ref sc.U[i * cap];
            ref double rows = ref L.Rows[i * np * k1 * nOut];
            ref double drows = ref sc.DRows[i * np * k1 * nOut];
            ref double wb = ref L.Wb[i * nOut];
            ref double dwb = ref sc.DWb[i * nOut];
            int rowStep = k1 * nOut;
            if (nOut == 1 && edgeAdjoint == null)
            {
                double w = wb, dw = 0;
                for (int s = 0; s < n; s++)
                {
                    double u = Unsafe.Add(ref ru, s), a = Unsafe.Add(ref rg, s);
                    int off = Unsafe.Add(ref rpc, s) * k1;
                    ref double c = ref Unsafe.Add(ref rows, off);
                    ref double dc = ref Unsafe.Add(ref drows, off);
                    int si = s * nIn + i;
                    dw = Math.FusedMultiplyAdd(Unsafe.Add(ref rsil, si), a, dw);
                    double d = k * Unsafe.Add(ref c, k), up = a;
                    for (int pw = k - 1; pw >= 1; pw--) d = Math.FusedMultiplyAdd(d, u, pw * Unsafe.Add(ref c, pw));
                    for (int pw = 0; pw <= k; pw++)
                    {
                        Unsafe.Add(ref dc, pw) += up;
                        up *= u;
                    }
                    if (wantInput) Unsafe.Add(ref rgx, si) = Math.FusedMultiplyAdd(Unsafe.Add(ref rsil, stride + si), w, d) * a;
                }
                dwb += dw;
                continue;
            }
            for (int s = 0; s < n; s++)
            {
                int si = s * nIn + i;
                double u = Unsafe.Add(ref ru, s), sd0 = Unsafe.Add(ref rsil, si), sd1 = Unsafe.Add(ref rsil, stride + si);
                int off = Unsafe.Add(ref rpc, s) * rowStep;
                ref double row = ref Unsafe.Add(ref rows, off);
                ref double drow = ref Unsafe.Add(ref drows, off);
                ref double a0 = ref Unsafe.Add(ref rg, s * nOut);
                if (edgeAdjoint != null)
                {
                    // d loss / d phi_ij gains edgeAdjoint_ij sign(phi_ij): phi_ij again, as the forward pass formed it
                    for (int j = 0; j < nOut; j++)
                    {
                        ref double c = ref Unsafe.Add(ref row, j);
                        double p = Unsafe.Add(ref c, k * nOut);
                        for (int pw = k - 1; pw >= 0; pw--) p = Math.FusedMultiplyAdd(p, u, Unsafe.Add(ref c, pw * nOut));
                        p = Math.FusedMultiplyAdd(sd0, Unsafe.Add(ref wb, j), p);
                        Unsafe.Add(ref ra, j) = Unsafe.Add(ref a0, j) + edgeAdjoint[i * nOut + j] * (p > 0 ? 1.0 : p < 0 ? -1.0 : 0.0);
                    }
                    a0 = ref ra;
                }
                double g = 0;
                int j0 = 0;
                if (Vector512.IsHardwareAccelerated && nOut >= 8)
                {
                    var vu = Vector512.Create(u);
                    var v2 = vu * vu;
                    var v3 = v2 * vu;
                    var vs0 = Vector512.Create(sd0);
                    var vs1 = Vector512.Create(sd1);
                    var dot = Vector512<double>.Zero;
                    for (; j0 <= nOut - 8; j0 += 8)
                    {
                        ref double c = ref Unsafe.Add(ref row, j0);
                        ref double dc = ref Unsafe.Add(ref drow, j0);
                        var a = Vector512.LoadUnsafe(ref a0, (nuint)j0);
                        Vector512<double> d;
                        if (cubic)
                        {
                            var c3 = Vector512.LoadUnsafe(ref c, (nuint)(3 * nOut));
                            var c2 = Vector512.LoadUnsafe(ref c, (nuint)(2 * nOut));
                            d = Fma(Fma(c3 * 3.0, vu, c2 + c2), vu, Vector512.LoadUnsafe(ref c, (nuint)nOut));
                            (Vector512.LoadUnsafe(ref dc) + a).StoreUnsafe(ref dc);
                            Fma(vu, a, Vector512.LoadUnsafe(ref dc, (nuint)nOut)).StoreUnsafe(ref dc, (nuint)nOut);
                            Fma(v2, a, Vector512.LoadUnsafe(ref dc, (nuint)(2 * nOut))).StoreUnsafe(ref dc, (nuint)(2 * nOut));
                            Fma(v3, a, Vector512.LoadUnsafe(ref dc, (nuint)(3 * nOut))).StoreUnsafe(ref dc, (nuint)(3 * nOut));
                        }
                        else
                        {
                            d = Vector512.LoadUnsafe(ref c, (nuint)(k * nOut)) * k;
                            for (int pw = k - 1; pw >= 1; pw--) d = Fma(d, vu, Vector512.LoadUnsafe(ref c, (nuint)(pw * nOut)) * pw);
                            var up = a;
                            for (int pw = 0; pw <= k; pw++)
                            {
                                (Vector512.LoadUnsafe(ref dc, (nuint)(pw * nOut)) + up).StoreUnsafe(ref dc, (nuint)(pw * nOut));
                                up *= vu;
                            }
                        }
                        d = Fma(vs1, Vector512.LoadUnsafe(ref wb, (nuint)j0), d);
                        dot = Fma(d, a, dot);
                        Fma(vs0, a, Vector512.LoadUnsafe(ref dwb, (nuint)j0)).StoreUnsafe(ref dwb, (nuint)j0);
                    }
                    g = Vector512.Sum(dot);
                }
                for (int j = j0; j < nOut; j++)
                {
                    ref double c = ref Unsafe.Add(ref row, j);
                    ref double dc = ref Unsafe.Add(ref drow, j);
                    double a = Unsafe.Add(ref a0, j);
                    double d = k * Unsafe.Add(ref c, k * nOut), up = a;
                    for (int pw = k - 1; pw >= 1; pw--) d = Math.FusedMultiplyAdd(d, u, pw * Unsafe.Add(ref c, pw * nOut));
                    for (int pw = 0; pw <= k; pw++)
                    {
                        Unsafe.Add(ref dc, pw * nOut) += up;
                        up *= u;
                    }
                    d = Math.FusedMultiplyAdd(sd1, Unsafe.Add(ref wb, j), d);
                    g = Math.FusedMultiplyAdd(d, a, g);
                    Unsafe.Add(ref dwb, j) = Math.FusedMultiplyAdd(sd0, a, Unsafe.Add(ref dwb, j));
                }
                if (wantInput) Unsafe.Add(ref rgx, si) = g;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

    /// <summary>
    /// Piece (0: left extension, 1..G grid intervals, G+1 right extension) and local coordinate u = x - origin(piece) of
    /// input i at every sample of the block, as <see cref="Splines.BSplineBasis.FindPiece"/> finds them (grid interval a
    /// with grid[a] &lt;= x &lt; grid[a+1], the last one closed). Up to 32 intervals, eight samples at a time: the piece
    /// is one plus the number of inner grid points at or below x. A NaN x gets piece 1 and u = NaN (so phi is NaN, as
    /// the basis form gives).
    /// </summary>
    private static unsafe void Locate(PreparedLayer L, int i, JetBlock input, LayerScratch sc)
    {
        int n = input.Count, nIn = L.In, cap = sc.Capacity, stride = L.PieceStride, g = L.Layer.GridSize;
        ref double origins = ref L.Origins[i * stride];
        ref double rx = ref input.V[0];
        ref int rpc = ref sc.Piece[i * cap];
        ref double ru = ref sc.U[i * cap];
        int s = 0;
        if (Avx512F.IsSupported && g <= 32 && stride <= 16)
        {
            ReadOnlySpan<double> grid = L.Grid.AsSpan(i * (g + 1), g + 1);
            var lo = Vector512.Create(grid[0]);
            var hi = Vector512.Create(grid[g]);
            var one = Vector512<double>.One;
            var right = Vector512.Create((double)(g + 1));
            var o0 = Vector512.LoadUnsafe(ref origins);
            var o1 = stride > 8 ? Vector512.LoadUnsafe(ref origins, 8) : o0;
            fixed (double* px = &input.V[i])
                for (; s <= n - 8; s += 8)
                {
                    double* q = px + s * nIn;
                    var xs = nIn == 1 ? Vector512.Load(q)
                        : Vector512.Create(q[0], q[nIn], q[2 * nIn], q[3 * nIn], q[4 * nIn], q[5 * nIn], q[6 * nIn], q[7 * nIn]);
                    var count = one;
                    for (int m = 1; m < g; m++)
                        count += Vector512.GreaterThanOrEqual(xs, Vector512.Create(grid[m])) & one;
                    count = Vector512.ConditionalSelect(Vector512.LessThan(xs, lo), Vector512<double>.Zero, count);
                    count = Vector512.ConditionalSelect(Vector512.GreaterThan(xs, hi), right, count);
                    var idx = Vector512.ConvertToInt64(count);
                    Avx512F.ConvertToVector256Int32(idx).StoreUnsafe(ref rpc, (nuint)s);
                    var origin = stride > 8 ? Avx512F.PermuteVar8x64x2(o0, idx, o1) : Avx512F.PermuteVar8x64(o0, idx);
                    (xs - origin).StoreUnsafe(ref ru, (nuint)s);
                }
        }
        var basis = L.Bases[i];
        for (; s < n; s++)
        {
            double x = Unsafe.Add(ref rx, s * nIn + i);
            int piece = basis.FindPiece(x);
            if (piece < 0) piece = 1;
            Unsafe.Add(ref rpc, s) = piece;
            Unsafe.Add(ref ru, s) = x - Unsafe.Add(ref origins, piece);
        }
    }
}
