using Kan.Physics.Layers;
using Kan.Physics.Networks;

namespace Kan.Physics.Interpretation;

/// <summary>
/// Edge and node importance scores of a KAN on a batch of inputs. Scores are what pruning and symbolic
/// simplification act on: an edge whose activation is negligible on the data can be removed without changing the fit.
/// </summary>
public static class Attribution
{
    /// <summary>
    /// The KAN paper's L1 scores (Liu et al. 2024, section 2.5.1).
    /// </summary>
    /// <remarks>
    /// Edge score: <c>|phi_ij|_1 = (1/N) sum_s |phi_ij(x_i^(s))|</c>, with x_i the input of layer l on sample s
    /// (mask and scales included). For every node, <see cref="AttributionScores.IncomingScores"/> and
    /// <see cref="AttributionScores.OutgoingScores"/> are the largest incoming / outgoing edge scores.
    /// The node score is the quantity the paper's pruning rule thresholds: for a hidden node, the smaller of the two
    /// maxima (a hidden node is important iff both exceed the threshold, i.e. iff this score does); for an input node the
    /// outgoing maximum and for an output node the incoming maximum, since they have edges on one side only.
    /// </remarks>
    /// <param name="net">The network.</param>
    /// <param name="inputs">Batch, N x n_0 row-major; should be representative of the data the network is used on.</param>
    public static AttributionScores L1(KanNetwork net, double[] inputs)
    {
        var stats = EdgeStatistics(net, inputs);
        var edges = stats.Select(s => s.MeanAbs).ToArray();
        var widths = net.Widths;
        var (incoming, outgoing) = Extremes(net, edges, widths);
        int last = widths.Length - 1;
        var nodes = new double[widths.Length][];
        for (int l = 0; l <= last; l++)
        {
            nodes[l] = new double[widths[l]];
            for (int i = 0; i < widths[l]; i++)
                nodes[l][i] = l == 0 ? outgoing[l][i] : l == last ? incoming[l][i] : Math.Min(incoming[l][i], outgoing[l][i]);
        }
        return new AttributionScores(edges, nodes, incoming, outgoing);
    }

    /// <summary>
    /// Backward-propagated attribution in the spirit of pykan 0.2's <c>attribute()</c>: how much of each output's
    /// variation flows through each edge and node.
    /// </summary>
    /// <remarks>
    /// Exactly: <c>s_ij = std_s phi_ij(x_i^(s))</c> (population standard deviation over the N samples, divisor N).
    /// Output nodes get score 1. Going from the last layer to the first, layer l's edge scores are
    /// <c>E_ij = A_j^(l+1) s_ij / sum_i' s_i'j</c> (0 for every i when that sum is 0: node j does not vary), and the
    /// node scores of its inputs are <c>A_i^(l) = sum_j E_ij</c>. Each node's score is therefore split among its incoming
    /// edges in proportion to how much they vary, so the total score at every width equals the number of outputs
    /// (minus what is lost at constant nodes). The node score is <c>A</c>; incoming / outgoing maxima are reported as well.
    /// Unlike the L1 score this ignores constant offsets, which a following layer cannot distinguish from a bias.
    /// </remarks>
    /// <param name="net">The network.</param>
    /// <param name="inputs">Batch, N x n_0 row-major.</param>
    public static AttributionScores Backward(KanNetwork net, double[] inputs)
    {
        var stats = EdgeStatistics(net, inputs);
        var widths = net.Widths;
        int layers = stats.Length;
        var edges = new double[layers][];
        var nodes = new double[widths.Length][];
        nodes[layers] = Enumerable.Repeat(1.0, widths[layers]).ToArray();
        for (int l = layers - 1; l >= 0; l--)
        {
            var layer = net.Layers[l];
            int nIn = widths[l], nOut = layer.OutputCount;
            var s = stats[l].Std;
            var e = new double[nIn * nOut];
            var a = new double[nIn];
            for (int j = 0; j < nOut; j++)
            {
                double sum = 0;
                for (int i = 0; i < nIn; i++) sum += s[i * nOut + j];
                if (sum <= 0) continue;
                // each sub-node of a multiplication node carries the node's whole score: every factor matters
                double scale = nodes[l + 1][layer.NodeOfOutput(j)] / sum;
                for (int i = 0; i < nIn; i++) e[i * nOut + j] = scale * s[i * nOut + j];
            }
            for (int i = 0; i < nIn; i++)
                for (int j = 0; j < nOut; j++) a[i] += e[i * nOut + j];
            edges[l] = e;
            nodes[l] = a;
        }
        var (incoming, outgoing) = Extremes(net, edges, widths);
        return new AttributionScores(edges, nodes, incoming, outgoing);
    }

