using Kan.Physics.Networks;

namespace Kan.Physics.Training;

/// <summary>
/// A P-spline roughness penalty on every live edge's spline: <c>lambda * sum_edges s^2 sum_j (c[j-1] - 2 c[j] + c[j+1])^2 / h^3</c>,
/// with <c>s</c> the edge's spline scale, <c>c</c> its B-spline coefficients and <c>h</c> the mean knot spacing of its
/// input's grid. The sum approximates <c>integral (s S''(x))^2 dx</c>, so one <c>lambda</c> means the same on a grid of 5
/// and of 50. On noise-free data it costs the fit almost nothing, but it fixes the coefficients the data leave free (a
/// fine grid over a region with few samples), which otherwise bend the learned function between the samples.
/// </summary>
internal static class RoughnessPenalty
{
    /// <summary>Adds the penalty's gradient to <paramref name="gradient"/> (network parameter layout) and returns its value.</summary>
    public static double Add(KanNetwork network, double lambda, ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        if (lambda == 0) return 0;
        double total = 0;
        int offset = 0;
        foreach (var layer in network.Layers)
        {
            int basis = layer.BasisCount, edges = layer.EdgeCount;
            int scales = offset + edges * basis + edges;
            for (int i = 0; i < layer.InputCount; i++)
            {
                var b = layer.Basis(i);
                double h = (b.GridMax - b.GridMin) / b.GridSize;
                double w = lambda / (h * h * h);
                for (int o = 0; o < layer.OutputCount; o++)
                {
                    int e = layer.Edge(i, o);
                    if (layer.Mask[e] == 0) continue;
                    int c0 = offset + e * basis;
                    double s = parameters[scales + e], sum = 0;
                    for (int j = 1; j < basis - 1; j++)
                    {
                        double d = parameters[c0 + j - 1] - 2 * parameters[c0 + j] + parameters[c0 + j + 1];
                        sum += d * d;
                        double gd = 2 * w * s * s * d;
                        gradient[c0 + j - 1] += gd;
                        gradient[c0 + j] -= 2 * gd;
                        gradient[c0 + j + 1] += gd;
                    }
                    total += w * s * s * sum;
                    gradient[scales + e] += 2 * w * s * sum;
                }
            }
            offset += layer.ParameterCount;
        }
        return total;
    }
}
