using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Kan.Physics.Networks;

namespace Kan.Physics.Layers;

/// <summary>
/// A block's jet stored planar (structure of arrays): samples are contiguous, so every per-edge update of the jet runs
/// over eight samples at once whatever the layer width. <c>V[j*B + s]</c>, <c>D1[(a*W + j)*B + s]</c>,
/// <c>D2[(p*W + j)*B + s]</c>, with B = <see cref="NetworkEvaluator.BlockSize"/>, W the width and p a pair of
/// <see cref="JetBlock.PairIndex"/>.
/// </summary>
internal sealed class PlanarJet
{
    public const int B = NetworkEvaluator.BlockSize;
    public readonly int Width, Dimension, Order, Pairs;
    public readonly double[] V, D1, D2;

    public PlanarJet(int width, int dimension, int order)
    {
        Width = width; Dimension = dimension; Order = order;
        Pairs = order >= 2 ? dimension * (dimension + 1) / 2 : 0;
        V = new double[width * B];
        D1 = order >= 1 ? new double[dimension * width * B] : [];
        D2 = order >= 2 ? new double[Pairs * width * B] : [];
    }

    public void Clear()
    {
        Array.Clear(V);
        Array.Clear(D1);
        Array.Clear(D2);
    }

    /// <summary>Copies the first <paramref name="n"/> samples into a sample-major <see cref="JetBlock"/> (Count set to n).</summary>
    public void CopyTo(JetBlock dst, int n)
    {
        int w = Width, d = Dimension, np = Pairs;
        dst.Count = n;
        for (int j = 0; j < w; j++)
            for (int s = 0; s < n; s++) dst.V[s * w + j] = V[j * B + s];
        if (Order >= 1)
            for (int a = 0; a < d; a++)
                for (int j = 0; j < w; j++)
                    for (int s = 0; s < n; s++) dst.D1[(s * d + a) * w + j] = D1[(a * w + j) * B + s];
        if (Order >= 2)
            for (int p = 0; p < np; p++)
                for (int j = 0; j < w; j++)
                    for (int s = 0; s < n; s++) dst.D2[(s * np + p) * w + j] = D2[(p * w + j) * B + s];
    }

    /// <summary>Copies n samples of a sample-major block in; lanes n..B-1 are zeroed.</summary>
    public void CopyFrom(JetBlock src, int n)
    {
        int w = Width, d = Dimension, np = Pairs;
        Clear();
        for (int j = 0; j < w; j++)
            for (int s = 0; s < n; s++) V[j * B + s] = src.V[s * w + j];
        if (Order >= 1)
            for (int a = 0; a < d; a++)
                for (int j = 0; j < w; j++)
                    for (int s = 0; s < n; s++) D1[(a * w + j) * B + s] = src.D1[(s * d + a) * w + j];
        if (Order >= 2)
            for (int p = 0; p < np; p++)
                for (int j = 0; j < w; j++)
                    for (int s = 0; s < n; s++) D2[(p * w + j) * B + s] = src.D2[(s * np + p) * w + j];
    }
}

/// <summary>Per-thread scratch of the planar kernel for one layer.</summary>
internal sealed class PlanarScratch
{
    public readonly int Derivatives;
    public readonly long[] Piece;    // [i*B + s]: piece of the sample's input i (0: left extension, 1..G intervals, G+1 right)
    public readonly double[] U;      // [i*B + s]: x - origin(piece)
    public readonly double[] Silu;   // [(q*In + i)*B + s]
    public readonly double[] Phi;    // [(q*E + e)*B + s], e = i*Out + j, q = 0..Derivatives
    public readonly double[] Adj;    // [q*B + s], q = 0..2: d loss / d phi_q of the edge being processed
    public readonly double[] PowerAdjoint; // [power*B + s]: d loss / d Poly[e, power, piece(s)] of the edge being processed
    public readonly double[] DPoly;  // gradient with respect to PreparedLayer.Poly, same layout

