using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Kan.Physics.Jets;
using Kan.Physics.Splines;

namespace Kan.Physics.Layers;

/// <summary>
/// The layer kernel for jets of order 0 (values and the parameter/input gradient of a loss on them), on sample-major
/// <see cref="JetBlock"/>s, run input by input over the whole block so that one input's coefficients (and, going back,
/// their gradients) stay in L1 while the block's samples stream past.
/// </summary>
/// <remarks>
/// <para><b>Wide layers</b> (8 outputs or more): each edge is read as one polynomial per piece
/// (<see cref="PreparedLayer.Rows"/>, the coefficients of one input, piece and power contiguous over the outputs), so a
/// sample needs no basis values: its piece, its local coordinate u and Horner's scheme (fused multiply-adds) give phi_ij
/// for eight outputs at a time. The backward pass accumulates the gradient per piece polynomial
/// (<see cref="LayerScratch.DRows"/>), mapped to the folded weights once per evaluation by
/// <see cref="PreparedLayer.RowGradientToWeights"/>; the input gradient takes one horizontal sum per (sample, input).
/// Results differ from the basis form by rounding.</para>
/// <para><b>Narrow layers</b> (fewer than 8 outputs: the small networks most results come from) form every value with
/// the operations of the basis-form kernel, in its order (basis by Horner's scheme without fusing, then each edge term
/// multiplied and added in turn, dot products summed as <see cref="VectorOps.DotAndAxpy"/> sums them, gradients added
/// sample after sample), so they give bit for bit the results of before; cubic ones run eight samples at a time, the
/// piece tables picked by register permutes.</para>
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
        Silu.EvaluateBlock(input.V.AsSpan(0, n * nIn), sc.Derivatives, sc.SiluD, sc.SiluStride);
        if (IsNarrowVector(L))
        {
            if (nOut == 1) ForwardSingle(L, input, sc, output, accumulateEdgeAbs);
            else ForwardNarrowVector(L, input, sc, output, accumulateEdgeAbs);
            return;
        }
        if (IsNarrow(L))
        {
            ForwardNarrow(L, input, sc, output, accumulateEdgeAbs);
            return;
        }
        ref double ry = ref MemoryMarshal.GetReference(yAll);
        ref double rsil = ref MemoryMarshal.GetArrayDataReference(sc.SiluD);
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
            if (cubic && !accumulateEdgeAbs && (nOut & 7) == 0 && Vector512.IsHardwareAccelerated)
            {
                // the common wide case without per-chunk branches: four row loads and four FMAs per eight outputs
                for (int s = 0; s < n; s++)
                {
                    var vu = Vector512.Create(Unsafe.Add(ref ru, s));
                    var vs = Vector512.Create(Unsafe.Add(ref rsil, s * nIn + i));
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
        if (IsNarrowVector(L))
        {
            if (nOut == 1) BackwardSingle(L, input, sc, outputAdjoint, inputAdjoint, edgeAdjoint);
            else BackwardNarrowVector(L, input, sc, outputAdjoint, inputAdjoint, edgeAdjoint);
            return;
        }
        if (IsNarrow(L))
        {
            BackwardNarrow(L, input, sc, outputAdjoint, inputAdjoint, edgeAdjoint);
            return;
        }
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
            if (cubic && edgeAdjoint == null && (nOut & 7) == 0 && Vector512.IsHardwareAccelerated)
            {
                // the common wide case without per-chunk branches
                for (int s = 0; s < n; s++)
                {
                    var vu = Vector512.Create(Unsafe.Add(ref ru, s));
                    var v2 = vu * vu;
                    var v3 = v2 * vu;
                    var vs0 = Vector512.Create(Unsafe.Add(ref rsil, s * nIn + i));
                    var vs1 = Vector512.Create(Unsafe.Add(ref rsil, stride + s * nIn + i));
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
    /// Whether the layer is narrow (fewer than eight outputs). Narrow layers run <see cref="ForwardNarrow"/> and
    /// <see cref="BackwardNarrow"/>, which form every value with the same operations in the same order as the
    /// basis-form kernel before them (so the small networks most results come from train bit for bit as before); their
    /// gradient goes to scratch.DW directly.
    /// </summary>
    public static bool IsNarrow(PreparedLayer L) => L.Out < 8;

    /// <summary>phi_ij = silu(x) wb_ij + sum_r B_r W[first + r, j], multiplied and added one term at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Phi(ref double w, double wb, int nOut, int k1, double silu, ref double b)
    {
        double v = wb * silu;
        for (int r = 0; r < k1; r++) v += Unsafe.Add(ref w, r * nOut) * Unsafe.Add(ref b, r);
        return v;
    }

    /// <summary>Whether a narrow layer runs eight samples at a time (cubic, up to 61 grid intervals).</summary>
    public static bool IsNarrowVector(PreparedLayer L) => Avx512F.IsSupported && L.Out < 8 && L.K == 3 && L.PieceStride <= 64 && L.BasisStride <= 64;

    /// <summary>After a partition's last block: a narrow layer of several outputs hands its per-edge weight gradient to scratch.DW.</summary>
    public static void FinishPartition(PreparedLayer L, LayerScratch sc)
    {
        if (!IsNarrowVector(L) || L.Out == 1) return;
        int ws = L.BasisStride, nOut = L.Out;
        for (int i = 0; i < L.In; i++)
            for (int j = 0; j < nOut; j++)
                for (int c = 0; c < L.P; c++) sc.DW[(i * L.P + c) * nOut + j] = sc.DWT[(i * nOut + j) * ws + c];
    }

    /// <summary>
    /// The basis (values and, with <paramref name="nd"/> = 1, first derivatives) and first index of input i at the
    /// eight samples from <paramref name="s"/>, planar in the scratch (<c>Basis[(i*8 + q*4 + r)*Capacity + s]</c>,
    /// <c>First[i*Capacity + s]</c>), by the operations of <see cref="Splines.BSplineBasis.EvaluateBlock"/>: Horner's
    /// scheme without fused multiply-adds on the piece's Taylor table (picked by register permutes). A partial group,
    /// or one with a NaN, goes sample by sample through EvaluateBlock itself. Returns whether the group was whole.
    /// </summary>
    private static bool BasisGroup(PreparedLayer L, double[] x, LayerScratch sc, int i, int s, int n, int nd, Span<double> tmp)
    {
        int nIn = L.In, cap = sc.Capacity, g = L.Layer.GridSize, stride = L.PieceStride;
        ref double rb = ref sc.Basis[0];
        ref int rf = ref sc.First[0];
        if (s + 8 <= n)
        {
            int o = s * nIn + i;
            var xs = Vector512.Create(x[o], x[o + nIn], x[o + 2 * nIn], x[o + 3 * nIn], x[o + 4 * nIn], x[o + 5 * nIn], x[o + 6 * nIn], x[o + 7 * nIn]);
            if (Vector512.EqualsAll(xs, xs))
            {
                ref double grid = ref L.Grid[i * (g + 1)];
                ref double tt = ref L.Taylor[i * 16 * stride];
                var idx = Vector512<long>.One;
                for (int m = 1; m < g; m++)
                    idx -= Vector512.GreaterThanOrEqual(xs, Vector512.Create(Unsafe.Add(ref grid, m))).AsInt64();
                idx = Vector512.ConditionalSelect(Vector512.LessThan(xs, Vector512.Create(grid)).AsInt64(), Vector512<long>.Zero, idx);
                idx = Vector512.ConditionalSelect(Vector512.GreaterThan(xs, Vector512.Create(Unsafe.Add(ref grid, g))).AsInt64(), Vector512.Create((long)(g + 1)), idx);
                var u = xs - PlanarKernel.Lookup(ref L.Origins[i * stride], stride, idx);
                var f = Vector512.Max(Vector512.Min(idx - Vector512<long>.One, Vector512.Create((long)(g - 1))), Vector512<long>.Zero);
                Avx512F.ConvertToVector256Int32(f).StoreUnsafe(ref rf, (nuint)(i * cap + s));
                for (int r = 0; r < 4; r++)
                {
                    var a0 = PlanarKernel.Lookup(ref Unsafe.Add(ref tt, r * stride), stride, idx);
                    var a1 = PlanarKernel.Lookup(ref Unsafe.Add(ref tt, (4 + r) * stride), stride, idx);
                    var a2 = PlanarKernel.Lookup(ref Unsafe.Add(ref tt, (8 + r) * stride), stride, idx);
                    var a3 = PlanarKernel.Lookup(ref Unsafe.Add(ref tt, (12 + r) * stride), stride, idx);
                    (((a3 * u + a2) * u + a1) * u + a0).StoreUnsafe(ref rb, (nuint)((i * 8 + r) * cap + s));
                    if (nd >= 1) (((a3 * 3.0) * u + a2 * 2.0) * u + a1).StoreUnsafe(ref rb, (nuint)((i * 8 + 4 + r) * cap + s));
                }
                return true;
            }
        }
        var basis = L.Bases[i];
        for (int t = s; t < Math.Min(s + 8, n); t++)
        {
            int first = basis.EvaluateBlock(x[t * nIn + i], nd, tmp);
            Unsafe.Add(ref rf, i * cap + t) = first;
            for (int q = 0; q < 4 * (nd + 1); q++) Unsafe.Add(ref rb, (i * 8 + q) * cap + t) = tmp[q];
        }
        return false;
    }

    /// <summary>
    /// Forward pass of a narrow layer of several outputs, eight samples at a time with the sample-by-sample operations
    /// (<see cref="ForwardNarrow"/>); the outputs gather planar and are transposed at the end.
    /// </summary>
    private static void ForwardNarrowVector(PreparedLayer L, JetBlock input, LayerScratch sc, JetBlock output, bool accumulateEdgeAbs)
    {
        int n = input.Count, nIn = L.In, nOut = L.Out, cap = sc.Capacity, ws = L.BasisStride;
        int nd = Math.Min(sc.Derivatives, 1);
        double[] x = input.V, sil = sc.SiluD, yt = sc.Planar, wtab = L.WeightTable;
        Array.Clear(yt, 0, nOut * cap);
        Span<double> tmp = stackalloc double[16];
        for (int i = 0; i < nIn; i++)
            for (int s = 0; s < n; s += 8)
            {
                bool whole = BasisGroup(L, x, sc, i, s, n, nd, tmp);
                if (whole)
                {
                    int o = s * nIn + i;
                    var s0 = Vector512.Create(sil[o], sil[o + nIn], sil[o + 2 * nIn], sil[o + 3 * nIn], sil[o + 4 * nIn], sil[o + 5 * nIn], sil[o + 6 * nIn], sil[o + 7 * nIn]);
                    var f = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref sc.First[i * cap + s]));
                    ref double bq = ref sc.Basis[i * 8 * cap + s];
                    var b0 = Vector512.LoadUnsafe(ref bq);
                    var b1 = Vector512.LoadUnsafe(ref bq, (nuint)cap);
                    var b2 = Vector512.LoadUnsafe(ref bq, (nuint)(2 * cap));
                    var b3 = Vector512.LoadUnsafe(ref bq, (nuint)(3 * cap));
                    for (int j = 0; j < nOut; j++)
                    {
                        int e = i * nOut + j;
                        ref double wt = ref wtab[e * ws];
                        var w0 = PlanarKernel.Lookup(ref wt, ws, f);
                        var w1 = PlanarKernel.Lookup(ref wt, ws, f + Vector512<long>.One);
                        var w2 = PlanarKernel.Lookup(ref wt, ws, f + Vector512.Create(2L));
                        var w3 = PlanarKernel.Lookup(ref wt, ws, f + Vector512.Create(3L));
                        var wb = Vector512.Create(L.Wb[e]);
                        ref double y = ref yt[j * cap + s];
                        if (accumulateEdgeAbs)
                        {
                            var v = wb * s0 + w0 * b0 + w1 * b1 + w2 * b2 + w3 * b3;
                            (Vector512.LoadUnsafe(ref y) + v).StoreUnsafe(ref y);
                            double acc = sc.EdgeAbs[e];
                            for (int t = 0; t < 8; t++) acc += Math.Abs(v.GetElement(t));
                            sc.EdgeAbs[e] = acc;
                        }
                        else
                            ((((Vector512.LoadUnsafe(ref y) + s0 * wb) + b0 * w0) + b1 * w1) + b2 * w2 + b3 * w3).StoreUnsafe(ref y);
                    }
                    continue;
                }
                for (int t = s; t < Math.Min(s + 8, n); t++)
                {
                    int si = t * nIn + i, first = sc.First[i * cap + t];
                    double s0 = sil[si];
                    ref double bq = ref sc.Basis[i * 8 * cap + t];
                    for (int j = 0; j < nOut; j++)
                    {
                        int e = i * nOut + j;
                        ref double wt = ref wtab[e * ws + first];
                        if (accumulateEdgeAbs)
                        {
                            double v = L.Wb[e] * s0;
                            for (int r = 0; r < 4; r++) v += Unsafe.Add(ref wt, r) * Unsafe.Add(ref bq, r * cap);
                            yt[j * cap + t] += v;
                            sc.EdgeAbs[e] += Math.Abs(v);
                        }
                        else
                        {
                            double v = yt[j * cap + t] + s0 * L.Wb[e];
                            for (int r = 0; r < 4; r++) v += Unsafe.Add(ref bq, r * cap) * Unsafe.Add(ref wt, r);
                            yt[j * cap + t] = v;
                        }
                    }
                }
            }
        double[] yo = output.V;
        for (int j = 0; j < nOut; j++)
            for (int s = 0; s < n; s++) yo[s * nOut + j] = yt[j * cap + s];
    }

    /// <summary>sum_j w_j a_j as <see cref="VectorOps.DotAndAxpy"/> (four outputs and more) or the scalar loop (fewer) forms it, per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Dot(ReadOnlySpan<Vector512<double>> p, int nOut)
    {
        Vector512<double> s;
        if (nOut < 4)
        {
            s = Vector512<double>.Zero;
            for (int j = 0; j < nOut; j++) s += p[j];
            return s;
        }
        var z = Vector512<double>.Zero;
        s = ((z + p[0]) + (z + p[1])) + ((z + p[2]) + (z + p[3]));
        for (int j = 4; j < nOut; j++) s += p[j];
        return s;
    }

    /// <summary>Backward pass of a narrow layer of several outputs, eight samples at a time with the operations of <see cref="BackwardNarrow"/>.</summary>
    private static void BackwardNarrowVector(PreparedLayer L, JetBlock input, LayerScratch sc, JetBlock outputAdjoint, JetBlock? inputAdjoint, double[]? edgeAdjoint)
    {
        int n = input.Count, nIn = L.In, nOut = L.Out, cap = sc.Capacity, ws = L.BasisStride, stride = sc.SiluStride, full = n & ~7;
        double[] sil = sc.SiluD, gt = sc.Planar, wtab = L.WeightTable, dwt = sc.DWT, gy = outputAdjoint.V;
        double[]? gx = inputAdjoint?.V;
        for (int j = 0; j < nOut; j++)
            for (int s = 0; s < n; s++) gt[j * cap + s] = gy[s * nOut + j];
        var lowPairs = Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11);
        var highPairs = Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15);
        Span<Vector512<double>> a = stackalloc Vector512<double>[nOut];
        Span<Vector512<double>> p = stackalloc Vector512<double>[nOut];
        Span<Vector512<double>> w = stackalloc Vector512<double>[4 * nOut];
        Span<double> sa = stackalloc double[nOut];
        for (int i = 0; i < nIn; i++)
        {
            for (int s = 0; s < full; s += 8)
            {
                int o = s * nIn + i;
                var sd0 = Vector512.Create(sil[o], sil[o + nIn], sil[o + 2 * nIn], sil[o + 3 * nIn], sil[o + 4 * nIn], sil[o + 5 * nIn], sil[o + 6 * nIn], sil[o + 7 * nIn]);
                int o1 = stride + o;
                var sd1 = Vector512.Create(sil[o1], sil[o1 + nIn], sil[o1 + 2 * nIn], sil[o1 + 3 * nIn], sil[o1 + 4 * nIn], sil[o1 + 5 * nIn], sil[o1 + 6 * nIn], sil[o1 + 7 * nIn]);
                var f = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref sc.First[i * cap + s]));
                ref double bq = ref sc.Basis[i * 8 * cap + s];
                var b0 = Vector512.LoadUnsafe(ref bq);
                var b1 = Vector512.LoadUnsafe(ref bq, (nuint)cap);
                var b2 = Vector512.LoadUnsafe(ref bq, (nuint)(2 * cap));
                var b3 = Vector512.LoadUnsafe(ref bq, (nuint)(3 * cap));
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    ref double wt = ref wtab[e * ws];
                    for (int r = 0; r < 4; r++) w[r * nOut + j] = PlanarKernel.Lookup(ref wt, ws, f + Vector512.Create((long)r));
                    a[j] = Vector512.LoadUnsafe(ref gt[j * cap + s]);
                    if (edgeAdjoint != null)
                    {
                        var phi = Vector512.Create(L.Wb[e]) * sd0 + w[j] * b0 + w[nOut + j] * b1 + w[2 * nOut + j] * b2 + w[3 * nOut + j] * b3;
                        var sign = Vector512.ConditionalSelect(Vector512.GreaterThan(phi, Vector512<double>.Zero), Vector512<double>.One, Vector512<double>.Zero)
                                 - Vector512.ConditionalSelect(Vector512.LessThan(phi, Vector512<double>.Zero), Vector512<double>.One, Vector512<double>.Zero);
                        a[j] = a[j] + Vector512.Create(edgeAdjoint[e]) * sign;
                    }
                }
                // d loss / dx: silu' (wb . a) + sum_r B'_r (W_r . a), each dot as the sample-by-sample pass sums it
                for (int j = 0; j < nOut; j++) p[j] = Vector512.Create(L.Wb[i * nOut + j]) * a[j];
                var g = sd1 * Dot(p, nOut);
                for (int r = 0; r < 4; r++)
                {
                    for (int j = 0; j < nOut; j++) p[j] = w[r * nOut + j] * a[j];
                    g += Vector512.LoadUnsafe(ref bq, (nuint)((4 + r) * cap)) * Dot(p, nOut);
                }
                if (gx != null)
                    for (int t = 0; t < 8; t++) gx[(s + t) * nIn + i] = g.GetElement(t);
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    var q = sd0 * a[j];
                    double dwb = sc.DWb[e];
                    for (int t = 0; t < 8; t++) dwb += q.GetElement(t);
                    sc.DWb[e] = dwb;
                    var lo01 = Avx512F.UnpackLow(b0 * a[j], b1 * a[j]);
                    var lo23 = Avx512F.UnpackLow(b2 * a[j], b3 * a[j]);
                    var hi01 = Avx512F.UnpackHigh(b0 * a[j], b1 * a[j]);
                    var hi23 = Avx512F.UnpackHigh(b2 * a[j], b3 * a[j]);
                    var t02 = Avx512F.PermuteVar8x64x2(lo01, lowPairs, lo23);
                    var t46 = Avx512F.PermuteVar8x64x2(lo01, highPairs, lo23);
                    var t13 = Avx512F.PermuteVar8x64x2(hi01, lowPairs, hi23);
                    var t57 = Avx512F.PermuteVar8x64x2(hi01, highPairs, hi23);
                    ref double dw = ref dwt[e * ws];
                    AddTuple(ref dw, (int)f.GetElement(0), t02.GetLower());
                    AddTuple(ref dw, (int)f.GetElement(1), t13.GetLower());
                    AddTuple(ref dw, (int)f.GetElement(2), t02.GetUpper());
                    AddTuple(ref dw, (int)f.GetElement(3), t13.GetUpper());
                    AddTuple(ref dw, (int)f.GetElement(4), t46.GetLower());
                    AddTuple(ref dw, (int)f.GetElement(5), t57.GetLower());
                    AddTuple(ref dw, (int)f.GetElement(6), t46.GetUpper());
                    AddTuple(ref dw, (int)f.GetElement(7), t57.GetUpper());
                }
            }
            for (int s = full; s < n; s++)
            {
                // the partial group: the sample-by-sample operations on the kept basis
                int si = s * nIn + i, first = sc.First[i * cap + s];
                ref double bq = ref sc.Basis[i * 8 * cap + s];
                double sd0 = sil[si], sd1 = sil[stride + si];
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    sa[j] = gt[j * cap + s];
                    if (edgeAdjoint != null)
                    {
                        double phi = L.Wb[e] * sd0;
                        for (int r = 0; r < 4; r++) phi += wtab[e * ws + first + r] * Unsafe.Add(ref bq, r * cap);
                        sa[j] = sa[j] + edgeAdjoint[e] * (phi > 0 ? 1.0 : phi < 0 ? -1.0 : 0.0);
                    }
                }
                double g = sd1 * ScalarDot(L.Wb.AsSpan(i * nOut, nOut), 1, sa);
                for (int r = 0; r < 4; r++)
                    g += Unsafe.Add(ref bq, (4 + r) * cap) * ScalarDot(wtab.AsSpan(i * nOut * ws + first + r), ws, sa);
                if (gx != null) gx[si] = g;
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    sc.DWb[e] += sd0 * sa[j];
                    for (int r = 0; r < 4; r++) dwt[e * ws + first + r] += Unsafe.Add(ref bq, r * cap) * sa[j];
                }
            }
        }
    }

    /// <summary>sum_j w[j*step] a_j, summed as <see cref="Dot"/> sums (one lane).</summary>
    private static double ScalarDot(ReadOnlySpan<double> w, int step, ReadOnlySpan<double> a)
    {
        int nOut = a.Length;
        if (nOut < 4)
        {
            double s0 = 0;
            for (int j = 0; j < nOut; j++) s0 += w[j * step] * a[j];
            return s0;
        }
        double s = ((0.0 + w[0] * a[0]) + (0.0 + w[step] * a[1])) + ((0.0 + w[2 * step] * a[2]) + (0.0 + w[3 * step] * a[3]));
        for (int j = 4; j < nOut; j++) s += w[j * step] * a[j];
        return s;
    }



    /// <summary>
    /// Forward pass of a single-output cubic layer, eight samples at a time with exactly the operations of the
    /// sample-by-sample pass (the basis by Horner's scheme without fused multiply-adds, then the edge terms one at a
    /// time); the piece tables are read by register permutes. The basis and first index are kept planar for
    /// <see cref="BackwardSingle"/>: <c>Basis[(i*8 + q*4 + r)*Capacity + s]</c>, <c>First[i*Capacity + s]</c>.
    /// </summary>
    private static void ForwardSingle(PreparedLayer L, JetBlock input, LayerScratch sc, JetBlock output, bool accumulateEdgeAbs)
    {
        int n = input.Count, nIn = L.In, cap = sc.Capacity, g = L.Layer.GridSize, stride = L.PieceStride, ws = L.BasisStride;
        int full = n & ~7, nd = Math.Min(sc.Derivatives, 1);
        double[] x = input.V, sil = sc.SiluD;
        ref double ry = ref output.V[0];
        ref double rb = ref sc.Basis[0];
        ref int rf = ref sc.First[0];
        Span<double> tmp = stackalloc double[16];
        for (int i = 0; i < nIn; i++)
        {
            var basis = L.Bases[i];
            ref double tt = ref L.Taylor[i * 16 * stride];
            ref double wt = ref L.WeightTable[i * ws];
            ref double org = ref L.Origins[i * stride];
            ref double grid = ref L.Grid[i * (g + 1)];
            double wb = L.Wb[i];
            var vwb = Vector512.Create(wb);
            var lo = Vector512.Create(grid);
            var hi = Vector512.Create(Unsafe.Add(ref grid, g));
            var right = Vector512.Create((long)(g + 1));
            var last = Vector512.Create((long)(g - 1));
            double abs = sc.EdgeAbs[i];
            for (int s = 0; s < n; s += 8)
            {
                var xs = Vector512.Create(x[s * nIn + i], x[Math.Min(s + 1, n - 1) * nIn + i], x[Math.Min(s + 2, n - 1) * nIn + i], x[Math.Min(s + 3, n - 1) * nIn + i],
                    x[Math.Min(s + 4, n - 1) * nIn + i], x[Math.Min(s + 5, n - 1) * nIn + i], x[Math.Min(s + 6, n - 1) * nIn + i], x[Math.Min(s + 7, n - 1) * nIn + i]);
                if (s >= full || !Vector512.EqualsAll(xs, xs))
                {
                    // a partial group, or a NaN: sample by sample, as BSplineBasis.EvaluateBlock forms the basis
                    for (int t = s; t < Math.Min(s + 8, n); t++)
                    {
                        int si = t * nIn + i;
                        int first = basis.EvaluateBlock(x[si], nd, tmp);
                        Unsafe.Add(ref rf, i * cap + t) = first;
                        for (int q = 0; q < 4 * (nd + 1); q++) Unsafe.Add(ref rb, (i * 8 + q) * cap + t) = tmp[q];
                        double v = sil[si] * wb;
                        for (int r = 0; r < 4; r++) v += tmp[r] * L.W[i * L.P + first + r];
                        Unsafe.Add(ref ry, t) += v;
                        if (accumulateEdgeAbs) abs += Math.Abs(v);
                    }
                    continue;
                }
                var idx = Vector512<long>.One;
                for (int m = 1; m < g; m++)
                    idx -= Vector512.GreaterThanOrEqual(xs, Vector512.Create(Unsafe.Add(ref grid, m))).AsInt64();
                idx = Vector512.ConditionalSelect(Vector512.LessThan(xs, lo).AsInt64(), Vector512<long>.Zero, idx);
                idx = Vector512.ConditionalSelect(Vector512.GreaterThan(xs, hi).AsInt64(), right, idx);
                var u = xs - PlanarKernel.Lookup(ref org, stride, idx);
                var f = Vector512.Max(Vector512.Min(idx - Vector512<long>.One, last), Vector512<long>.Zero);
                Avx512F.ConvertToVector256Int32(f).StoreUnsafe(ref rf, (nuint)(i * cap + s));
                var s0 = Vector512.Create(sil[s * nIn + i], sil[(s + 1) * nIn + i], sil[(s + 2) * nIn + i], sil[(s + 3) * nIn + i],
                    sil[(s + 4) * nIn + i], sil[(s + 5) * nIn + i], sil[(s + 6) * nIn + i], sil[(s + 7) * nIn + i]);
                var v8 = s0 * vwb;
                for (int r = 0; r < 4; r++)
                {
                    var a0 = PlanarKernel.Lookup(ref Unsafe.Add(ref tt, r * stride), stride, idx);
                    var a1 = PlanarKernel.Lookup(ref Unsafe.Add(ref tt, (4 + r) * stride), stride, idx);
                    var a2 = PlanarKernel.Lookup(ref Unsafe.Add(ref tt, (8 + r) * stride), stride, idx);
                    var a3 = PlanarKernel.Lookup(ref Unsafe.Add(ref tt, (12 + r) * stride), stride, idx);
                    var b = ((a3 * u + a2) * u + a1) * u + a0;
                    b.StoreUnsafe(ref rb, (nuint)((i * 8 + r) * cap + s));
                    if (nd >= 1) (((a3 * 3.0) * u + a2 * 2.0) * u + a1).StoreUnsafe(ref rb, (nuint)((i * 8 + 4 + r) * cap + s));
                    v8 += b * PlanarKernel.Lookup(ref wt, ws, f + Vector512.Create((long)r));
                }
                ref double y = ref Unsafe.Add(ref ry, s);
                (Vector512.LoadUnsafe(ref y) + v8).StoreUnsafe(ref y);
                if (accumulateEdgeAbs)
                    for (int t = 0; t < 8; t++) abs += Math.Abs(v8.GetElement(t));
            }
            sc.EdgeAbs[i] = abs;
        }
    }

    /// <summary>Backward pass of a single-output cubic layer, eight samples at a time with the sample-by-sample operations.</summary>
    private static void BackwardSingle(PreparedLayer L, JetBlock input, LayerScratch sc, JetBlock outputAdjoint, JetBlock? inputAdjoint, double[]? edgeAdjoint)
    {
        int n = input.Count, nIn = L.In, cap = sc.Capacity, ws = L.BasisStride, P = L.P, stride = sc.SiluStride;
        double[] sil = sc.SiluD, dW = sc.DW;
        double[]? gx = inputAdjoint?.V;
        ref double rg = ref outputAdjoint.V[0];
        ref double rb = ref sc.Basis[0];
        ref int rf = ref sc.First[0];
        var lowPairs = Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11);
        var highPairs = Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15);
        for (int i = 0; i < nIn; i++)
        {
            ref double wt = ref L.WeightTable[i * ws];
            ref double dw = ref dW[i * P];
            double wb = L.Wb[i], dwb = sc.DWb[i];
            var vwb = Vector512.Create(wb);
            int full = n & ~7;
            for (int s = 0; s < full; s += 8)
            {
                var f = Avx512F.ConvertToVector512Int64(Vector256.LoadUnsafe(ref rf, (nuint)(i * cap + s)));
                int s0i = s * nIn + i;
                var sd0 = Vector512.Create(sil[s0i], sil[s0i + nIn], sil[s0i + 2 * nIn], sil[s0i + 3 * nIn], sil[s0i + 4 * nIn], sil[s0i + 5 * nIn], sil[s0i + 6 * nIn], sil[s0i + 7 * nIn]);
                int s1i = stride + s0i;
                var sd1 = Vector512.Create(sil[s1i], sil[s1i + nIn], sil[s1i + 2 * nIn], sil[s1i + 3 * nIn], sil[s1i + 4 * nIn], sil[s1i + 5 * nIn], sil[s1i + 6 * nIn], sil[s1i + 7 * nIn]);
                var a = Vector512.LoadUnsafe(ref rg, (nuint)s);
                var w0 = PlanarKernel.Lookup(ref wt, ws, f);
                var w1 = PlanarKernel.Lookup(ref wt, ws, f + Vector512<long>.One);
                var w2 = PlanarKernel.Lookup(ref wt, ws, f + Vector512.Create(2L));
                var w3 = PlanarKernel.Lookup(ref wt, ws, f + Vector512.Create(3L));
                ref double bq = ref Unsafe.Add(ref rb, i * 8 * cap + s);
                var b0 = Vector512.LoadUnsafe(ref bq);
                var b1 = Vector512.LoadUnsafe(ref bq, (nuint)cap);
                var b2 = Vector512.LoadUnsafe(ref bq, (nuint)(2 * cap));
                var b3 = Vector512.LoadUnsafe(ref bq, (nuint)(3 * cap));
                if (edgeAdjoint != null)
                {
                    var phi = vwb * sd0 + w0 * b0 + w1 * b1 + w2 * b2 + w3 * b3;
                    var sign = Vector512.ConditionalSelect(Vector512.GreaterThan(phi, Vector512<double>.Zero), Vector512<double>.One, Vector512<double>.Zero)
                             - Vector512.ConditionalSelect(Vector512.LessThan(phi, Vector512<double>.Zero), Vector512<double>.One, Vector512<double>.Zero);
                    a = a + Vector512.Create(edgeAdjoint[i]) * sign;
                }
                var g = sd1 * vwb + Vector512.LoadUnsafe(ref bq, (nuint)(4 * cap)) * w0 + Vector512.LoadUnsafe(ref bq, (nuint)(5 * cap)) * w1
                    + Vector512.LoadUnsafe(ref bq, (nuint)(6 * cap)) * w2 + Vector512.LoadUnsafe(ref bq, (nuint)(7 * cap)) * w3;
                var gxa = g * a;
                var p0 = sd0 * a;
                for (int t = 0; t < 8; t++) dwb += p0.GetElement(t);
                if (gx != null)
                    for (int t = 0; t < 8; t++) gx[(s + t) * nIn + i] = gxa.GetElement(t);
                // dW[first + r] += B_r a, sample after sample: the four terms of each lane side by side (lane t in slot (t&1)*4 + t/2)
                var lo01 = Avx512F.UnpackLow(b0 * a, b1 * a);
                var lo23 = Avx512F.UnpackLow(b2 * a, b3 * a);
                var hi01 = Avx512F.UnpackHigh(b0 * a, b1 * a);
                var hi23 = Avx512F.UnpackHigh(b2 * a, b3 * a);
                var t02 = Avx512F.PermuteVar8x64x2(lo01, lowPairs, lo23);
                var t46 = Avx512F.PermuteVar8x64x2(lo01, highPairs, lo23);
                var t13 = Avx512F.PermuteVar8x64x2(hi01, lowPairs, hi23);
                var t57 = Avx512F.PermuteVar8x64x2(hi01, highPairs, hi23);
                AddTuple(ref dw, (int)f.GetElement(0), t02.GetLower());
                AddTuple(ref dw, (int)f.GetElement(1), t13.GetLower());
                AddTuple(ref dw, (int)f.GetElement(2), t02.GetUpper());
                AddTuple(ref dw, (int)f.GetElement(3), t13.GetUpper());
                AddTuple(ref dw, (int)f.GetElement(4), t46.GetLower());
                AddTuple(ref dw, (int)f.GetElement(5), t57.GetLower());
                AddTuple(ref dw, (int)f.GetElement(6), t46.GetUpper());
                AddTuple(ref dw, (int)f.GetElement(7), t57.GetUpper());
            }
            for (int s = full; s < n; s++)
            {
                // the partial group: the sample-by-sample operations on the kept basis
                int si = s * nIn + i, first = Unsafe.Add(ref rf, i * cap + s);
                ref double bq = ref Unsafe.Add(ref rb, i * 8 * cap + s);
                double sd0 = sil[si], sd1 = sil[stride + si], a = Unsafe.Add(ref rg, s);
                if (edgeAdjoint != null)
                {
                    double phi = wb * sd0;
                    for (int r = 0; r < 4; r++) phi += Unsafe.Add(ref wt, first + r) * Unsafe.Add(ref bq, r * cap);
                    a = a + edgeAdjoint[i] * (phi > 0 ? 1.0 : phi < 0 ? -1.0 : 0.0);
                }
                double g = sd1 * wb;
                dwb += sd0 * a;
                for (int r = 0; r < 4; r++)
                {
                    g += Unsafe.Add(ref bq, (4 + r) * cap) * Unsafe.Add(ref wt, first + r);
                    Unsafe.Add(ref dw, first + r) += Unsafe.Add(ref bq, r * cap) * a;
                }
                if (gx != null) gx[si] = g * a;
            }
            sc.DWb[i] = dwb;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTuple(ref double row, int first, Vector256<double> v)
    {
        ref double dst = ref Unsafe.Add(ref row, first);
        (Vector256.LoadUnsafe(ref dst) + v).StoreUnsafe(ref dst);
    }

    /// <summary>Forward pass of a narrow layer, sample by sample: the basis at x, then each output's edge terms.</summary>
    private static void ForwardNarrow(PreparedLayer L, JetBlock input, LayerScratch sc, JetBlock output, bool accumulateEdgeAbs)
    {
        int n = input.Count, nIn = L.In, nOut = L.Out, k1 = L.K + 1, nd = sc.Derivatives, P = L.P, bs = (nd + 1) * k1;
        double[] W = L.W, x = input.V, sil = sc.SiluD;
        ref double rb = ref MemoryMarshal.GetArrayDataReference(sc.Basis);
        ref double ry = ref MemoryMarshal.GetArrayDataReference(output.V);
        for (int i = 0; i < nIn; i++)
        {
            var basis = L.Bases[i];
            ref double wb = ref L.Wb[i * nOut];
            ref double abs = ref sc.EdgeAbs[i * nOut];
            for (int s = 0; s < n; s++)
            {
                int si = s * nIn + i;
                ref double B = ref Unsafe.Add(ref rb, si * bs);
                int first = basis.EvaluateBlock(x[si], nd, MemoryMarshal.CreateSpan(ref B, bs));
                sc.First[si] = first;
                double s0 = sil[si];
                ref double w = ref W[(i * P + first) * nOut];
                ref double y = ref Unsafe.Add(ref ry, s * nOut);
                if (accumulateEdgeAbs)
                {
                    for (int j = 0; j < nOut; j++)
                    {
                        double v = Phi(ref Unsafe.Add(ref w, j), Unsafe.Add(ref wb, j), nOut, k1, s0, ref B);
                        Unsafe.Add(ref y, j) += v;
                        Unsafe.Add(ref abs, j) += Math.Abs(v);
                    }
                }
                else if (nOut == 1)
                {
                    double v = s0 * wb;
                    for (int r = 0; r < k1; r++) v += Unsafe.Add(ref B, r) * Unsafe.Add(ref w, r);
                    y += v;
                }
                else
                    for (int j = 0; j < nOut; j++)
                    {
                        double t = Unsafe.Add(ref y, j) + s0 * Unsafe.Add(ref wb, j);
                        for (int r = 0; r < k1; r++) t += Unsafe.Add(ref B, r) * Unsafe.Add(ref w, r * nOut + j);
                        Unsafe.Add(ref y, j) = t;
                    }
            }
        }
    }

    /// <summary>Backward pass of a narrow layer, sample by sample, with the operations of the basis-form kernel.</summary>
    private static void BackwardNarrow(PreparedLayer L, JetBlock input, LayerScratch sc, JetBlock outputAdjoint, JetBlock? inputAdjoint, double[]? edgeAdjoint)
    {
        int n = input.Count, nIn = L.In, nOut = L.Out, k1 = L.K + 1, nd = sc.Derivatives, P = L.P, bs = (nd + 1) * k1;
        int stride = sc.SiluStride;
        double[] W = L.W, dW = sc.DW, sil = sc.SiluD, gy = outputAdjoint.V;
        double[]? gx = inputAdjoint?.V;
        ref double rb = ref MemoryMarshal.GetArrayDataReference(sc.Basis);
        Span<double> A0 = sc.A0;
        for (int i = 0; i < nIn; i++)
        {
            ref double wb = ref L.Wb[i * nOut];
            ref double dwb = ref sc.DWb[i * nOut];
            for (int s = 0; s < n; s++)
            {
                int si = s * nIn + i;
                ref double B = ref Unsafe.Add(ref rb, si * bs);
                double sd0 = sil[si], sd1 = sil[stride + si];
                int row0 = (i * P + sc.First[si]) * nOut;
                ref double w = ref W[row0];
                ref double dw = ref dW[row0];
                ref double a0 = ref gy[s * nOut];
                if (edgeAdjoint != null)
                {
                    for (int j = 0; j < nOut; j++)
                    {
                        double phi = Phi(ref Unsafe.Add(ref w, j), Unsafe.Add(ref wb, j), nOut, k1, sd0, ref B);
                        A0[j] = Unsafe.Add(ref a0, j) + edgeAdjoint[i * nOut + j] * (phi > 0 ? 1.0 : phi < 0 ? -1.0 : 0.0);
                    }
                    a0 = ref MemoryMarshal.GetReference(A0);
                }
                double g;
                if (nOut == 1)
                {
                    double a = a0;
                    g = sd1 * wb;
                    dwb += sd0 * a;
                    for (int r = 0; r < k1; r++)
                    {
                        g += Unsafe.Add(ref B, k1 + r) * Unsafe.Add(ref w, r);
                        Unsafe.Add(ref dw, r) += Unsafe.Add(ref B, r) * a;
                    }
                    g *= a;
                }
                else if (nOut < 4)
                {
                    double dot = 0;
                    for (int j = 0; j < nOut; j++)
                    {
                        dot += Unsafe.Add(ref wb, j) * Unsafe.Add(ref a0, j);
                        Unsafe.Add(ref dwb, j) += sd0 * Unsafe.Add(ref a0, j);
                    }
                    g = sd1 * dot;
                    for (int r = 0; r < k1; r++)
                    {
                        double br = Unsafe.Add(ref B, r), rowDot = 0;
                        for (int j = 0; j < nOut; j++)
                        {
                            rowDot += Unsafe.Add(ref w, r * nOut + j) * Unsafe.Add(ref a0, j);
                            Unsafe.Add(ref dw, r * nOut + j) += br * Unsafe.Add(ref a0, j);
                        }
                        g += Unsafe.Add(ref B, k1 + r) * rowDot;
                    }
                }
                else
                {
                    ReadOnlySpan<double> a = MemoryMarshal.CreateReadOnlySpan(ref a0, nOut);
                    g = sd1 * VectorOps.DotAndAxpy(MemoryMarshal.CreateReadOnlySpan(ref wb, nOut), a, sd0, MemoryMarshal.CreateSpan(ref dwb, nOut));
                    for (int r = 0; r < k1; r++)
                        g += Unsafe.Add(ref B, k1 + r) * VectorOps.DotAndAxpy(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref w, r * nOut), nOut), a,
                            Unsafe.Add(ref B, r), MemoryMarshal.CreateSpan(ref Unsafe.Add(ref dw, r * nOut), nOut));
                }
                if (gx != null) gx[si] = g;
            }
        }
    }

    /// <summary>
    /// For input i at every sample of the block: the piece (0: left extension, 1..G grid intervals, G+1 right extension) and the local coordinate u = x - origin(piece),
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
                (xs - PlanarKernel.Lookup(ref origins, stride, idx)).StoreUnsafe(ref ru, (nuint)s0);
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
