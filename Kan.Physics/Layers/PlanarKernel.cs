using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Kan.Physics.Networks;
using Kan.Physics.Jets;

namespace Kan.Physics.Layers;

/// <summary>
/// n values on the pinned object heap starting at a 64-byte boundary, so that each 512-bit load or store of the planar
/// kernel touches one cache line (unaligned ones split in two, and a split store defeats store forwarding).
/// </summary>
internal sealed class AlignedArray<T> where T : unmanaged
{
    private readonly T[] _data;
    private readonly int _offset;
    public readonly int Length;

    public AlignedArray(int length)
    {
        int size = Unsafe.SizeOf<T>();
        _data = GC.AllocateArray<T>(length + 64 / size, pinned: true);
        long address;
        unsafe { address = (long)Unsafe.AsPointer(ref _data[0]); }
        int misalignment = (int)(address & 63);
        _offset = misalignment == 0 ? 0 : (64 - misalignment) / size;
        Length = length;
    }

    public Span<T> Span => _data.AsSpan(_offset, Length);
}

/// <summary>
/// A block's jet stored planar (structure of arrays): samples are contiguous, so every per-edge update of the jet runs
/// over eight samples at once whatever the layer width. <c>V[j*B + s]</c>, <c>D1[(a*W + j)*B + s]</c>,
/// <c>D2[(p*W + j)*B + s]</c>, with B = <see cref="JetBlock.BlockSize"/>, W the width and p a pair of
/// <see cref="JetBlock.PairIndex"/>.
/// </summary>
internal sealed class PlanarJet
{
    public const int B = JetBlock.BlockSize;
    public readonly int Width, Dimension, Order, Pairs;
    private readonly AlignedArray<double> _v, _d1, _d2;
    public Span<double> V => _v.Span;
    public Span<double> D1 => _d1.Span;
    public Span<double> D2 => _d2.Span;

    public PlanarJet(int width, int dimension, int order)
    {
        Width = width; Dimension = dimension; Order = order;
        Pairs = order >= 2 ? dimension * (dimension + 1) / 2 : 0;
        _v = new AlignedArray<double>(width * B);
        _d1 = new AlignedArray<double>(order >= 1 ? dimension * width * B : 0);
        _d2 = new AlignedArray<double>(order >= 2 ? Pairs * width * B : 0);
    }

    public void Clear()
    {
        V.Clear();
        D1.Clear();
        D2.Clear();
    }

    /// <summary>Copies the first <paramref name="n"/> samples into a sample-major <see cref="JetBlock"/> (Count set to n).</summary>
    public void CopyTo(JetBlock dst, int n)
    {
        dst.Count = n;
        Transpose(V, dst.V, 1, n, false);
        if (Order >= 1) Transpose(D1, dst.D1, Dimension, n, false);
        if (Order >= 2) Transpose(D2, dst.D2, Pairs, n, false);
    }

    /// <summary>Copies n samples of a sample-major block in; lanes n..B-1 are zeroed.</summary>
    public void CopyFrom(JetBlock src, int n)
    {
        Clear();
        Transpose(V, src.V, 1, n, true);
        if (Order >= 1) Transpose(D1, src.D1, Dimension, n, true);
        if (Order >= 2) Transpose(D2, src.D2, Pairs, n, true);
    }

    /// <summary>planar[(c*W + j)*B + s] and sampleMajor[(s*C + c)*W + j] for c &lt; C components, one way or the other.</summary>
    private void Transpose(Span<double> planar, double[] sampleMajor, int components, int n, bool toPlanar)
    {
        int w = Width, rows = components * w;
        if (sampleMajor.Length < n * rows || planar.Length < rows * B) throw new ArgumentException("Block shapes differ.");
        ref double p = ref MemoryMarshal.GetReference(planar);
        ref double m = ref MemoryMarshal.GetArrayDataReference(sampleMajor);
        // the component-and-output index cw = c*W + j is the same in both layouts
        for (int cw = 0; cw < rows; cw++)
        {
            ref double row = ref Unsafe.Add(ref p, cw * B);
            if (toPlanar)
                for (int s = 0; s < n; s++) Unsafe.Add(ref row, s) = Unsafe.Add(ref m, s * rows + cw);
            else
                for (int s = 0; s < n; s++) Unsafe.Add(ref m, s * rows + cw) = Unsafe.Add(ref row, s);
        }
    }
}