    public PlanarScratch(PreparedLayer p, int derivatives)
    {
        const int B = PlanarJet.B;
        Derivatives = derivatives;
        Piece = new long[p.In * B];
        U = new double[p.In * B];
        Silu = new double[4 * p.In * B];
        Phi = new double[(derivatives + 1) * p.In * p.Out * B];
        Adj = new double[3 * B];
        PowerAdjoint = new double[(p.K + 1) * B];
        DPoly = new double[p.In * p.Out * (p.K + 1) * p.PieceStride];
    }
}

/// <summary>
/// The layer kernel for jets of order 1 and 2 on <see cref="PlanarJet"/> blocks: the same recurrences as
/// <see cref="LayerKernel"/>, vectorised over eight samples at a time whatever the layer width. Each edge is read as one
/// polynomial per piece (<see cref="PreparedLayer.Poly"/>): the eight samples' coefficients are picked from registers by
/// a permute (up to 16 pieces) and phi and its derivatives follow by Horner's scheme. The backward pass accumulates the
/// gradient per piece polynomial and maps it to the weights once per batch
/// (<see cref="PreparedLayer.PolynomialGradientToWeights"/>).
/// </summary>
internal static class PlanarKernel
{
    private const int B = PlanarJet.B;

    /// <summary>
    /// Evaluates the layer on the first <paramref name="nv"/> lanes (a multiple of 8; lanes past the block's samples
    /// hold finite padding) and keeps phi for <see cref="Backward"/>. With <paramref name="edgeAbsAccumulator"/>,
    /// adds |phi_ij| of the first <paramref name="n"/> samples to it.
    /// </summary>
    public static void Forward(PreparedLayer L, PlanarJet X, PlanarScratch sc, PlanarJet Y, int n, int nv, double[]? edgeAbsAccumulator)
    {
        int nIn = L.In, nOut = L.Out, k = L.K, k1 = k + 1, nd = sc.Derivatives, order = Y.Order, d = Y.Dimension;
        int E = nIn * nOut, stride = L.PieceStride;
        Y.Clear();
        double[] phi = sc.Phi, sil = sc.Silu, Wb = L.Wb;
        Span<Vector512<double>> c = stackalloc Vector512<double>[k1];
        ref double rphi = ref MemoryMarshal.GetArrayDataReference(phi);
        ref double rsil = ref MemoryMarshal.GetArrayDataReference(sil);
        ref double rx1 = ref MemoryMarshal.GetArrayDataReference(X.D1);
        ref double rx2 = ref MemoryMarshal.GetArrayDataReference(X.D2);
        ref double ry0 = ref MemoryMarshal.GetArrayDataReference(Y.V);
        ref double ry1 = ref MemoryMarshal.GetArrayDataReference(Y.D1);
        ref double ry2 = ref MemoryMarshal.GetArrayDataReference(Y.D2);
        ref double ru = ref MemoryMarshal.GetArrayDataReference(sc.U);
        ref long rpc = ref MemoryMarshal.GetArrayDataReference(sc.Piece);
        ref double rpoly = ref MemoryMarshal.GetArrayDataReference(L.Poly);
        for (int i = 0; i < nIn; i++)
        {
            Layers.Silu.EvaluateBlock(X.V.AsSpan(i * B, nv), nd, sil.AsSpan(i * B), nIn * B);
            Locate(L.Bases[i], X.V, sc, i, nv);
            for (int j = 0; j < nOut; j++)
            {
                int e = i * nOut + j;
                double wb = Wb[e];
                ref double table = ref Unsafe.Add(ref rpoly, e * k1 * stride);
                for (int s = 0; s < nv; s += 8)
                {
                    var idx = Vector512.LoadUnsafe(ref rpc, (nuint)(i * B + s));
                    var u = Vector512.LoadUnsafe(ref ru, (nuint)(i * B + s));
                    for (int pw = 0; pw < k1; pw++) c[pw] = Lookup(ref Unsafe.Add(ref table, pw * stride), stride, idx);
                    // phi_q = silu_q wb + d^q/du^q sum_pw c_pw u^pw, by Horner
                    for (int q = 0; q <= nd; q++)
                    {
                        var acc = q <= k ? c[k] * Falling(k, q) : Vector512<double>.Zero;
                        for (int pw = k - 1; pw >= q; pw--) acc = acc * u + c[pw] * Falling(pw, q);
                        acc += Vector512.LoadUnsafe(ref rsil, (nuint)((q * nIn + i) * B + s)) * wb;
                        acc.StoreUnsafe(ref rphi, (nuint)((q * E + e) * B + s));
                    }
                    var p0 = Vector512.LoadUnsafe(ref rphi, (nuint)(e * B + s));
                    var p1 = Vector512.LoadUnsafe(ref rphi, (nuint)((E + e) * B + s));
                    Add(ref ry0, j * B + s, p0);
                    for (int a = 0; a < d; a++)
                    {
                        var dxa = Vector512.LoadUnsafe(ref rx1, (nuint)((a * nIn + i) * B + s));
                        Add(ref ry1, (a * nOut + j) * B + s, p1 * dxa);
                    }
                    if (order < 2) continue;
                    var p2 = Vector512.LoadUnsafe(ref rphi, (nuint)((2 * E + e) * B + s));
                    for (int a = 0, p = 0; a < d; a++)
                    {
                        var dxa = Vector512.LoadUnsafe(ref rx1, (nuint)((a * nIn + i) * B + s));
                        var p2a = p2 * dxa;
                        for (int b = a; b < d; b++, p++)
                        {
                            var dxb = Vector512.LoadUnsafe(ref rx1, (nuint)((b * nIn + i) * B + s));
                            var d2x = Vector512.LoadUnsafe(ref rx2, (nuint)((p * nIn + i) * B + s));
                            Add(ref ry2, (p * nOut + j) * B + s, p2a * dxb + p1 * d2x);
                        }
                    }
                }
                if (edgeAbsAccumulator != null)
                {
                    double acc = 0;
                    for (int s = 0; s < n; s++) acc += Math.Abs(phi[e * B + s]);
                    edgeAbsAccumulator[e] += acc;
                }
            }
        }
    }

