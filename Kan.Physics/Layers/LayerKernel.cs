using System.Runtime.CompilerServices;
using Kan.Physics.Networks;
using Kan.Physics.Splines;
using Kan.Physics.Jets;

namespace Kan.Physics.Layers;

/// <summary>
/// A layer's parameters folded for evaluation: <c>W[(i*P + c)*Out + j] = mask*w_s*c_ijc</c> and
/// <c>Wb[i*Out + j] = mask*w_b</c>, with P = G + k rows per input. Rows are contiguous over outputs j, so each basis
/// value updates all of input i's edges with one vector axpy.
/// </summary>
internal sealed class PreparedLayer
{
    public readonly KanLayer Layer;
    public readonly int In, Out, K, P;
    public readonly double[] W, Wb;
    public readonly BSplineBasis[] Bases;

    public PreparedLayer(KanLayer layer)
    {
        Layer = layer; In = layer.InputCount; Out = layer.OutputCount; K = layer.Order; P = layer.BasisCount;
        W = new double[In * P * Out];
        Wb = new double[In * Out];
        Bases = new BSplineBasis[In];
        Refresh();
    }

    /// <summary>Re-reads parameters and knots from the layer.</summary>
    public void Refresh()
    {
        var L = Layer; int nb = L.BasisCount;
        for (int i = 0; i < In; i++) Bases[i] = L.Basis(i);
        for (int i = 0; i < In; i++)
            for (int j = 0; j < Out; j++)
            {
                int e = i * Out + j;
                double m = L.Mask[e], ws = m * L.ScaleSpline[e];
                Wb[e] = m * L.ScaleBase[e];
                for (int c = 0; c < nb; c++) W[(i * P + c) * Out + j] = ws * L.Coefficients[e * nb + c];
            }
    }

    /// <summary>
    /// Pieces per input (G + 2: left extension, the G intervals, right extension) and that rounded up to 8, or to 16
    /// above 8, so that a table of pieces is a whole number of register pairs (see <see cref="PlanarKernel.Lookup"/>).
    /// </summary>
    public int PieceCount => Layer.GridSize + 2;
    public int PieceStride => PieceCount <= 8 ? 8 : (PieceCount + 15) & ~15;

    /// <summary>
    /// Each edge's folded weights as one polynomial per piece, <c>Poly[(e*(k+1) + power)*PieceStride + piece]</c> =
    /// sum_r T_i[piece][power][r] W[i, first(piece) + r, j] with T_i input i's Taylor table, so phi_ij on a piece is
    /// silu(x) wb_ij + sum_power Poly u^power with u = x - origin(piece). Filled by <see cref="RefreshPolynomials"/>.
    /// </summary>
    public double[] Poly = [];

    /// <summary>Per input, the origin of each piece, <c>Origins[i*PieceStride + piece]</c>.</summary>
    public double[] Origins = [];
    /// <summary>Per input, its G + 1 grid points, <c>Grid[i*(G+1) + m]</c>.</summary>
    public double[] Grid = [];

    // per input, its piece origins and grid points, copied from its basis (shared by both polynomial layouts)
    private void RefreshOriginsAndGrid()
    {
        int stride = PieceStride, g = Layer.GridSize;
        if (Origins.Length != In * stride) Origins = new double[In * stride];
        if (Grid.Length != In * (g + 1)) Grid = new double[In * (g + 1)];
        for (int i = 0; i < In; i++)
        {
            Bases[i].PieceOrigins.CopyTo(Origins.AsSpan(i * stride));
            Bases[i].GridPoints.CopyTo(Grid.AsSpan(i * (g + 1)));
        }
    }