/// <summary>Per-thread scratch of the planar kernel for one layer.</summary>
internal sealed class PlanarScratch
{
    public readonly int Derivatives;
    private readonly AlignedArray<long> _piece;
    private readonly AlignedArray<double> _u, _silu, _phi, _powerAdjoint, _wbAdjoint;
    /// <summary>[i*B + s]: piece of the sample's input i (0: left extension, 1..G intervals, G+1 right).</summary>
    public Span<long> Piece => _piece.Span;
    /// <summary>[i*B + s]: x - origin(piece).</summary>
    public Span<double> U => _u.Span;
    /// <summary>[(q*In + i)*B + s].</summary>
    public Span<double> Silu => _silu.Span;
    /// <summary>[(q*E + e)*B + s], e = i*Out + j, q = 0..Derivatives.</summary>
    public Span<double> Phi => _phi.Span;
    /// <summary>[(j*(k+1) + power)*8 + lane]: d loss / d Poly[e, power, piece] of the current eight samples.</summary>
    public Span<double> PowerAdjoint => _powerAdjoint.Span;
    /// <summary>[e*8 + lane]: per-lane sums of d loss / d wb over the block.</summary>
    public Span<double> WbAdjoint => _wbAdjoint.Span;
    private readonly AlignedArray<double> _dPoly, _tuples;
    /// <summary>Gradient with respect to PreparedLayer.Poly, <c>[(e*PieceStride + piece)*(k+1) + power]</c>.</summary>
    public Span<double> DPoly => _dPoly.Span;
    /// <summary>Cubic splines: [j*32 + slot*4 + power], the four power adjoints of each of the eight lanes side by side.</summary>
    public Span<double> Tuples => _tuples.Span;

