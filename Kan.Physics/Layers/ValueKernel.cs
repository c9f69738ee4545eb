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
        int cap = sc.Capacity;
        output.Count = n;
        Span<double> yAll = output.V.AsSpan(0, n * nOut);
        yAll.Clear();
        for (int i = 0; i < nIn; i++) Locate(L, i, input, sc);
        if (UsesPieceTables(L))
        {
            ForwardNarrow(L, sc, output, n, accumulateEdgeAbs);
            return;
        }
        ref double ry = ref MemoryMarshal.GetReference(yAll);
        bool cubic = k == 3;
        for (int i = 0; i < nIn; i++)
        {
            ref double rsil = ref sc.SiluP[i * cap];
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
                    Unsafe.Add(ref ry, s) += Math.FusedMultiplyAdd(Unsafe.Add(ref rsil, s), w, p);
                }
                continue;
            }
            if (cubic && !accumulateEdgeAbs && (nOut & 7) == 0 && Vector512.IsHardwareAccelerated)
            {
                // the common wide case without per-chunk branches: four row loads and four FMAs per eight outputs
                for (int s = 0; s < n; s++)
                {
                    var vu = Vector512.Create(Unsafe.Add(ref ru, s));
                    var vs = Vector512.Create(Unsafe.Add(ref rsil, s));
                    ref double c = ref Unsafe.Add(ref rows, Unsafe.Add(ref rpc, s) * rowStep);
                    ref double y = ref Unsafe.Add(ref ry, s * nOut);
                    for (int j = 0; j < nOut; j += 8)
                    {
                        var p = Fma(Fma(Fma(Vector512.LoadUnsafe(ref c, (nuint)(3 * nOut + j)), vu, Vector512.LoadUnsafe(ref c, (nuint)(2 * nOut + j))), vu,
                            Vector512.LoadUnsafe(ref c, (nuint)(nOut + j))), vu, Vector512.LoadUnsafe(ref c, (nuint)j));
                        p = Fma(vs, Vector512.LoadUnsafe(ref wb, (nuint)j), p);
                        (Vector512.LoadUnsafe(ref y, (nuint)j) + p).StoreUnsafe(ref y, (nuint)j);
                    }
                }
                continue;
            }
            for (int s = 0; s < n; s++)
            {
                double u = Unsafe.Add(ref ru, s), s0 = Unsafe.Add(ref rsil, s);
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
        int cap = sc.Capacity, stride = nIn * cap;
        if (inputAdjoint != null) inputAdjoint.Count = n;
        if (UsesPieceTables(L))
        {
            BackwardNarrow(L, sc, outputAdjoint, inputAdjoint, n, edgeAdjoint);
            return;
        }
        ref double rg = ref outputAdjoint.V[0];
        Span<double> gx = inputAdjoint != null ? inputAdjoint.V.AsSpan(0, n * nIn) : default;
        ref double rgx = ref MemoryMarshal.GetReference(gx);
        bool cubic = k == 3, wantInput = inputAdjoint != null;
        Span<double> a0Buffer = sc.A0;
        ref double ra = ref MemoryMarshal.GetReference(a0Buffer);
        for (int i = 0; i < nIn; i++)
        {
            ref double rsil = ref sc.SiluP[i * cap];
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
                    dw = Math.FusedMultiplyAdd(Unsafe.Add(ref rsil, s), a, dw);
                    double d = k * Unsafe.Add(ref c, k), up = a;
                    for (int pw = k - 1; pw >= 1; pw--) d = Math.FusedMultiplyAdd(d, u, pw * Unsafe.Add(ref c, pw));
                    for (int pw = 0; pw <= k; pw++)
                    {
                        Unsafe.Add(ref dc, pw) += up;
                        up *= u;
                    }
                    if (wantInput) Unsafe.Add(ref rgx, si) = Math.FusedMultiplyAdd(Unsafe.Add(ref rsil, stride + s), w, d) * a;
                }
                dwb += dw;
                continue;
            }
            if (cubic && edgeAdjoint == null && (nOut & 7) == 0 && Vector512.IsHardwareAccelerated)
            {
                // the common wide case without per-chunk branches
                for (int s = 0; s < n; s++)
                {
                    var vu = Vector512.Create(Unsafe.Add(ref ru, s));
                    var v2 = vu * vu;
                    var v3 = v2 * vu;
                    var vs0 = Vector512.Create(Unsafe.Add(ref rsil, s));
                    var vs1 = Vector512.Create(Unsafe.Add(ref rsil, stride + s));
                    int off = Unsafe.Add(ref rpc, s) * rowStep;
                    ref double c = ref Unsafe.Add(ref rows, off);
                    ref double dc = ref Unsafe.Add(ref drows, off);
                    ref double a0 = ref Unsafe.Add(ref rg, s * nOut);
                    var dot = Vector512<double>.Zero;
                    for (int j = 0; j < nOut; j += 8)
                    {
                        var a = Vector512.LoadUnsafe(ref a0, (nuint)j);
                        var c3 = Vector512.LoadUnsafe(ref c, (nuint)(3 * nOut + j));
                        var c2 = Vector512.LoadUnsafe(ref c, (nuint)(2 * nOut + j));
                        var d = Fma(Fma(c3 * 3.0, vu, c2 + c2), vu, Vector512.LoadUnsafe(ref c, (nuint)(nOut + j)));
                        d = Fma(vs1, Vector512.LoadUnsafe(ref wb, (nuint)j), d);
                        dot = Fma(d, a, dot);
                        (Vector512.LoadUnsafe(ref dc, (nuint)j) + a).StoreUnsafe(ref dc, (nuint)j);
                        Fma(vu, a, Vector512.LoadUnsafe(ref dc, (nuint)(nOut + j))).StoreUnsafe(ref dc, (nuint)(nOut + j));
                        Fma(v2, a, Vector512.LoadUnsafe(ref dc, (nuint)(2 * nOut + j))).StoreUnsafe(ref dc, (nuint)(2 * nOut + j));
                        Fma(v3, a, Vector512.LoadUnsafe(ref dc, (nuint)(3 * nOut + j))).StoreUnsafe(ref dc, (nuint)(3 * nOut + j));
                        Fma(vs0, a, Vector512.LoadUnsafe(ref dwb, (nuint)j)).StoreUnsafe(ref dwb, (nuint)j);
                    }
                    if (wantInput) Unsafe.Add(ref rgx, s * nIn + i) = Vector512.Sum(dot);
                }
                continue;
            }
            for (int s = 0; s < n; s++)
            {
                int si = s * nIn + i;
                double u = Unsafe.Add(ref ru, s), sd0 = Unsafe.Add(ref rsil, s), sd1 = Unsafe.Add(ref rsil, stride + s);
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
    /// Whether the layer runs on the narrow path: fewer than eight outputs, cubic splines and at most 14 grid intervals
    /// (so that an edge's piece coefficients fit two 512-bit registers). Its gradient then accumulates in
    /// scratch.DPoly (layout of <see cref="PreparedLayer.Poly"/>, mapped by <see cref="PreparedLayer.PolynomialGradientToWeights"/>).
    /// </summary>
    public static bool UsesPieceTables(PreparedLayer L) => Avx512F.IsSupported && L.Out < 8 && L.K == 3 && L.PieceStride <= 16;

    /// <summary>
    /// Forward pass of a narrow layer, eight samples at a time: each edge's four piece coefficients are picked for the
    /// eight samples from registers (a permute), phi by Horner's scheme; the outputs gather in a planar buffer.
    /// </summary>
    private static void ForwardNarrow(PreparedLayer L, LayerScratch sc, JetBlock output, int n, bool accumulateEdgeAbs)
    {
        int nIn = L.In, nOut = L.Out, cap = sc.Capacity, stride = L.PieceStride, full = n & ~7;
        // one output: the block's values are already planar
        Span<double> yt = nOut == 1 ? output.V.AsSpan(0, n) : sc.Planar.AsSpan(0, nOut * cap);
        if (nOut > 1) yt.Clear();
        ref double ry = ref MemoryMarshal.GetReference(yt);
        ref double rpoly = ref MemoryMarshal.GetArrayDataReference(L.Poly);
        ref double rabs = ref MemoryMarshal.GetArrayDataReference(sc.Lanes);
        if (accumulateEdgeAbs) sc.Lanes.AsSpan(0, nIn * nOut * 8).Clear();
        for (int i = 0; i < nIn; i++)
        {
            ref int rpc = ref sc.Piece[i * cap];
            ref double ru = ref sc.U[i * cap];
            ref double rs0 = ref sc.SiluP[i * cap];
            for (int s = 0; s < full; s += 8)
            {
                var idx = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref rpc, (nuint)s));
                var u = Vector512.LoadUnsafe(ref ru, (nuint)s);
                var s0 = Vector512.LoadUnsafe(ref rs0, (nuint)s);
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    ref double table = ref Unsafe.Add(ref rpoly, e * 4 * stride);
                    var p = Fma(Fma(Fma(Lookup(ref table, 3 * stride, stride, idx), u, Lookup(ref table, 2 * stride, stride, idx)), u,
                        Lookup(ref table, stride, stride, idx)), u, Lookup(ref table, 0, stride, idx));
                    p = Fma(s0, Vector512.Create(L.Wb[e]), p);
                    ref double y = ref Unsafe.Add(ref ry, j * cap + s);
                    (Vector512.LoadUnsafe(ref y) + p).StoreUnsafe(ref y);
                    if (accumulateEdgeAbs)
                        (Vector512.LoadUnsafe(ref rabs, (nuint)(e * 8)) + Vector512.Abs(p)).StoreUnsafe(ref rabs, (nuint)(e * 8));
                }
            }
            for (int s = full; s < n; s++)
            {
                int pc = Unsafe.Add(ref rpc, s);
                double u = Unsafe.Add(ref ru, s), s0 = Unsafe.Add(ref rs0, s);
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    ref double c = ref Unsafe.Add(ref rpoly, e * 4 * stride + pc);
                    double p = Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Unsafe.Add(ref c, 3 * stride), u,
                        Unsafe.Add(ref c, 2 * stride)), u, Unsafe.Add(ref c, stride)), u, c);
                    p = Math.FusedMultiplyAdd(s0, L.Wb[e], p);
                    Unsafe.Add(ref ry, j * cap + s) += p;
                    if (accumulateEdgeAbs) sc.EdgeAbs[e] += Math.Abs(p);
                }
            }
        }
        if (accumulateEdgeAbs)
            for (int e = 0; e < nIn * nOut; e++) sc.EdgeAbs[e] += Vector512.Sum(Vector512.LoadUnsafe(ref rabs, (nuint)(e * 8)));
        if (nOut > 1)
        {
            double[] y = output.V;
            for (int j = 0; j < nOut; j++)
                for (int s = 0; s < n; s++) y[s * nOut + j] = Unsafe.Add(ref ry, j * cap + s);
        }
    }

    /// <summary>
    /// Backward pass of a narrow layer, eight samples at a time. The gradient of each sample's piece polynomial is
    /// added lane by lane: the four power terms of the eight samples are transposed into eight 256-bit tuples first.
    /// </summary>
    private static void BackwardNarrow(PreparedLayer L, LayerScratch sc, JetBlock outputAdjoint, JetBlock? inputAdjoint, int n, double[]? edgeAdjoint)
    {
        int nIn = L.In, nOut = L.Out, cap = sc.Capacity, stride = L.PieceStride, full = n & ~7, sstride = nIn * cap;
        Span<double> gt = nOut == 1 ? outputAdjoint.V.AsSpan(0, n) : sc.Planar.AsSpan(0, nOut * cap);
        if (nOut > 1)
        {
            double[] gy = outputAdjoint.V;
            for (int j = 0; j < nOut; j++)
                for (int s = 0; s < n; s++) gt[j * cap + s] = gy[s * nOut + j];
        }
        ref double rg = ref MemoryMarshal.GetReference(gt);
        ref double rpoly = ref MemoryMarshal.GetArrayDataReference(L.Poly);
        ref double rdp = ref MemoryMarshal.GetArrayDataReference(sc.DPoly);
        ref double rwl = ref MemoryMarshal.GetArrayDataReference(sc.Lanes);
        sc.Lanes.AsSpan(0, nIn * nOut * 8).Clear();
        double[]? gx = inputAdjoint?.V;
        var lowPairs = Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11);
        var highPairs = Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15);
        for (int i = 0; i < nIn; i++)
        {
            ref int rpc = ref sc.Piece[i * cap];
            ref double ru = ref sc.U[i * cap];
            ref double rs0 = ref sc.SiluP[i * cap];
            ref double rs1 = ref sc.SiluP[sstride + i * cap];
            for (int s = 0; s < full; s += 8)
            {
                var idx = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref rpc, (nuint)s));
                var u = Vector512.LoadUnsafe(ref ru, (nuint)s);
                var u2 = u * u;
                var u3 = u2 * u;
                var s0 = Vector512.LoadUnsafe(ref rs0, (nuint)s);
                var s1 = Vector512.LoadUnsafe(ref rs1, (nuint)s);
                var g = Vector512<double>.Zero;
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    ref double table = ref Unsafe.Add(ref rpoly, e * 4 * stride);
                    var a = Vector512.LoadUnsafe(ref rg, (nuint)(j * cap + s));
                    var c3 = Lookup(ref table, 3 * stride, stride, idx);
                    var c2 = Lookup(ref table, 2 * stride, stride, idx);
                    var c1 = Lookup(ref table, stride, stride, idx);
                    var wb = Vector512.Create(L.Wb[e]);
                    if (edgeAdjoint != null)
                    {
                        var p = Fma(s0, wb, Fma(Fma(Fma(c3, u, c2), u, c1), u, Lookup(ref table, 0, stride, idx)));
                        var sign = Vector512.ConditionalSelect(Vector512.GreaterThan(p, Vector512<double>.Zero), Vector512<double>.One, Vector512<double>.Zero)
                                 - Vector512.ConditionalSelect(Vector512.LessThan(p, Vector512<double>.Zero), Vector512<double>.One, Vector512<double>.Zero);
                        a = Fma(sign, Vector512.Create(edgeAdjoint[e]), a);
                    }
                    var d = Fma(s1, wb, Fma(Fma(c3 * 3.0, u, c2 + c2), u, c1));
                    g = Fma(d, a, g);
                    Fma(s0, a, Vector512.LoadUnsafe(ref rwl, (nuint)(e * 8))).StoreUnsafe(ref rwl, (nuint)(e * 8));
                    // the power terms a u^pw of the eight samples as eight tuples (lane t in slot (t&1)*4 + t/2)
                    var lo01 = Avx512F.UnpackLow(a, a * u);
                    var lo23 = Avx512F.UnpackLow(a * u2, a * u3);
                    var hi01 = Avx512F.UnpackHigh(a, a * u);
                    var hi23 = Avx512F.UnpackHigh(a * u2, a * u3);
                    var t02 = Avx512F.PermuteVar8x64x2(lo01, lowPairs, lo23);
                    var t46 = Avx512F.PermuteVar8x64x2(lo01, highPairs, lo23);
                    var t13 = Avx512F.PermuteVar8x64x2(hi01, lowPairs, hi23);
                    var t57 = Avx512F.PermuteVar8x64x2(hi01, highPairs, hi23);
                    ref double dp = ref Unsafe.Add(ref rdp, e * stride * 4);
                    AddTuple(ref dp, Unsafe.Add(ref rpc, s), t02.GetLower());
                    AddTuple(ref dp, Unsafe.Add(ref rpc, s + 1), t13.GetLower());
                    AddTuple(ref dp, Unsafe.Add(ref rpc, s + 2), t02.GetUpper());
                    AddTuple(ref dp, Unsafe.Add(ref rpc, s + 3), t13.GetUpper());
                    AddTuple(ref dp, Unsafe.Add(ref rpc, s + 4), t46.GetLower());
                    AddTuple(ref dp, Unsafe.Add(ref rpc, s + 5), t57.GetLower());
                    AddTuple(ref dp, Unsafe.Add(ref rpc, s + 6), t46.GetUpper());
                    AddTuple(ref dp, Unsafe.Add(ref rpc, s + 7), t57.GetUpper());
                }
                if (gx != null)
                    for (int t = 0; t < 8; t++) gx[(s + t) * nIn + i] = g.GetElement(t);
            }
            for (int s = full; s < n; s++)
            {
                int pc = Unsafe.Add(ref rpc, s);
                double u = Unsafe.Add(ref ru, s), sd0 = Unsafe.Add(ref rs0, s), sd1 = Unsafe.Add(ref rs1, s), g = 0;
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    ref double c = ref Unsafe.Add(ref rpoly, e * 4 * stride + pc);
                    double c1 = Unsafe.Add(ref c, stride), c2 = Unsafe.Add(ref c, 2 * stride), c3 = Unsafe.Add(ref c, 3 * stride), wb = L.Wb[e];
                    double a = Unsafe.Add(ref rg, j * cap + s);
                    if (edgeAdjoint != null)
                    {
                        double p = Math.FusedMultiplyAdd(sd0, wb, Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(c3, u, c2), u, c1), u, c));
                        a += edgeAdjoint[e] * (p > 0 ? 1.0 : p < 0 ? -1.0 : 0.0);
                    }
                    double d = Math.FusedMultiplyAdd(sd1, wb, Math.FusedMultiplyAdd(Math.FusedMultiplyAdd(c3 * 3.0, u, c2 + c2), u, c1));
                    g = Math.FusedMultiplyAdd(d, a, g);
                    sc.DWb[e] = Math.FusedMultiplyAdd(sd0, a, sc.DWb[e]);
                    ref double dp = ref Unsafe.Add(ref rdp, (e * stride + pc) * 4);
                    dp += a;
                    Unsafe.Add(ref dp, 1) += a * u;
                    Unsafe.Add(ref dp, 2) += a * u * u;
                    Unsafe.Add(ref dp, 3) += a * u * u * u;
                }
                if (gx != null) gx[s * nIn + i] = g;
            }
        }
        for (int e = 0; e < nIn * nOut; e++) sc.DWb[e] += Vector512.Sum(Vector512.LoadUnsafe(ref rwl, (nuint)(e * 8)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTuple(ref double dp, int piece, Vector256<double> v)
    {
        ref double dst = ref Unsafe.Add(ref dp, piece * 4);
        (Vector256.LoadUnsafe(ref dst) + v).StoreUnsafe(ref dst);
    }

    /// <summary>table[offset + idx[t]] for the eight lanes, from one or two registers (at most 16 pieces).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lookup(ref double table, int offset, int stride, Vector512<long> idx)
    {
        ref double t = ref Unsafe.Add(ref table, offset);
        return stride == 8 ? Avx512F.PermuteVar8x64(Vector512.LoadUnsafe(ref t), idx)
            : Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref t), idx, Vector512.LoadUnsafe(ref t, 8));
    }

    /// <summary>
    /// For input i at every sample of the block: silu and its derivative (when the scratch keeps derivatives), the
    /// piece (0: left extension, 1..G grid intervals, G+1 right extension) and the local coordinate u = x - origin(piece),
    /// all planar in the scratch. The piece is the one <see cref="Splines.BSplineBasis.FindPiece"/> finds (grid interval
    /// a with grid[a] &lt;= x &lt; grid[a+1], the last one closed); up to 64 intervals, eight samples at a time, as one
    /// plus the number of inner grid points at or below x. A NaN x gets piece 1 and u = NaN (so phi is NaN, as the basis
    /// form gives).
    /// </summary>
    private static void Locate(PreparedLayer L, int i, JetBlock input, LayerScratch sc)
    {
        int n = input.Count, nIn = L.In, cap = sc.Capacity, stride = L.PieceStride, g = L.Layer.GridSize;
        ref double origins = ref L.Origins[i * stride];
        Span<double> xc = sc.X.AsSpan(i * cap, n);
        double[] xin = input.V;
        if (nIn == 1) xin.AsSpan(0, n).CopyTo(xc);
        else
        {
            ref double src = ref xin[i];
            ref double dst = ref MemoryMarshal.GetReference(xc);
            for (int s = 0; s < n; s++) Unsafe.Add(ref dst, s) = Unsafe.Add(ref src, s * nIn);
        }
        Silu.EvaluateBlock(xc, Math.Min(sc.Derivatives, 1), sc.SiluP.AsSpan(i * cap), nIn * cap);
        ref double rx = ref MemoryMarshal.GetReference(xc);
        ref int rpc = ref sc.Piece[i * cap];
        ref double ru = ref sc.U[i * cap];
        int s0 = 0;
        if (Avx512F.IsSupported && g <= 64)
        {
            ReadOnlySpan<double> grid = L.Grid.AsSpan(i * (g + 1), g + 1);
            var lo = Vector512.Create(grid[0]);
            var hi = Vector512.Create(grid[g]);
            var right = Vector512.Create((long)(g + 1));
            var o0 = Vector512.LoadUnsafe(ref origins);
            var o1 = stride == 16 ? Vector512.LoadUnsafe(ref origins, 8) : o0;
            ref double rgrid = ref MemoryMarshal.GetReference(grid);
            for (; s0 <= n - 8; s0 += 8)
            {
                var xs = Vector512.LoadUnsafe(ref rx, (nuint)s0);
                // a true comparison is all ones, -1 as an integer: subtracting counts it (integer adds keep the chain short)
                var idx = Vector512<long>.One;
                for (int m = 1; m < g; m++)
                    idx -= Vector512.GreaterThanOrEqual(xs, Vector512.Create(Unsafe.Add(ref rgrid, m))).AsInt64();
                idx = Vector512.ConditionalSelect(Vector512.LessThan(xs, lo).AsInt64(), Vector512<long>.Zero, idx);
                idx = Vector512.ConditionalSelect(Vector512.GreaterThan(xs, hi).AsInt64(), right, idx);
                Avx512F.ConvertToVector256Int32(idx).StoreUnsafe(ref rpc, (nuint)s0);
                if (stride <= 16)
                {
                    var origin = stride > 8 ? Avx512F.PermuteVar8x64x2(o0, idx, o1) : Avx512F.PermuteVar8x64(o0, idx);
                    (xs - origin).StoreUnsafe(ref ru, (nuint)s0);
                }
                else
                    for (int t = 0; t < 8; t++)
                        Unsafe.Add(ref ru, s0 + t) = Unsafe.Add(ref rx, s0 + t) - Unsafe.Add(ref origins, Unsafe.Add(ref rpc, s0 + t));
            }
        }
        var basis = L.Bases[i];
        for (int s = s0; s < n; s++)
        {
            double x = Unsafe.Add(ref rx, s);
            int piece = basis.FindPiece(x);
            if (piece < 0) piece = 1;
            Unsafe.Add(ref rpc, s) = piece;
            Unsafe.Add(ref ru, s) = x - Unsafe.Add(ref origins, piece);
        }
    }
}