    /// <summary>Per-edge statistics of one layer: mean |phi| and standard deviation of phi over the batch.</summary>
    private readonly record struct LayerStats(double[] MeanAbs, double[] Std);

    /// <summary>One pass over the batch per layer, parallel over edges (each edge is summed in sample order, so results are deterministic).</summary>
    private static LayerStats[] EdgeStatistics(KanNetwork net, double[] inputs)
    {
        ArgumentNullException.ThrowIfNull(net);
        var layerInputs = net.LayerInputs(inputs); // validates the batch
        int n = inputs.Length / net.InputDimension;
        var result = new LayerStats[net.Layers.Count];
        for (int l = 0; l < net.Layers.Count; l++)
        {
            KanLayer layer = net.Layers[l];
            double[] x = layerInputs[l];
            int nIn = layer.InputCount, nOut = layer.OutputCount;
            var meanAbs = new double[layer.EdgeCount];
            var std = new double[layer.EdgeCount];
            Parallel.For(0, layer.EdgeCount, e =>
            {
                int i = e / nOut, j = e % nOut;
                if (layer.Mask[e] == 0 && !layer.Symbolic.IsActive(e / nOut, e % nOut)) return; // phi is identically 0
                double abs = 0, mean = 0, m2 = 0;
                for (int s = 0; s < n; s++)
                {
                    double phi = layer.EvaluateEdge(i, j, x[s * nIn + i]);
                    abs += Math.Abs(phi);
                    double d = phi - mean; // Welford: stable when the mean dominates the spread
                    mean += d / (s + 1);
                    m2 += d * (phi - mean);
                }
                meanAbs[e] = abs / n;
                std[e] = Math.Sqrt(Math.Max(m2, 0) / n);
            });
            result[l] = new LayerStats(meanAbs, std);
        }
        return result;
    }

    /// <summary>
    /// Largest incoming and outgoing edge score of every node, per width index. A multiplication node's incoming score is
    /// the smallest over its sub-nodes of their largest incoming edge: the product is only as alive as its weakest factor.
    /// </summary>
    private static (double[][] Incoming, double[][] Outgoing) Extremes(KanNetwork net, double[][] edges, int[] widths)
    {
        var incoming = widths.Select(w => new double[w]).ToArray();
        var outgoing = widths.Select(w => new double[w]).ToArray();
        for (int l = 0; l < edges.Length; l++)
        {
            var layer = net.Layers[l];
            int nIn = widths[l], nOut = layer.OutputCount;
            var sub = new double[nOut];
            for (int i = 0; i < nIn; i++)
                for (int j = 0; j < nOut; j++)
                {
                    double v = edges[l][i * nOut + j];
                    outgoing[l][i] = Math.Max(outgoing[l][i], v);
                    sub[j] = Math.Max(sub[j], v);
                }
            for (int m = 0; m < layer.NodeCount; m++)
            {
                var (first, count) = layer.OutputsOfNode(m);
                double v = double.PositiveInfinity;
                for (int t = 0; t < count; t++) v = Math.Min(v, sub[first + t]);
                incoming[l + 1][m] = v;
            }
        }
        return (incoming, outgoing);
    }
}
