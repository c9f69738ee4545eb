using Kan.Physics.Layers;

namespace Kan.Physics.Networks;

/// <summary>
/// Input derivatives of any order from a network, by univariate Taylor propagation: the batch is pushed through the
/// layers as truncated power series in a step h along a direction d, so the coefficient of h^q of output j is
/// <c>(1/q!) d^q/dh^q y_j(z + h d)</c>. Pure derivatives come from the coordinate directions; a mixed second derivative
/// from the direction e_a + e_b (<c>y_ab = (D^2_{a+b} - y_aa - y_bb) / 2</c>), so every value is exact up to rounding.
/// </summary>
/// <remarks>
/// A path of its own beside the order-0/1/2 kernels (<c>KanNetwork.ForwardJet</c>), which it does not touch: forward only
/// (no parameter gradients), for the derivatives PDE discovery reads from a fitted field (u_xxx, u_xxxx, ...). Each edge
/// composes its Taylor coefficients (silu's by series arithmetic, the spline's from the basis pieces' polynomials, see
/// <see cref="Splines.BSplineBasis.TaylorCoefficients"/>) with the powers of its input's series. A spline of order k has
/// no derivative above k inside a grid interval: for u_xxxx fit with k >= 5 (the fourth derivative of a cubic spline
/// network lives only in products of lower ones). Formula edges are not supported. Deterministic and parallel over
/// samples (each sample is independent), within <see cref="KanNetwork.MaxDegreeOfParallelism"/>. Multiplication nodes
/// multiply their factors' series.
/// </remarks>
public static class TaylorJets
{
    /// <summary>Highest series order accepted (the coefficients of h^q lose accuracy far beyond this anyway).</summary>
    public const int MaxOrder = 8;

