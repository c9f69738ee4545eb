using Kan.Physics.Layers;
using Kan.Physics.Jets;

namespace Kan.Physics.Networks;

/// <summary>
/// Forward and backward passes of a layer's multiplication nodes over one block of samples, on jets of order 0, 1 or 2:
/// from the layer's outputs (sub-nodes) to its nodes. Sum nodes are copied; a multiplication node is the product of its
/// <c>arity</c> sub-nodes, formed left to right, <c>p_1 = u_1, p_t = p_(t-1) u_t</c>, each step a product of jets
/// (Leibniz): <c>(fg)' = f'g + fg'</c>, <c>(fg)'' = f''g + f'g'^T + g'f'^T + fg''</c>.
/// </summary>
internal static class MultiplicationPass
{
    /// <summary>Length of one scalar's jet: value, D first derivatives, P second derivatives.</summary>
    private static int JetLength(JetBlock b) => 1 + (b.Order >= 1 ? b.Dimension : 0) + b.Pairs;

    /// <summary>Copies the jet of column j of sample s into <paramref name="dst"/> (value, gradient, pairs).</summary>
    private static void Load(JetBlock b, int s, int j, Span<double> dst)
    {
        int w = b.Width, d = b.Dimension, np = b.Pairs;
        dst[0] = b.V[s * w + j];
        if (b.Order >= 1) for (int a = 0; a < d; a++) dst[1 + a] = b.D1[(s * d + a) * w + j];
        for (int p = 0; p < np; p++) dst[1 + d + p] = b.D2[(s * np + p) * w + j];
    }

    private static void Store(ReadOnlySpan<double> src, JetBlock b, int s, int j)
    {
        int w = b.Width, d = b.Dimension, np = b.Pairs;
        b.V[s * w + j] = src[0];
        if (b.Order >= 1) for (int a = 0; a < d; a++) b.D1[(s * d + a) * w + j] = src[1 + a];
        for (int p = 0; p < np; p++) b.D2[(s * np + p) * w + j] = src[1 + d + p];
    }

    /// <summary>z = x y as jets (z must not alias x or y).</summary>
    internal static void Multiply(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z, int order, int d)
    {
        z[0] = x[0] * y[0];
        if (order < 1) return;
        for (int a = 0; a < d; a++) z[1 + a] = x[1 + a] * y[0] + x[0] * y[1 + a];
        if (order < 2) return;
        int p = 1 + d;
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++, p++)
                z[p] = x[p] * y[0] + x[1 + a] * y[1 + b] + x[1 + b] * y[1 + a] + x[0] * y[p];
    }

    /// <summary>Adjoint of <see cref="Multiply"/>: from dL/dz adds dL/dx to <paramref name="gx"/> and dL/dy to <paramref name="gy"/>.</summary>
    internal static void MultiplyAdjoint(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> gz, Span<double> gx, Span<double> gy, int order, int d)
    {
        gx[0] += gz[0] * y[0];
        gy[0] += gz[0] * x[0];
        if (order < 1) return;
        for (int a = 0; a < d; a++)
        {
            double g = gz[1 + a];
            gx[0] += g * y[1 + a]; gx[1 + a] += g * y[0];
            gy[0] += g * x[1 + a]; gy[1 + a] += g * x[0];
        }
        if (order < 2) return;
        int p = 1 + d;
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++, p++)
            {
                double g = gz[p];
                gx[p] += g * y[0]; gx[0] += g * y[p];
                gy[p] += g * x[0]; gy[0] += g * x[p];
                gx[1 + a] += g * y[1 + b]; gx[1 + b] += g * y[1 + a];
                gy[1 + b] += g * x[1 + a]; gy[1 + a] += g * x[1 + b];
            }
    }

    /// <summary>Nodes from outputs: <paramref name="nodes"/> (width NodeCount) is overwritten.</summary>
    public static void Forward(KanLayer layer, JetBlock outputs, JetBlock nodes)
    {
        int n = outputs.Count, order = outputs.Order, d = outputs.Dimension, J = JetLength(outputs);
        int sums = layer.SumCount, k = layer.MultiplicationArity;
        nodes.Count = n;
        Span<double> u = stackalloc double[J], prod = stackalloc double[J], next = stackalloc double[J];
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < sums; j++) { Load(outputs, s, j, u); Store(u, nodes, s, j); }
            for (int m = 0; m < layer.MultiplicationCount; m++)
            {
                int first = sums + m * k;
                Load(outputs, s, first, prod);
                for (int t = 1; t < k; t++)
                {
                    Load(outputs, s, first + t, u);
                    Multiply(prod, u, next, order, d);
                    next.CopyTo(prod);
                }
                Store(prod, nodes, s, sums + m);
            }
        }
    }

    /// <summary>
    /// Output adjoints from node adjoints: <paramref name="outputAdjoint"/> (width OutputCount) is overwritten. The
    /// partial products are formed again from <paramref name="outputs"/>, the forward pass's sub-node jets.
    /// </summary>
    public static void Backward(KanLayer layer, JetBlock outputs, JetBlock nodeAdjoint, JetBlock outputAdjoint)
    {
        int n = outputs.Count, order = outputs.Order, d = outputs.Dimension, J = JetLength(outputs);
        int sums = layer.SumCount, k = layer.MultiplicationArity;
        outputAdjoint.Count = n;
        Span<double> prefix = stackalloc double[k * J], u = stackalloc double[J], g = stackalloc double[J];
        Span<double> gPrev = stackalloc double[J], gu = stackalloc double[J];
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < sums; j++) { Load(nodeAdjoint, s, j, g); Store(g, outputAdjoint, s, j); }
            for (int m = 0; m < layer.MultiplicationCount; m++)
            {
                int first = sums + m * k;
                // prefix products p_1 .. p_k (p_k is the node)
                Load(outputs, s, first, prefix[..J]);
                for (int t = 1; t < k; t++)
                {
                    Load(outputs, s, first + t, u);
                    Multiply(prefix.Slice((t - 1) * J, J), u, prefix.Slice(t * J, J), order, d);
                }
                Load(nodeAdjoint, s, sums + m, g); // dL/dp_k
                for (int t = k - 1; t >= 1; t--)
                {
                    // p_t = p_(t-1) u_t
                    Load(outputs, s, first + t, u);
                    gPrev.Clear(); gu.Clear();
                    MultiplyAdjoint(prefix.Slice((t - 1) * J, J), u, g, gPrev, gu, order, d);
                    Store(gu, outputAdjoint, s, first + t);
                    gPrev.CopyTo(g);
                }
                Store(g, outputAdjoint, s, first);
            }
        }
    }
}