    /// <summary>Rebuilds <see cref="Poly"/>, <see cref="Origins"/> and <see cref="Grid"/> (call after <see cref="Refresh"/>).</summary>
    public void RefreshPolynomials()
    {
        int k1 = K + 1, np = PieceCount, stride = PieceStride, g = Layer.GridSize;
        if (Poly.Length != In * Out * k1 * stride) Poly = new double[In * Out * k1 * stride];
        RefreshOriginsAndGrid();
        for (int i = 0; i < In; i++)
        {
            var T = Bases[i].PiecePolynomials;
            for (int j = 0; j < Out; j++)
            {
                int e = i * Out + j;
                for (int piece = 0; piece < np; piece++)
                {
                    int f = Math.Clamp(piece - 1, 0, g - 1);
                    for (int pw = 0; pw < k1; pw++)
                    {
                        double acc = 0;
                        for (int r = 0; r < k1; r++) acc += T[(piece * k1 + pw) * k1 + r] * W[(i * P + f + r) * Out + j];
                        Poly[(e * k1 + pw) * stride + piece] = acc;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adds the gradient with respect to <see cref="Poly"/>, laid out <c>dPoly[(e*PieceStride + piece)*(k+1) + power]</c>,
    /// to the folded-weight gradient dW (the transpose of <see cref="RefreshPolynomials"/>).
    /// </summary>
    public void PolynomialGradientToWeights(ReadOnlySpan<double> dPoly, double[] dW)
    {
        int k1 = K + 1, np = PieceCount, stride = PieceStride, g = Layer.GridSize;
        for (int i = 0; i < In; i++)
        {
            var T = Bases[i].PiecePolynomials;
            for (int j = 0; j < Out; j++)
            {
                int e = i * Out + j;
                for (int piece = 0; piece < np; piece++)
                {
                    int f = Math.Clamp(piece - 1, 0, g - 1);
                    for (int r = 0; r < k1; r++)
                    {
                        double acc = 0;
                        for (int pw = 0; pw < k1; pw++) acc += T[(piece * k1 + pw) * k1 + r] * dPoly[(e * stride + piece) * k1 + pw];
                        dW[(i * P + f + r) * Out + j] += acc;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The same piece polynomials as <see cref="Poly"/>, laid out for the sample-major order-0 kernel
    /// (<see cref="ValueKernel"/>): <c>Rows[((i*PieceCount + piece)*(k+1) + power)*Out + j]</c>, contiguous over the
    /// outputs. Filled, with <see cref="Origins"/>, by <see cref="RefreshRows"/>.
    /// </summary>
    public double[] Rows = [];

    /// <summary>Rebuilds <see cref="Rows"/>, <see cref="Origins"/> and <see cref="Grid"/> from the folded weights (call after <see cref="Refresh"/>).</summary>
    public void RefreshRows()
    {
        int k1 = K + 1, np = PieceCount, stride = PieceStride, g = Layer.GridSize;
        if (Rows.Length != In * np * k1 * Out) Rows = new double[In * np * k1 * Out];
        RefreshOriginsAndGrid();
        for (int i = 0; i < In; i++)
        {
            var T = Bases[i].PiecePolynomials;
            for (int piece = 0; piece < np; piece++)
            {
                int f = Math.Clamp(piece - 1, 0, g - 1);
                for (int pw = 0; pw < k1; pw++)
                {
                    Span<double> dst = Rows.AsSpan(((i * np + piece) * k1 + pw) * Out, Out);
                    ReadOnlySpan<double> t = T.Slice((piece * k1 + pw) * k1, k1);
                    if (Out < 8)
                    {
                        // few outputs: plain loops (the vector helpers' set-up costs more than the work)
                        for (int j = 0; j < Out; j++)
                        {
                            double acc = 0;
                            for (int r = 0; r < k1; r++) acc += t[r] * W[(i * P + f + r) * Out + j];
                            dst[j] = acc;
                        }
                        continue;
                    }
                    dst.Clear();
                    for (int r = 0; r < k1; r++)
                        if (t[r] != 0) VectorOps.Axpy(t[r], W.AsSpan((i * P + f + r) * Out, Out), dst);
                }
            }
        }
    }

    /// <summary>Adds the gradient with respect to <see cref="Rows"/> (same layout), mapped through the Taylor tables, to <paramref name="dW"/>.</summary>
    public void RowGradientToWeights(ReadOnlySpan<double> dRows, double[] dW)
    {
        int k1 = K + 1, np = PieceCount, g = Layer.GridSize;
        for (int i = 0; i < In; i++)
        {
            var T = Bases[i].PiecePolynomials;
            for (int piece = 0; piece < np; piece++)
            {
                int f = Math.Clamp(piece - 1, 0, g - 1);
                for (int pw = 0; pw < k1; pw++)
                {
                    ReadOnlySpan<double> src = dRows.Slice(((i * np + piece) * k1 + pw) * Out, Out);
                    ReadOnlySpan<double> t = T.Slice((piece * k1 + pw) * k1, k1);
                    for (int r = 0; r < k1; r++)
                    {
                        if (t[r] == 0) continue;
                        if (Out < 8)
                            for (int j = 0; j < Out; j++) dW[(i * P + f + r) * Out + j] += t[r] * src[j];
                        else VectorOps.Axpy(t[r], src, dW.AsSpan((i * P + f + r) * Out, Out));
                    }
                }
            }
        }
    }

    /// <summary>Basis functions per input (G + k) rounded up as <see cref="PieceStride"/> rounds pieces.</summary>
    public int BasisStride => P <= 8 ? 8 : (P + 15) & ~15;

    /// <summary>
    /// Narrow cubic layers (<see cref="ValueKernel"/>): the Taylor tables transposed so that each (power, r) is a
    /// table over pieces, <c>Taylor[(i*16 + power*4 + r)*PieceStride + piece]</c>, and each edge's folded weights
    /// <c>WeightTable[e*BasisStride + c] = W[(i*P + c)*Out + j]</c>, zero-padded. Filled, with <see cref="Origins"/>
    /// and <see cref="Grid"/>, by <see cref="RefreshNarrow"/>.
    /// </summary>
    public double[] Taylor = [], WeightTable = [];

    /// <summary>Rebuilds <see cref="Taylor"/>, <see cref="WeightTable"/>, <see cref="Origins"/> and <see cref="Grid"/> (cubic; after <see cref="Refresh"/>).</summary>
    public void RefreshNarrow()
    {
        int np = PieceCount, stride = PieceStride, ws = BasisStride, g = Layer.GridSize;
        if (Taylor.Length != In * 16 * stride) Taylor = new double[In * 16 * stride];
        if (WeightTable.Length != In * Out * ws) WeightTable = new double[In * Out * ws];
        if (Origins.Length != In * stride) Origins = new double[In * stride];
        if (Grid.Length != In * (g + 1)) Grid = new double[In * (g + 1)];
        for (int i = 0; i < In; i++)
        {
            Bases[i].PieceOrigins.CopyTo(Origins.AsSpan(i * stride));
            Bases[i].GridPoints.CopyTo(Grid.AsSpan(i * (g + 1)));
            var T = Bases[i].PiecePolynomials;
            for (int q = 0; q < 16; q++)
                for (int piece = 0; piece < np; piece++) Taylor[(i * 16 + q) * stride + piece] = T[piece * 16 + q];
            for (int j = 0; j < Out; j++)
                for (int c = 0; c < P; c++) WeightTable[(i * Out + j) * ws + c] = W[(i * P + c) * Out + j];
        }
    }

    /// <summary>Chain rule from folded-weight gradients to the layer's parameter gradient (layout of KanLayer.GetParameters).</summary>
    public void AccumulateParameterGradient(double[] dW, double[] dWb, Span<double> grad)
    {
        var L = Layer; int nb = L.BasisCount, edges = L.EdgeCount;
        for (int i = 0; i < In; i++)
            for (int j = 0; j < Out; j++)
            {
                int e = i * Out + j;
                double m = L.Mask[e], ws = L.ScaleSpline[e], dws = 0;
                for (int c = 0; c < nb; c++)
                {
                    double g = dW[(i * P + c) * Out + j];
                    grad[e * nb + c] += m * ws * g;
                    dws += L.Coefficients[e * nb + c] * g;
                }
                grad[edges * nb + e] += m * dWb[e];
                grad[edges * nb + edges + e] += m * dws;
            }
    }
}

/// <summary>Per-thread scratch for one layer: cached basis values of the block, silu derivatives, and gradient accumulators.</summary>
internal sealed class LayerScratch
{
    public readonly int Derivatives; // basis derivatives kept (0..3)
    /// <summary>Samples the scratch holds.</summary>
    public readonly int Capacity;
    /// <summary>Order-0 kernel: piece of sample s's input i at [i*Capacity + s], and u = x - origin(piece) beside it in <see cref="U"/>.</summary>
    public readonly int[] Piece;
    public readonly double[] U;
    /// <summary>Order-0 kernel: gradient with respect to <see cref="PreparedLayer.Rows"/> (same layout).</summary>
    public readonly double[] DRows;
    /// <summary>Order-0 kernel: each input's values, <c>X[i*Capacity + s]</c>.</summary>
    public readonly double[] X;
    /// <summary>Order-0 kernel, narrow layers: outputs or their adjoints planar, <c>[j*Capacity + s]</c>.</summary>
    public readonly double[] Planar;
    /// <summary>Order-0 kernel, narrow layers of several outputs: the weight gradient per edge, <c>[e*BasisStride + c]</c> (copied to <see cref="DW"/> by ValueKernel.FinishPartition).</summary>
    public readonly double[] DWT;
    public readonly int[] First;
    public readonly double[] Basis; // [(s*In + i)*(Derivatives+1) + q][r], r = 0..k
    public readonly double[] SiluD;  // planar: [q * SiluStride + s*In + i]
    public readonly int SiluStride;
    public readonly double[] Phi0, Phi1, Phi2, Phi3, A0, A1, A2;
    public readonly double[] DW, DWb, EdgeAbs;

    public LayerScratch(PreparedLayer p, int capacity, int derivatives)
    {
        Derivatives = derivatives;
        Capacity = capacity;
        Piece = new int[capacity * p.In];
        U = new double[capacity * p.In];
        DRows = new double[p.In * p.PieceCount * (p.K + 1) * p.Out];
        X = new double[capacity * p.In];
        Planar = new double[capacity * p.Out];
        DWT = new double[p.In * p.Out * p.BasisStride];
        First = new int[capacity * p.In];
        Basis = new double[capacity * p.In * Math.Max(derivatives + 1, 2) * (p.K + 1)]; // at least two levels: the order-0 kernel keeps values and first derivatives
        SiluStride = capacity * p.In;
        SiluD = new double[4 * SiluStride];
        Phi0 = new double[p.Out]; Phi1 = new double[p.Out]; Phi2 = new double[p.Out]; Phi3 = new double[p.Out];
        A0 = new double[p.Out]; A1 = new double[p.Out]; A2 = new double[p.Out];
        DW = new double[p.W.Length]; DWb = new double[p.Wb.Length]; EdgeAbs = new double[p.Wb.Length];
    }

    public void ClearAccumulators()
    {
        Array.Clear(DW); Array.Clear(DWb); Array.Clear(EdgeAbs); Array.Clear(DRows); Array.Clear(DWT);
    }
}

/// <summary>
/// Forward and backward passes of one layer over a block of samples, on jets of order 0, 1 or 2.
/// Forward: <c>h_j = sum_i phi_ij(x_i)</c>, <c>dh_j = sum_i phi'_ij dx_i</c>,
/// <c>d2h_j = sum_i phi''_ij dx_i dx_i^T + phi'_ij d2x_i</c>.
/// Backward is the hand-derived adjoint of the same recurrences (it needs phi''' for order 2).
/// </summary>
internal static class LayerKernel
{
    /// <summary>Below this many outputs the order-0 passes use scalar loops: the vector helpers' set-up costs more than they save.</summary>
    private const int SmallWidth = 8;

    /// <summary>phi_ij = silu(x) wb_ij + sum_r B_r W[first + r, j], summed in the order <see cref="VectorOps.Combine3"/> uses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double PhiScalar(double[] W, double wb, int index, int nOut, int k1, double silu, ReadOnlySpan<double> B)
    {
        double v = wb * silu;
        for (int r = 0; r < k1; r++) v += W[index + r * nOut] * B[r];
        return v;
    }

    /// <summary>Math.Sign as a double, without its NaN check (a NaN phi makes the loss NaN anyway); 0 at 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Sign(double v) => v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;

    /// <summary>
    /// Evaluates the layer on <paramref name="input"/> into <paramref name="output"/> (overwritten) and caches the basis in
    /// <paramref name="scratch"/>. When <paramref name="accumulateEdgeAbs"/> is set, adds |phi_ij| of every sample to scratch.EdgeAbs.
    /// </summary>
    public static void Forward(PreparedLayer L, JetBlock input, LayerScratch scratch, JetBlock output, bool accumulateEdgeAbs)
    {
        int n = input.Count, nIn = L.In, nOut = L.Out, k1 = L.K + 1, nd = scratch.Derivatives, order = output.Order;
        int d = output.Dimension, np = output.Pairs;
        output.Count = n;
        output.Clear();
        double[] W = L.W, Wb = L.Wb;
        Span<double> phi0 = scratch.Phi0, phi1 = scratch.Phi1, phi2 = scratch.Phi2;
        double[] sil = scratch.SiluD;
        int stride = scratch.SiluStride;
        Silu.EvaluateBlock(input.V.AsSpan(0, n * nIn), nd, sil, stride);
        for (int s = 0; s < n; s++)
        {
            Span<double> y = output.V.AsSpan(s * nOut, nOut);
            for (int i = 0; i < nIn; i++)
            {
                int si = s * nIn + i;
                double x = input.V[si];
                int bOff = si * (nd + 1) * k1;
                Span<double> B = scratch.Basis.AsSpan(bOff, (nd + 1) * k1);
                int first = L.Bases[i].EvaluateBlock(x, nd, B);
                scratch.First[si] = first;
                double s0 = sil[si], s1 = sil[stride + si], s2 = sil[2 * stride + si];
                int row0 = (i * L.P + first) * nOut;
                ReadOnlySpan<double> wb = Wb.AsSpan(i * nOut, nOut);

                if (order == 0 && !accumulateEdgeAbs)
                {
                    if (nOut == 1)
                    {
                        // a single output: the k+1 weights of this input are consecutive, no vector rows to update
                        double v = s0 * wb[0];
                        for (int r = 0; r < k1; r++) v += B[r] * W[row0 + r];
                        y[0] += v;
                        continue;
                    }
                    if (nOut < SmallWidth)
                    {
                        // few outputs: scalar loops, each y_j updated in the same order as the row axpys below
                        for (int j = 0; j < nOut; j++)
                        {
                            double t = y[j] + s0 * wb[j];
                            for (int r = 0; r < k1; r++) t += B[r] * W[row0 + r * nOut + j];
                            y[j] = t;
                        }
                        continue;
                    }
                    VectorOps.Axpy(s0, wb, y);
                    for (int r = 0; r < k1; r++) VectorOps.Axpy(B[r], W.AsSpan(row0 + r * nOut, nOut), y);
                    continue;
                }
                if (order == 0 && nOut < SmallWidth)
                {
                    // the sparsity pass with few outputs: phi_ij as Combine3 forms it, without its vector set-up
                    Span<double> acc = scratch.EdgeAbs.AsSpan(i * nOut, nOut);
                    for (int j = 0; j < nOut; j++)
                    {
                        double v = PhiScalar(W, wb[j], row0 + j, nOut, k1, s0, B);
                        y[j] += v;
                        acc[j] += Math.Abs(v);
                    }
                    continue;
                }
                Span<double> silu = [s0, s1, s2];
                VectorOps.Combine3(W, wb, row0, nOut, k1, silu, B, Math.Min(order + 1, 3), phi0, phi1, phi2);
                VectorOps.Axpy(1.0, phi0, y);
                if (accumulateEdgeAbs)
                {
                    Span<double> acc = scratch.EdgeAbs.AsSpan(i * nOut, nOut);
                    for (int j = 0; j < nOut; j++) acc[j] += Math.Abs(phi0[j]);
                }
                if (order == 0) continue;
                int dIn = input.Dimension;
                for (int a = 0; a < d; a++)
                {
                    double dxa = input.D1[(s * dIn + a) * nIn + i];
                    if (dxa != 0) VectorOps.Axpy(dxa, phi1, output.D1.AsSpan((s * d + a) * nOut, nOut));
                }
                if (order == 1) continue;
                for (int a = 0; a < d; a++)
                {
                    double dxa = input.D1[(s * dIn + a) * nIn + i];
                    for (int b = a; b < d; b++)
                    {
                        int p = JetBlock.PairIndex(a, b, d);
                        Span<double> h = output.D2.AsSpan((s * np + p) * nOut, nOut);
                        double dxb = input.D1[(s * dIn + b) * nIn + i];
                        double c2 = dxa * dxb, c1 = input.D2[(s * np + p) * nIn + i];
                        if (c2 != 0) VectorOps.Axpy(c2, phi2, h);
                        if (c1 != 0) VectorOps.Axpy(c1, phi1, h);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Adjoint of <see cref="Forward"/>: from d loss / d output jet, accumulates the folded-weight gradients into scratch
    /// and writes d loss / d input jet into <paramref name="inputAdjoint"/> (overwritten; may be null when not needed).
    /// <paramref name="edgeAdjoint"/>, when given, adds edgeAdjoint_ij * sign(phi_ij) to d loss / d phi_ij (sparsity regulariser).
    /// </summary>
    public static void Backward(PreparedLayer L, JetBlock input, LayerScratch scratch, JetBlock outputAdjoint, JetBlock? inputAdjoint, double[]? edgeAdjoint)
    {
        int n = input.Count, nIn = L.In, nOut = L.Out, k1 = L.K + 1, nd = scratch.Derivatives, order = outputAdjoint.Order;
        int d = outputAdjoint.Dimension, np = outputAdjoint.Pairs;
        double[] W = L.W, Wb = L.Wb, dW = scratch.DW, dWb = scratch.DWb;
        if (inputAdjoint != null) { inputAdjoint.Count = n; inputAdjoint.Clear(); }
        Span<double> phi0 = scratch.Phi0, phi1 = scratch.Phi1, phi2 = scratch.Phi2, phi3 = scratch.Phi3;
        Span<double> A0 = scratch.A0, A1 = scratch.A1, A2 = scratch.A2;
        Span<double> h2 = stackalloc double[Math.Max(np, 1)], h1 = stackalloc double[Math.Max(np, 1)];
        for (int s = 0; s < n; s++)
        {
            ReadOnlySpan<double> gy = outputAdjoint.V.AsSpan(s * nOut, nOut);
            for (int i = 0; i < nIn; i++)
            {
                int si = s * nIn + i;
                ReadOnlySpan<double> B = scratch.Basis.AsSpan(si * (nd + 1) * k1, (nd + 1) * k1);
                int stride = scratch.SiluStride;
                double sd0 = scratch.SiluD[si], sd1 = scratch.SiluD[stride + si];
                int row0 = (i * L.P + scratch.First[si]) * nOut;
                ReadOnlySpan<double> wb = Wb.AsSpan(i * nOut, nOut);
                Span<double> dwb = dWb.AsSpan(i * nOut, nOut);

                ReadOnlySpan<double> a0 = gy;
                if (edgeAdjoint != null)
                {
                    if (nOut < SmallWidth)
                        for (int j = 0; j < nOut; j++) A0[j] = gy[j] + edgeAdjoint[i * nOut + j] * Sign(PhiScalar(W, wb[j], row0 + j, nOut, k1, sd0, B));
                    else
                    {
                        Span<double> silu0 = [sd0];
                        VectorOps.Combine3(W, wb, row0, nOut, k1, silu0, B, 1, phi0, default, default);
                        for (int j = 0; j < nOut; j++) A0[j] = gy[j] + edgeAdjoint[i * nOut + j] * Sign(phi0[j]);
                    }
                    a0 = A0;
                }

                if (order == 0 && nOut == 1)
                {
                    double a = a0[0], g = sd1 * wb[0];
                    dwb[0] += sd0 * a;
                    for (int r = 0; r < k1; r++)
                    {
                        g += B[k1 + r] * W[row0 + r];
                        dW[row0 + r] += B[r] * a;
                    }
                    if (inputAdjoint != null) inputAdjoint.V[si] = g * a;
                    continue;
                }
                if (order == 0 && nOut < 4)
                {
                    // two or three outputs: DotAndAxpy's scalar tail, written out without its span set-up (from four on,
                    // DotAndAxpy sums in vector lanes, which a scalar loop would round differently)
                    double dot = 0;
                    for (int j = 0; j < nOut; j++)
                    {
                        dot += wb[j] * a0[j];
                        dwb[j] += sd0 * a0[j];
                    }
                    double g = sd1 * dot;
                    for (int r = 0; r < k1; r++)
                    {
                        int row = row0 + r * nOut;
                        double br = B[r], rowDot = 0;
                        for (int j = 0; j < nOut; j++)
                        {
                            rowDot += W[row + j] * a0[j];
                            dW[row + j] += br * a0[j];
                        }
                        g += B[k1 + r] * rowDot;
                    }
                    if (inputAdjoint != null) inputAdjoint.V[si] = g;
                    continue;
                }
                if (order == 0)
                {
                    // d loss/dx = silu' (wb . a0) + sum_r B'_r (W_r . a0), fused with dW_r += B_r a0 in one pass per row
                    double g = sd1 * VectorOps.DotAndAxpy(wb, a0, sd0, dwb);
                    for (int r = 0; r < k1; r++)
                        g += B[k1 + r] * VectorOps.DotAndAxpy(W.AsSpan(row0 + r * nOut, nOut), a0, B[r], dW.AsSpan(row0 + r * nOut, nOut));
                    if (inputAdjoint != null) inputAdjoint.V[si] = g;
                    continue;
                }

                int dIn = input.Dimension;
                // A1 = sum_a dx_a gD_a + sum_p d2x_p gH_p ; A2 = sum_p dx_a dx_b gH_p
                A1.Clear();
                for (int a = 0; a < d; a++)
                {
                    double dxa = input.D1[(s * dIn + a) * nIn + i];
                    if (dxa != 0) VectorOps.Axpy(dxa, outputAdjoint.D1.AsSpan((s * d + a) * nOut, nOut), A1);
                }
                if (order >= 2)
                {
                    A2.Clear();
                    for (int a = 0; a < d; a++)
                    {
                        double dxa = input.D1[(s * dIn + a) * nIn + i];
                        for (int b = a; b < d; b++)
                        {
                            int p = JetBlock.PairIndex(a, b, d);
                            ReadOnlySpan<double> gh = outputAdjoint.D2.AsSpan((s * np + p) * nOut, nOut);
                            double c2 = dxa * input.D1[(s * dIn + b) * nIn + i], c1 = input.D2[(s * np + p) * nIn + i];
                            if (c2 != 0) VectorOps.Axpy(c2, gh, A2);
                            if (c1 != 0) VectorOps.Axpy(c1, gh, A1);
                        }
                    }
                }

                double sd2 = scratch.SiluD[2 * stride + si], sd3 = order >= 2 ? scratch.SiluD[3 * stride + si] : 0;
                Span<double> silu = [sd1, sd2, sd3];
                VectorOps.Combine3(W, wb, row0, nOut, k1, silu, B[k1..], order + 1, phi1, phi2, phi3);
                if (order < 2) A2.Clear(); // so the fused three-level updates below need no branches

                if (inputAdjoint != null)
                {
                    inputAdjoint.V[si] = order >= 2 ? VectorOps.Dot3(a0, phi1, A1, phi2, A2, phi3) : VectorOps.Dot(a0, phi1) + VectorOps.Dot(A1, phi2);
                    // gH_p . phi2 and gH_p . phi1, once per pair
                    for (int p = 0; p < np; p++)
                    {
                        ReadOnlySpan<double> gh = outputAdjoint.D2.AsSpan((s * np + p) * nOut, nOut);
                        h2[p] = VectorOps.Dot(gh, phi2);
                        h1[p] = VectorOps.Dot(gh, phi1);
                    }
                    for (int a = 0; a < d; a++)
                    {
                        double g = VectorOps.Dot(outputAdjoint.D1.AsSpan((s * d + a) * nOut, nOut), phi1);
                        for (int b = 0; b < d && order >= 2; b++)
                            g += (a == b ? 2.0 : 1.0) * input.D1[(s * dIn + b) * nIn + i] * h2[JetBlock.PairIndex(a, b, d)];
                        inputAdjoint.D1[(s * dIn + a) * nIn + i] = g;
                    }
                    for (int p = 0; p < np; p++) inputAdjoint.D2[(s * np + p) * nIn + i] = h1[p];
                }

                VectorOps.Axpy3(sd0, a0, sd1, A1, sd2, A2, dwb);
                for (int r = 0; r < k1; r++)
                    VectorOps.Axpy3(B[r], a0, B[k1 + r], A1, order >= 2 ? B[2 * k1 + r] : 0, A2, dW.AsSpan(row0 + r * nOut, nOut));
            }
        }
    }
}