    /// <summary>
    /// The derivatives of every output along <paramref name="direction"/> (length n_0) up to <paramref name="order"/>:
    /// result[(s*(order+1) + q)*n_L + j] = d^q/dh^q y_j(z_s + h d) at h = 0 (q = 0 is the value).
    /// </summary>
    public static double[] Directional(KanNetwork network, double[] inputs, ReadOnlySpan<double> direction, int order)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (order is < 0 or > MaxOrder) throw new ArgumentOutOfRangeException(nameof(order), order, $"The order must be in [0, {MaxOrder}].");
        int d = network.InputDimension;
        if (direction.Length != d) throw new ArgumentException($"The direction has {direction.Length} entries; the network has {d} inputs.", nameof(direction));
        if (network.HasSymbolicEdges) throw new NotSupportedException("Taylor jets of networks with formula edges are not supported; use the spline network before snapping.");
        int n = network.CheckInputs(inputs);
        int m = network.OutputDimension, k1 = order + 1;
        var result = new double[(long)n * k1 * m];
        var dir = direction.ToArray();
        var factorial = new double[k1];
        factorial[0] = 1;
        for (int q = 1; q <= order; q++) factorial[q] = factorial[q - 1] * q;
        const int chunk = 64;
        int chunks = (n + chunk - 1) / chunk;
        var layers = network.Layers;
        int widest = Math.Max(network.Widths.Max(), layers.Max(l => l.OutputCount));
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = KanNetwork.MaxDegreeOfParallelism },
            () => new Scratch(widest, order, layers.Max(l => l.Order)),
            (c, _, scratch) =>
            {
                int end = Math.Min(n, (c + 1) * chunk);
                for (int s = c * chunk; s < end; s++)
                {
                    var x = scratch.A;
                    Array.Clear(x, 0, d * k1);
                    for (int i = 0; i < d; i++)
                    {
                        x[i * k1] = inputs[s * d + i];
                        if (order >= 1) x[i * k1 + 1] = dir[i];
                    }
                    foreach (var layer in layers)
                    {
                        Propagate(layer, order, scratch.A, scratch.B, scratch);
                        if (layer.HasMultiplication) Multiply(layer, order, scratch.B, scratch.A);
                        else (scratch.A, scratch.B) = (scratch.B, scratch.A);
                    }
                    for (int q = 0; q < k1; q++)
                        for (int j = 0; j < m; j++)
                            result[((long)s * k1 + q) * m + j] = scratch.A[j * k1 + q] * factorial[q];
                }
                return scratch;
            }, _ => { });
        return result;
    }

    /// <summary>
    /// The partial derivatives named by <paramref name="derivatives"/>, each a count per input (length n_0): a pure one
    /// (one non-zero count, up to <see cref="MaxOrder"/>) or a mixed second one (two counts of 1); all zeros is the
    /// value. result[(s*P + p)*n_L + j] for derivative p of P. One Taylor pass per coordinate direction used and one per
    /// mixed pair.
    /// </summary>
    public static double[] Partials(KanNetwork network, double[] inputs, IReadOnlyList<int[]> derivatives)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(derivatives);
        int d = network.InputDimension, m = network.OutputDimension;
        int n = network.CheckInputs(inputs);
        var pureOrder = new int[d];
        var pairs = new List<(int A, int B)>();
        foreach (var alpha in derivatives)
        {
            ArgumentNullException.ThrowIfNull(alpha, nameof(derivatives));
            if (alpha.Length != d) throw new ArgumentException($"A derivative has {alpha.Length} counts; the network has {d} inputs.", nameof(derivatives));
            if (alpha.Any(a => a < 0)) throw new ArgumentException($"Derivative counts must be >= 0; got [{string.Join(",", alpha)}].", nameof(derivatives));
            var nonzero = Enumerable.Range(0, d).Where(i => alpha[i] > 0).ToArray();
            if (nonzero.Length == 1)
            {
                if (alpha[nonzero[0]] > MaxOrder) throw new ArgumentException($"Derivative order {alpha[nonzero[0]]} is above {MaxOrder}.", nameof(derivatives));
                pureOrder[nonzero[0]] = Math.Max(pureOrder[nonzero[0]], alpha[nonzero[0]]);
            }
            else if (nonzero.Length == 2 && alpha[nonzero[0]] == 1 && alpha[nonzero[1]] == 1)
            {
                pureOrder[nonzero[0]] = Math.Max(pureOrder[nonzero[0]], 2);
                pureOrder[nonzero[1]] = Math.Max(pureOrder[nonzero[1]], 2);
                if (!pairs.Contains((nonzero[0], nonzero[1]))) pairs.Add((nonzero[0], nonzero[1]));
            }
            else if (nonzero.Length > 0)
                throw new NotSupportedException($"Derivative [{string.Join(",", alpha)}]: only pure derivatives and mixed second derivatives are supported.");
        }
        var pure = new double[d][];
        var dir = new double[d];
        for (int a = 0; a < d; a++)
        {
            if (pureOrder[a] == 0) continue;
            Array.Clear(dir); dir[a] = 1;
            pure[a] = Directional(network, inputs, dir, pureOrder[a]);
        }
        var mixed = new Dictionary<(int, int), double[]>();
        foreach (var (a, b) in pairs)
        {
            Array.Clear(dir); dir[a] = 1; dir[b] = 1;
            mixed[(a, b)] = Directional(network, inputs, dir, 2);
        }
        double[]? values = null;
        int count = derivatives.Count;
        var result = new double[(long)n * count * m];
        for (int p = 0; p < count; p++)
        {
            var alpha = derivatives[p];
            var nonzero = Enumerable.Range(0, d).Where(i => alpha[i] > 0).ToArray();
            for (int s = 0; s < n; s++)
                for (int j = 0; j < m; j++)
                {
                    double v;
                    if (nonzero.Length == 0)
                    {
                        values ??= network.Forward(inputs);
                        v = values[s * m + j];
                    }
                    else if (nonzero.Length == 1)
                    {
                        int a = nonzero[0], k1 = pureOrder[a] + 1;
                        v = pure[a][((long)s * k1 + alpha[a]) * m + j];
                    }
                    else
                    {
                        int a = nonzero[0], b = nonzero[1];
                        int ka = pureOrder[a] + 1, kb = pureOrder[b] + 1;
                        double both = mixed[(a, b)][((long)s * 3 + 2) * m + j];
                        v = 0.5 * (both - pure[a][((long)s * ka + 2) * m + j] - pure[b][((long)s * kb + 2) * m + j]);
                    }
                    result[((long)s * count + p) * m + j] = v;
                }
        }
        return result;
    }

    private sealed class Scratch(int widest, int order, int splineOrder)
    {
        public double[] A = new double[widest * (order + 1)];
        public double[] B = new double[widest * (order + 1)];
        /// <summary>Powers of the input's increment series: [q][m].</summary>
        public readonly double[] Powers = new double[(order + 1) * (order + 1)];
        public readonly double[] Basis = new double[(order + 1) * (splineOrder + 1)];
        public readonly double[] Silu = new double[order + 1];
        public readonly double[] Edge = new double[order + 1];
    }

    /// <summary>
    /// A layer's nodes from its outputs (sub-nodes) on one sample: sum nodes pass their series on, a multiplication
    /// node is the truncated product of its factors' series. Writes <paramref name="nodes"/> (NodeCount series).
    /// </summary>
    private static void Multiply(KanLayer layer, int order, double[] outputs, double[] nodes)
    {
        int k1 = order + 1;
        Array.Copy(outputs, nodes, layer.SumCount * k1);
        Span<double> product = stackalloc double[k1];
        for (int node = layer.SumCount; node < layer.NodeCount; node++)
        {
            var (first, count) = layer.OutputsOfNode(node);
            outputs.AsSpan(first * k1, k1).CopyTo(product);
            for (int f = 1; f < count; f++)
            {
                int o = (first + f) * k1;
                for (int mm = order; mm >= 0; mm--)
                {
                    double acc = 0;
                    for (int t = 0; t <= mm; t++) acc += product[t] * outputs[o + mm - t];
                    product[mm] = acc;
                }
            }
            product.CopyTo(nodes.AsSpan(node * k1, k1));
        }
    }

    /// <summary>One layer on one sample: input series x[i*(K+1) + m] to output series y[j*(K+1) + m].</summary>
    private static void Propagate(KanLayer layer, int order, double[] x, double[] y, Scratch scratch)
    {
        int k1 = order + 1, basisWidth = layer.Order + 1, nb = layer.BasisCount, outs = layer.OutputCount;
        Array.Clear(y, 0, outs * k1);
        double[] powers = scratch.Powers, basis = scratch.Basis, silu = scratch.Silu, f = scratch.Edge;
        double[] coefficients = layer.Coefficients, masks = layer.Mask, scaleBase = layer.ScaleBase, scaleSpline = layer.ScaleSpline;
        int top = Math.Min(order, layer.Order);
        for (int i = 0; i < layer.InputCount; i++)
        {
            int xi = i * k1;
            // powers of the increment delta = x(h) - x(0): P_0 = 1, P_q = P_{q-1} * delta (truncated at h^K)
            Array.Clear(powers);
            powers[0] = 1;
            for (int q = 1; q <= order; q++)
                for (int mm = q; mm <= order; mm++)
                {
                    double acc = 0;
                    for (int t = 1; t <= mm - (q - 1); t++) acc += x[xi + t] * powers[(q - 1) * k1 + mm - t];
                    powers[q * k1 + mm] = acc;
                }
            int first = layer.Basis(i).TaylorCoefficients(x[xi], order, basis);
            Silu.TaylorCoefficients(x[xi], silu);
            int e0 = i * outs;
            for (int j = 0; j < outs; j++)
            {
                int e = e0 + j;
                double mask = masks[e];
                if (mask == 0) continue;
                double wb = scaleBase[e] * mask, ws = scaleSpline[e] * mask;
                int c0 = e * nb + first;
                for (int q = 0; q <= order; q++)
                {
                    double spline = 0;
                    if (q <= top)
                    {
                        int b0 = q * basisWidth;
                        for (int r = 0; r < basisWidth; r++) spline += coefficients[c0 + r] * basis[b0 + r];
                    }
                    f[q] = wb * silu[q] + ws * spline;
                }
                int y0 = j * k1;
                for (int q = 0; q <= order; q++)
                {
                    double fq = f[q];
                    int p0 = q * k1;
                    for (int mm = q; mm <= order; mm++) y[y0 + mm] += fq * powers[p0 + mm];
                }
            }
        }
    }
}
