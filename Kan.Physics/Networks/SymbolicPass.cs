using Kan.Physics.Layers;
using Kan.Physics.Jets;

namespace Kan.Physics.Networks;

/// <summary>
/// Forward and backward passes of a layer's formula edges over one block of samples (values only). They run after the
/// spline kernel of the same layer and add to its outputs and input adjoints, so a layer may mix both kinds of edges.
/// </summary>
internal static class SymbolicPass
{
    /// <summary>Sizes and clears the per-layer gradient accumulators of a workspace for the current formula edges.</summary>
    public static void PrepareGradients(KanNetwork net, NetworkEvaluator.Workspace w)
    {
        int L = net.Layers.Count;
        if (w.SymbolicGradient.Length != L) w.SymbolicGradient = new double[L][];
        for (int l = 0; l < L; l++)
        {
            int count = net.Layers[l].Symbolic.ParameterCount;
            if (w.SymbolicGradient[l] is null || w.SymbolicGradient[l].Length != count) w.SymbolicGradient[l] = new double[count];
            else Array.Clear(w.SymbolicGradient[l]);
        }
    }

    /// <summary>output[s, j] += c f(a x_i + b) + d for every formula edge (i, j).</summary>
    public static void Forward(SymbolicLayer layer, JetBlock input, JetBlock output)
    {
        if (layer.ActiveCount == 0) return;
        var f = layer.Functions;
        var k = layer.AffineValues;
        int n = input.Count, nIn = layer.InputCount, nOut = layer.OutputCount;
        foreach (int e in layer.ActiveEdges)
        {
            int i = e / nOut, j = e % nOut;
            double a = k[4 * e], b = k[4 * e + 1], c = k[4 * e + 2], d = k[4 * e + 3];
            var fn = f[e]!.Evaluate;
            for (int s = 0; s < n; s++)
                output.V[s * nOut + j] += c * fn(a * input.V[s * nIn + i] + b) + d;
        }
    }

    /// <summary>
    /// Adds each formula edge's share of d loss / d input to <paramref name="inputAdjoint"/> (when given) and accumulates
    /// d loss / d (a, b, c, d) into <paramref name="gradient"/> (four per active edge, in edge order).
    /// </summary>
    public static void Backward(SymbolicLayer layer, JetBlock input, JetBlock outputAdjoint, JetBlock? inputAdjoint, double[] gradient)
    {
        if (layer.ActiveCount == 0) return;
        var f = layer.Functions;
        var k = layer.AffineValues;
        int n = input.Count, nIn = layer.InputCount, nOut = layer.OutputCount;
        var active = layer.ActiveEdges;
        for (int t = 0; t < active.Count; t++)
        {
            int e = active[t], i = e / nOut, j = e % nOut;
            double a = k[4 * e], b = k[4 * e + 1], c = k[4 * e + 2];
            var fn = f[e]!;
            double ga = 0, gb = 0, gc = 0, gd = 0;
            for (int s = 0; s < n; s++)
            {
                double g = outputAdjoint.V[s * nOut + j];
                if (g == 0) continue;
                double x = input.V[s * nIn + i], u = a * x + b;
                double fu = fn.Evaluate(u), cdf = c * fn.Derivative(u) * g;
                ga += cdf * x;
                gb += cdf;
                gc += fu * g;
                gd += g;
                if (inputAdjoint != null) inputAdjoint.V[s * nIn + i] += cdf * a;
            }
            gradient[4 * t] += ga; gradient[4 * t + 1] += gb; gradient[4 * t + 2] += gc; gradient[4 * t + 3] += gd;
        }
    }
}