    /// <summary>Piece and local coordinate u = x - origin(piece) of input i at every lane.</summary>
    private static void Locate(Splines.BSplineBasis basis, double[] x, PlanarScratch sc, int i, int nv)
    {
        var origins = basis.PieceOrigins;
        for (int s = 0; s < nv; s++)
        {
            double xs = x[i * B + s];
            int piece = Math.Max(basis.FindPiece(xs), 0); // NaN: piece 0, u stays NaN
            sc.Piece[i * B + s] = piece;
            sc.U[i * B + s] = xs - origins[piece];
        }
    }

    /// <summary>table[idx[t]] for the eight lanes: a register permute for up to 16 pieces, else element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Lookup(ref double table, int stride, Vector512<long> idx)
    {
        if (Avx512F.IsSupported)
        {
            if (stride == 8) return Avx512F.PermuteVar8x64(Vector512.LoadUnsafe(ref table), idx);
            if (stride == 16) return Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref table), idx, Vector512.LoadUnsafe(ref table, 8));
        }
        return Vector512.Create(Unsafe.Add(ref table, (nint)idx.GetElement(0)), Unsafe.Add(ref table, (nint)idx.GetElement(1)),
            Unsafe.Add(ref table, (nint)idx.GetElement(2)), Unsafe.Add(ref table, (nint)idx.GetElement(3)),
            Unsafe.Add(ref table, (nint)idx.GetElement(4)), Unsafe.Add(ref table, (nint)idx.GetElement(5)),
            Unsafe.Add(ref table, (nint)idx.GetElement(6)), Unsafe.Add(ref table, (nint)idx.GetElement(7)));
    }

    /// <summary>pw (pw-1) ... (pw-q+1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Falling(int pw, int q)
    {
        double f = 1;
        for (int t = 0; t < q; t++) f *= pw - t;
        return f;
    }

    /// <summary>
    /// Adjoint of <see cref="Forward"/> on the same block: accumulates d loss / d Poly into the scratch and d loss / d wb
    /// into <paramref name="dWb"/>, and, when <paramref name="GX"/> is given, writes d loss / d input jet there
    /// (overwritten). Lanes n..nv-1 of <paramref name="GY"/> must be zero.
    /// </summary>
    public static void Backward(PreparedLayer L, PlanarJet X, PlanarScratch sc, PlanarJet GY, PlanarJet? GX, int n, int nv,
        double[] dWb, double[]? edgeAdjoint)
    {
        int nIn = L.In, nOut = L.Out, k1 = L.K + 1, order = GY.Order, d = GY.Dimension, np = GY.Pairs;
        int E = nIn * nOut, stride = L.PieceStride;
        GX?.Clear();
        double[] phi = sc.Phi, adj = sc.Adj, dPoly = sc.DPoly, pa = sc.PowerAdjoint;
        long[] piece = sc.Piece;
        ref double rphi = ref MemoryMarshal.GetArrayDataReference(phi);
        ref double rsil = ref MemoryMarshal.GetArrayDataReference(sc.Silu);
        ref double radj = ref MemoryMarshal.GetArrayDataReference(adj);
        ref double rpa = ref MemoryMarshal.GetArrayDataReference(pa);
        ref double ru = ref MemoryMarshal.GetArrayDataReference(sc.U);
        ref double rx1 = ref MemoryMarshal.GetArrayDataReference(X.D1);
        ref double rx2 = ref MemoryMarshal.GetArrayDataReference(X.D2);
        ref double rg0 = ref MemoryMarshal.GetArrayDataReference(GY.V);
        ref double rg1 = ref MemoryMarshal.GetArrayDataReference(GY.D1);
        ref double rg2 = ref MemoryMarshal.GetArrayDataReference(GY.D2);
        ref double rgx0 = ref GX != null ? ref MemoryMarshal.GetArrayDataReference(GX.V) : ref Unsafe.NullRef<double>();
        ref double rgx1 = ref GX != null ? ref MemoryMarshal.GetArrayDataReference(GX.D1) : ref Unsafe.NullRef<double>();
        ref double rgx2 = ref GX != null && order >= 2 ? ref MemoryMarshal.GetArrayDataReference(GX.D2) : ref Unsafe.NullRef<double>();
        for (int i = 0; i < nIn; i++)
            for (int j = 0; j < nOut; j++)
            {
                int e = i * nOut + j;
                var dwb = Vector512<double>.Zero;
                for (int s = 0; s < nv; s += 8)
                {
                    var a0 = Vector512.LoadUnsafe(ref rg0, (nuint)(j * B + s));
                    var A1 = Vector512<double>.Zero;
                    var A2 = Vector512<double>.Zero;
                    for (int a = 0; a < d; a++)
                        A1 += Vector512.LoadUnsafe(ref rx1, (nuint)((a * nIn + i) * B + s)) * Vector512.LoadUnsafe(ref rg1, (nuint)((a * nOut + j) * B + s));
                    if (order >= 2)
                        for (int a = 0, p = 0; a < d; a++)
                        {
                            var dxa = Vector512.LoadUnsafe(ref rx1, (nuint)((a * nIn + i) * B + s));
                            for (int b = a; b < d; b++, p++)
                            {
                                var gh = Vector512.LoadUnsafe(ref rg2, (nuint)((p * nOut + j) * B + s));
                                A1 += Vector512.LoadUnsafe(ref rx2, (nuint)((p * nIn + i) * B + s)) * gh;
                                A2 += dxa * Vector512.LoadUnsafe(ref rx1, (nuint)((b * nIn + i) * B + s)) * gh;
                            }
                        }
                    a0.StoreUnsafe(ref radj, (nuint)s);
                    A1.StoreUnsafe(ref radj, (nuint)(B + s));
                    A2.StoreUnsafe(ref radj, (nuint)(2 * B + s));
                }
                if (edgeAdjoint != null)
                {
                    double ea = edgeAdjoint[e];
                    for (int s = 0; s < n; s++) adj[s] += ea * Math.Sign(phi[e * B + s]);
                }
                for (int s = 0; s < nv; s += 8)
                {
                    var a0 = Vector512.LoadUnsafe(ref radj, (nuint)s);
                    var A1 = Vector512.LoadUnsafe(ref radj, (nuint)(B + s));
                    var A2 = Vector512.LoadUnsafe(ref radj, (nuint)(2 * B + s));
                    dwb += Vector512.LoadUnsafe(ref rsil, (nuint)(i * B + s)) * a0
                         + Vector512.LoadUnsafe(ref rsil, (nuint)((nIn + i) * B + s)) * A1
                         + Vector512.LoadUnsafe(ref rsil, (nuint)((2 * nIn + i) * B + s)) * A2;
                    // d loss / d c_pw = a0 u^pw + pw A1 u^(pw-1) + pw (pw-1) A2 u^(pw-2)
                    var u = Vector512.LoadUnsafe(ref ru, (nuint)(i * B + s));
                    Vector512<double> um2 = Vector512<double>.Zero, um1 = Vector512<double>.Zero, up = Vector512<double>.One;
                    for (int pw = 0; pw < k1; pw++)
                    {
                        (a0 * up + A1 * um1 * pw + A2 * um2 * (pw * (pw - 1.0))).StoreUnsafe(ref rpa, (nuint)(pw * B + s));
                        um2 = um1; um1 = up; up *= u;
                    }
                    if (GX == null) continue;
                    var p1 = Vector512.LoadUnsafe(ref rphi, (nuint)((E + e) * B + s));
                    var p2 = Vector512.LoadUnsafe(ref rphi, (nuint)((2 * E + e) * B + s));
                    var gv = a0 * p1 + A1 * p2;
                    if (order >= 2) gv += A2 * Vector512.LoadUnsafe(ref rphi, (nuint)((3 * E + e) * B + s));
                    Add(ref rgx0, i * B + s, gv);
                    for (int a = 0; a < d; a++)
                    {
                        var g = Vector512.LoadUnsafe(ref rg1, (nuint)((a * nOut + j) * B + s)) * p1;
                        if (order >= 2)
                            for (int b = 0; b < d; b++)
                            {
                                var h2 = Vector512.LoadUnsafe(ref rg2, (nuint)((JetBlock.PairIndex(a, b, d) * nOut + j) * B + s)) * p2;
                                var dxb = Vector512.LoadUnsafe(ref rx1, (nuint)((b * nIn + i) * B + s));
                                g += (a == b ? 2.0 : 1.0) * dxb * h2;
                            }
                        Add(ref rgx1, (a * nIn + i) * B + s, g);
                    }
                    if (order >= 2)
                        for (int p = 0; p < np; p++)
                            Add(ref rgx2, (p * nIn + i) * B + s, Vector512.LoadUnsafe(ref rg2, (nuint)((p * nOut + j) * B + s)) * p1);
                }
                dWb[e] += Vector512.Sum(dwb);

                // the piece of each sample differs: scatter sample by sample
                ref double dp = ref MemoryMarshal.GetArrayDataReference(dPoly);
                for (int s = 0; s < n; s++)
                {
                    int pc = (int)piece[i * B + s];
                    for (int pw = 0; pw < k1; pw++)
                        Unsafe.Add(ref dp, (e * k1 + pw) * stride + pc) += Unsafe.Add(ref rpa, pw * B + s);
                }
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref double r, int offset, Vector512<double> v)
        => (Vector512.LoadUnsafe(ref r, (nuint)offset) + v).StoreUnsafe(ref r, (nuint)offset);
}