    public PlanarScratch(PreparedLayer p, int derivatives)
    {
        const int B = PlanarJet.B;
        Derivatives = derivatives;
        _piece = new AlignedArray<long>(p.In * B);
        _u = new AlignedArray<double>(p.In * B);
        _silu = new AlignedArray<double>(4 * p.In * B);
        _phi = new AlignedArray<double>((derivatives + 1) * p.In * p.Out * B);
        _powerAdjoint = new AlignedArray<double>(p.Out * (p.K + 1) * 8);
        _wbAdjoint = new AlignedArray<double>(p.In * p.Out * 8);
        _dPoly = new AlignedArray<double>(p.In * p.Out * (p.K + 1) * p.PieceStride);
        _tuples = new AlignedArray<double>(p.Out * 32);
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
        int nIn = L.In, nOut = L.Out, k = L.K, k1 = k + 1, nd = sc.Derivatives, order = Y.Order, d = Y.Dimension, np = Y.Pairs;
        int E = nIn * nOut, stride = L.PieceStride;
        Y.Clear();
        Span<double> phi = sc.Phi, sil = sc.Silu;
        double[] Wb = L.Wb;
        Span<Vector512<double>> c = stackalloc Vector512<double>[k1];
        Span<Vector512<double>> dx = stackalloc Vector512<double>[d];
        Span<Vector512<double>> d2x = stackalloc Vector512<double>[Math.Max(np, 1)];
        Span<Vector512<double>> dxx = stackalloc Vector512<double>[Math.Max(np, 1)];
        ref double rphi = ref MemoryMarshal.GetReference(phi);
        ref double rsil = ref MemoryMarshal.GetReference(sil);
        ref double rx1 = ref MemoryMarshal.GetReference(X.D1);
        ref double rx2 = ref MemoryMarshal.GetReference(X.D2);
        ref double ry0 = ref MemoryMarshal.GetReference(Y.V);
        ref double ry1 = ref MemoryMarshal.GetReference(Y.D1);
        ref double ry2 = ref MemoryMarshal.GetReference(Y.D2);
        ref double ru = ref MemoryMarshal.GetReference(sc.U);
        ref long rpc = ref MemoryMarshal.GetReference(sc.Piece);
        ref double rpoly = ref MemoryMarshal.GetArrayDataReference(L.Poly);
        bool cubic = k == 3;
        int ys1 = nOut * B, xs1 = nIn * B, es = E * B;
        for (int i = 0; i < nIn; i++)
        {
            Layers.Silu.EvaluateBlock(X.V.Slice(i * B, nv), nd, sil[(i * B)..], nIn * B);
            Locate(L, X.V, sc, i, nv);
            for (int s = 0; s < nv; s += 8)
            {
                int o = i * B + s;
                var idx = Vector512.LoadUnsafe(ref rpc, (nuint)o);
                var u = Vector512.LoadUnsafe(ref ru, (nuint)o);
                var s0 = Vector512.LoadUnsafe(ref rsil, (nuint)o);
                var s1 = Vector512.LoadUnsafe(ref rsil, (nuint)(xs1 + o));
                var s2 = nd >= 2 ? Vector512.LoadUnsafe(ref rsil, (nuint)(2 * xs1 + o)) : default;
                var s3 = nd >= 3 ? Vector512.LoadUnsafe(ref rsil, (nuint)(3 * xs1 + o)) : default;
                for (int a = 0; a < d; a++) dx[a] = Vector512.LoadUnsafe(ref rx1, (nuint)(a * xs1 + o));
                if (order >= 2)
                    for (int a = 0, p = 0; a < d; a++)
                        for (int b = a; b < d; b++, p++)
                        {
                            d2x[p] = Vector512.LoadUnsafe(ref rx2, (nuint)(p * xs1 + o));
                            dxx[p] = dx[a] * dx[b];
                        }
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    var wb = Vector512.Create(Wb[e]);
                    ref double table = ref Unsafe.Add(ref rpoly, e * k1 * stride);
                    ref double ph = ref Unsafe.Add(ref rphi, e * B + s);
                    Vector512<double> p0, p1, p2;
                    if (cubic)
                    {
                        var c0 = Lookup(ref table, stride, idx);
                        var c1 = Lookup(ref Unsafe.Add(ref table, stride), stride, idx);
                        var c2 = Lookup(ref Unsafe.Add(ref table, 2 * stride), stride, idx);
                        var c3 = Lookup(ref Unsafe.Add(ref table, 3 * stride), stride, idx);
                        p0 = Fma(Fma(Fma(c3, u, c2), u, c1), u, c0) + s0 * wb;
                        var c33 = c3 * 3.0;
                        p1 = Fma(Fma(c33, u, c2 + c2), u, c1) + s1 * wb;
                        p2 = nd >= 2 ? Fma(c33 + c33, u, c2 + c2) + s2 * wb : default;
                        if (nd >= 3) (c3 * 6.0 + s3 * wb).StoreUnsafe(ref ph, (nuint)(3 * es));
                    }
                    else
                    {
                        for (int pw = 0; pw < k1; pw++) c[pw] = Lookup(ref Unsafe.Add(ref table, pw * stride), stride, idx);
                        p0 = Level(c, k, 0, u) + s0 * wb;
                        p1 = Level(c, k, 1, u) + s1 * wb;
                        p2 = nd >= 2 ? Level(c, k, 2, u) + s2 * wb : default;
                        if (nd >= 3) (Level(c, k, 3, u) + s3 * wb).StoreUnsafe(ref ph, (nuint)(3 * es));
                    }
                    p0.StoreUnsafe(ref ph);
                    p1.StoreUnsafe(ref ph, (nuint)es);
                    if (nd >= 2) p2.StoreUnsafe(ref ph, (nuint)(2 * es));

                    ref double y = ref Unsafe.Add(ref ry0, j * B + s);
                    (Vector512.LoadUnsafe(ref y) + p0).StoreUnsafe(ref y);
                    ref double y1 = ref Unsafe.Add(ref ry1, j * B + s);
                    for (int a = 0; a < d; a++)
                        Fma(p1, dx[a], Vector512.LoadUnsafe(ref y1, (nuint)(a * ys1))).StoreUnsafe(ref y1, (nuint)(a * ys1));
                    if (order < 2) continue;
                    ref double y2 = ref Unsafe.Add(ref ry2, j * B + s);
                    for (int p = 0; p < np; p++)
                        Fma(p2, dxx[p], Fma(p1, d2x[p], Vector512.LoadUnsafe(ref y2, (nuint)(p * ys1)))).StoreUnsafe(ref y2, (nuint)(p * ys1));
                }
            }
            if (edgeAbsAccumulator != null)
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    double acc = 0;
                    for (int s = 0; s < n; s++) acc += Math.Abs(phi[e * B + s]);
                    edgeAbsAccumulator[e] += acc;
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

    /// <summary>d^q/du^q sum_pw c_pw u^pw by Horner's scheme.</summary>
    private static Vector512<double> Level(ReadOnlySpan<Vector512<double>> c, int k, int q, Vector512<double> u)
    {
        if (q > k) return Vector512<double>.Zero;
        var acc = c[k] * Falling(k, q);
        for (int pw = k - 1; pw >= q; pw--) acc = Fma(acc, u, c[pw] * Falling(pw, q));
        return acc;
    }

    /// <summary>
    /// Piece and local coordinate u = x - origin(piece) of input i at every lane, as <see cref="Splines.BSplineBasis.FindPiece"/>
    /// (grid interval a with grid[a] &lt;= x &lt; grid[a+1], the last one closed): a counts the inner grid points at or
    /// below x, eight lanes at a time. A NaN x gets piece 1 and u = NaN.
    /// </summary>
    private static void Locate(PreparedLayer L, Span<double> x, PlanarScratch sc, int i, int nv)
    {
        int g = L.Layer.GridSize, stride = L.PieceStride;
        ReadOnlySpan<double> grid = L.Grid.AsSpan(i * (g + 1), g + 1);
        ref double origins = ref L.Origins[i * stride];
        ref double rx = ref MemoryMarshal.GetReference(x);
        ref long rpc = ref MemoryMarshal.GetReference(sc.Piece);
        ref double ru = ref MemoryMarshal.GetReference(sc.U);
        var lo = Vector512.Create(grid[0]);
        var hi = Vector512.Create(grid[g]);
        var one = Vector512<double>.One;
        var right = Vector512.Create((double)(g + 1));
        for (int s = 0; s < nv; s += 8)
        {
            int o = i * B + s;
            var xs = Vector512.LoadUnsafe(ref rx, (nuint)o);
            var count = one; // piece = 1 + number of inner grid points <= x
            for (int m = 1; m < g; m++)
                count += Vector512.GreaterThanOrEqual(xs, Vector512.Create(grid[m])) & one;
            count = Vector512.ConditionalSelect(Vector512.LessThan(xs, lo), Vector512<double>.Zero, count);
            count = Vector512.ConditionalSelect(Vector512.GreaterThan(xs, hi), right, count);
            var idx = Vector512.ConvertToInt64(count);
            idx.StoreUnsafe(ref rpc, (nuint)o);
            (xs - Lookup(ref origins, stride, idx)).StoreUnsafe(ref ru, (nuint)o);
        }
    }

    /// <summary>
    /// table[idx[t]] for the eight lanes: register permutes for up to 64 pieces (each two-register permute reads the low
    /// four bits of the index; bits 4 and 5 pick among the permutes), else element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Lookup(ref double table, int stride, Vector512<long> idx)
    {
        if (Avx512F.IsSupported)
        {
            if (stride == 8) return Avx512F.PermuteVar8x64(Vector512.LoadUnsafe(ref table), idx);
            var p0 = Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref table), idx, Vector512.LoadUnsafe(ref table, 8));
            if (stride == 16) return p0;
            var p1 = Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref table, 16), idx, Vector512.LoadUnsafe(ref table, 24));
            var bit4 = Vector512.Equals(idx & Vector512.Create(16L), Vector512.Create(16L)).AsDouble();
            var low = Vector512.ConditionalSelect(bit4, p1, p0);
            if (stride == 32) return low;
            if (stride == 64)
            {
                var p2 = Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref table, 32), idx, Vector512.LoadUnsafe(ref table, 40));
                var p3 = Avx512F.PermuteVar8x64x2(Vector512.LoadUnsafe(ref table, 48), idx, Vector512.LoadUnsafe(ref table, 56));
                var high = Vector512.ConditionalSelect(bit4, p3, p2);
                return Vector512.ConditionalSelect(Vector512.GreaterThan(idx, Vector512.Create(31L)).AsDouble(), high, low);
            }
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
        int nIn = L.In, nOut = L.Out, k = L.K, k1 = k + 1, order = GY.Order, d = GY.Dimension, np = GY.Pairs;
        int E = nIn * nOut, stride = L.PieceStride;
        bool cubic = k == 3, second = order >= 2, input = GX != null;
        Span<double> phi = sc.Phi, pa = sc.PowerAdjoint, wbAdj = sc.WbAdjoint;
        Span<double> dPoly = sc.DPoly;
        wbAdj.Clear();
        bool tuples = cubic && Avx512F.IsSupported;
        ref double rtu = ref MemoryMarshal.GetReference(sc.Tuples);
        var lowPairs = Vector512.Create(0L, 1, 8, 9, 2, 3, 10, 11);
        var highPairs = Vector512.Create(4L, 5, 12, 13, 6, 7, 14, 15);
        Span<Vector512<double>> dx = stackalloc Vector512<double>[d];
        Span<Vector512<double>> d2x = stackalloc Vector512<double>[Math.Max(np, 1)];
        Span<Vector512<double>> dxx = stackalloc Vector512<double>[Math.Max(np, 1)];
        Span<Vector512<double>> gx1 = stackalloc Vector512<double>[d];
        Span<Vector512<double>> gx2 = stackalloc Vector512<double>[Math.Max(np, 1)];
        Span<Vector512<double>> h2 = stackalloc Vector512<double>[Math.Max(np, 1)];
        Span<Vector512<double>> up = stackalloc Vector512<double>[k1];
        Span<int> pair = stackalloc int[d * d];
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++) pair[a * d + b] = JetBlock.PairIndex(a, b, d);
        ref double rphi = ref MemoryMarshal.GetReference(phi);
        ref double rsil = ref MemoryMarshal.GetReference(sc.Silu);
        ref double rpa = ref MemoryMarshal.GetReference(pa);
        ref double rwa = ref MemoryMarshal.GetReference(wbAdj);
        ref double rdp = ref MemoryMarshal.GetReference(dPoly);
        ref double ru = ref MemoryMarshal.GetReference(sc.U);
        ref long rpc = ref MemoryMarshal.GetReference(sc.Piece);
        ref double rx1 = ref MemoryMarshal.GetReference(X.D1);
        ref double rx2 = ref MemoryMarshal.GetReference(X.D2);
        ref double rg0 = ref MemoryMarshal.GetReference(GY.V);
        ref double rg1 = ref MemoryMarshal.GetReference(GY.D1);
        ref double rg2 = ref MemoryMarshal.GetReference(GY.D2);
        int ys1 = nOut * B, xs1 = nIn * B, es = E * B;
        var lane = Vector512.Create(0.0, 1, 2, 3, 4, 5, 6, 7);
        for (int i = 0; i < nIn; i++)
            for (int s = 0; s < nv; s += 8)
            {
                int o = i * B + s;
                var u = Vector512.LoadUnsafe(ref ru, (nuint)o);
                var s0 = Vector512.LoadUnsafe(ref rsil, (nuint)o);
                var s1 = Vector512.LoadUnsafe(ref rsil, (nuint)(xs1 + o));
                var s2 = Vector512.LoadUnsafe(ref rsil, (nuint)(2 * xs1 + o));
                for (int a = 0; a < d; a++) { dx[a] = Vector512.LoadUnsafe(ref rx1, (nuint)(a * xs1 + o)); gx1[a] = default; }
                if (second)
                    for (int a = 0, p = 0; a < d; a++)
                        for (int b = a; b < d; b++, p++)
                        {
                            d2x[p] = Vector512.LoadUnsafe(ref rx2, (nuint)(p * xs1 + o));
                            dxx[p] = dx[a] * dx[b];
                            gx2[p] = default;
                        }
                var u2 = u * u;
                if (!cubic)
                {
                    up[0] = Vector512<double>.One;
                    for (int pw = 1; pw < k1; pw++) up[pw] = up[pw - 1] * u;
                }
                var gx0 = Vector512<double>.Zero;
                var live = Vector512.LessThan(lane + Vector512.Create((double)s), Vector512.Create((double)n));
                for (int j = 0; j < nOut; j++)
                {
                    int e = i * nOut + j;
                    int og = j * B + s;
                    var a0 = Vector512.LoadUnsafe(ref rg0, (nuint)og);
                    ref double ph = ref Unsafe.Add(ref rphi, e * B + s);
                    if (edgeAdjoint != null)
                    {
                        var p0 = Vector512.LoadUnsafe(ref ph);
                        var sign = Vector512.ConditionalSelect(Vector512.GreaterThan(p0, Vector512<double>.Zero), Vector512<double>.One, Vector512<double>.Zero)
                                 - Vector512.ConditionalSelect(Vector512.LessThan(p0, Vector512<double>.Zero), Vector512<double>.One, Vector512<double>.Zero);
                        a0 += Vector512.ConditionalSelect(live, sign * edgeAdjoint[e], Vector512<double>.Zero);
                    }
                    ref double g1 = ref Unsafe.Add(ref rg1, og);
                    ref double g2 = ref Unsafe.Add(ref rg2, og);
                    var A1 = Vector512<double>.Zero;
                    var A2 = Vector512<double>.Zero;
                    for (int a = 0; a < d; a++) A1 = Fma(dx[a], Vector512.LoadUnsafe(ref g1, (nuint)(a * ys1)), A1);
                    if (second)
                        for (int p = 0; p < np; p++)
                        {
                            var gh = Vector512.LoadUnsafe(ref g2, (nuint)(p * ys1));
                            A1 = Fma(d2x[p], gh, A1);
                            A2 = Fma(dxx[p], gh, A2);
                        }
                    ref double wa = ref Unsafe.Add(ref rwa, e * 8);
                    Fma(s2, A2, Fma(s1, A1, Fma(s0, a0, Vector512.LoadUnsafe(ref wa)))).StoreUnsafe(ref wa);
                    // d loss / d c_pw = a0 u^pw + pw A1 u^(pw-1) + pw (pw-1) A2 u^(pw-2)
                    ref double pj = ref Unsafe.Add(ref rpa, j * k1 * 8);
                    if (tuples)
                    {
                        // transpose the four power vectors into eight (lane) tuples of four powers: slot (t&1)*4 + t/2
                        var P0 = a0;
                        var P1 = Fma(a0, u, A1);
                        var P2 = Fma(a0, u2, Fma(A1 + A1, u, A2 + A2));
                        var P3 = Fma(a0 * u, u2, Fma(A1 * 3.0, u2, A2 * 6.0 * u));
                        var lo01 = Avx512F.UnpackLow(P0, P1);
                        var lo23 = Avx512F.UnpackLow(P2, P3);
                        var hi01 = Avx512F.UnpackHigh(P0, P1);
                        var hi23 = Avx512F.UnpackHigh(P2, P3);
                        ref double tj = ref Unsafe.Add(ref rtu, j * 32);
                        Avx512F.PermuteVar8x64x2(lo01, lowPairs, lo23).StoreUnsafe(ref tj);
                        Avx512F.PermuteVar8x64x2(lo01, highPairs, lo23).StoreUnsafe(ref tj, 8);
                        Avx512F.PermuteVar8x64x2(hi01, lowPairs, hi23).StoreUnsafe(ref tj, 16);
                        Avx512F.PermuteVar8x64x2(hi01, highPairs, hi23).StoreUnsafe(ref tj, 24);
                    }
                    else if (cubic)
                    {
                        a0.StoreUnsafe(ref pj);
                        Fma(a0, u, A1).StoreUnsafe(ref pj, 8);
                        Fma(a0, u2, Fma(A1 + A1, u, A2 + A2)).StoreUnsafe(ref pj, 16);
                        Fma(a0 * u, u2, Fma(A1 * 3.0, u2, A2 * 6.0 * u)).StoreUnsafe(ref pj, 24);
                    }
                    else
                        for (int pw = 0; pw < k1; pw++)
                        {
                            var g = a0 * up[pw];
                            if (pw >= 1) g = Fma(A1 * pw, up[pw - 1], g);
                            if (pw >= 2) g = Fma(A2 * (pw * (pw - 1.0)), up[pw - 2], g);
                            g.StoreUnsafe(ref pj, (nuint)(pw * 8));
                        }
                    if (!input) continue;
                    var p1 = Vector512.LoadUnsafe(ref ph, (nuint)es);
                    var p2 = Vector512.LoadUnsafe(ref ph, (nuint)(2 * es));
                    gx0 = Fma(A1, p2, Fma(a0, p1, gx0));
                    if (second)
                    {
                        gx0 = Fma(A2, Vector512.LoadUnsafe(ref ph, (nuint)(3 * es)), gx0);
                        for (int p = 0; p < np; p++)
                        {
                            var gh = Vector512.LoadUnsafe(ref g2, (nuint)(p * ys1));
                            h2[p] = gh * p2;
                            gx2[p] = Fma(gh, p1, gx2[p]);
                        }
                    }
                    for (int a = 0; a < d; a++)
                    {
                        var g = Fma(Vector512.LoadUnsafe(ref g1, (nuint)(a * ys1)), p1, gx1[a]);
                        if (second)
                            for (int b = 0; b < d; b++)
                                g = Fma(a == b ? dx[b] + dx[b] : dx[b], h2[pair[a * d + b]], g);
                        gx1[a] = g;
                    }
                }
                if (input)
                {
                    gx0.StoreUnsafe(ref GX!.V[o]);
                    Span<double> gxd1 = GX.D1;
                    for (int a = 0; a < d; a++) gx1[a].StoreUnsafe(ref gxd1[a * xs1 + o]);
                    if (second)
                    {
                        Span<double> gxd2 = GX.D2;
                        for (int p = 0; p < np; p++) gx2[p].StoreUnsafe(ref gxd2[p * xs1 + o]);
                    }
                }

                // the piece of each sample differs: scatter lane by lane
                int live8 = Math.Min(8, n - s);
                if (tuples)
                    for (int t = 0; t < live8; t++)
                    {
                        int pc = (int)Unsafe.Add(ref rpc, o + t), slot = (t & 1) * 4 + (t >> 1);
                        for (int j = 0; j < nOut; j++)
                        {
                            ref double dst = ref Unsafe.Add(ref rdp, ((i * nOut + j) * stride + pc) * 4);
                            (Vector256.LoadUnsafe(ref dst) + Vector256.LoadUnsafe(ref rtu, (nuint)(j * 32 + slot * 4))).StoreUnsafe(ref dst);
                        }
                    }
                else
                    for (int t = 0; t < live8; t++)
                    {
                        int pc = (int)Unsafe.Add(ref rpc, o + t);
                        for (int j = 0; j < nOut; j++)
                        {
                            ref double dst = ref Unsafe.Add(ref rdp, ((i * nOut + j) * stride + pc) * k1);
                            ref double src = ref Unsafe.Add(ref rpa, j * k1 * 8 + t);
                            for (int pw = 0; pw < k1; pw++) Unsafe.Add(ref dst, pw) += Unsafe.Add(ref src, pw * 8);
                        }
                    }
            }
        for (int e = 0; e < E; e++) dWb[e] += Vector512.Sum(Vector512.LoadUnsafe(ref rwa, (nuint)(e * 8)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(ref double r, int offset, Vector512<double> v)
        => (Vector512.LoadUnsafe(ref r, (nuint)offset) + v).StoreUnsafe(ref r, (nuint)offset);
}
