using Kan.Physics.Layers;
using Kan.Physics.Networks;

namespace Kan.Physics.Interpretation;

/// <summary>
/// Pruning of KANs (Liu et al. 2024, section 2.5.1): after sparsity-regularised training most edges are negligible,
/// and removing them yields a small network whose remaining activations can be read off or fitted symbolically.
/// </summary>
public static class Pruning
{
    /// <summary>
    /// A new, smaller network without the unimportant hidden nodes, with the unimportant edges masked.
    /// </summary>
    /// <remarks>
    /// Steps: (1) scores on <paramref name="inputs"/>: with <see cref="PruningScore.Backward"/> (the default, as pykan 0.2)
    /// a hidden node is kept iff its backward attribution score (<see cref="Attribution.Backward"/>) is at least
    /// <paramref name="nodeThreshold"/>, so a node that only passes on a constant (a bias) is removed; with
    /// <see cref="PruningScore.L1"/> (the KAN paper's first version) iff its largest incoming and largest outgoing L1 edge
    /// scores (<see cref="Attribution.L1"/>) are both at least <paramref name="nodeThreshold"/>. If that
    /// leaves a hidden width empty, its node with the largest <c>min(incoming, outgoing)</c> is kept so the network stays
    /// connected. Inputs and outputs are never removed. (2) The layers are rebuilt without the removed nodes (coefficients,
    /// scales, masks and per-input grids copied). (3) L1 scores are recomputed on the smaller network (removing a node
    /// shifts the inputs of later layers) and every edge scoring below <paramref name="edgeThreshold"/> gets mask 0.
    /// </remarks>
    /// <param name="score">Which attribution decides (see remarks).</param>
    /// <param name="net">The network to prune; not modified.</param>
    /// <param name="inputs">Batch, N x n_0 row-major, on which importance is measured.</param>
    /// <param name="nodeThreshold">Node threshold (pykan's default 1e-2); must be finite and non-negative.</param>
    /// <param name="edgeThreshold">Edge threshold (pykan's default 3e-2); must be finite and non-negative.</param>
    public static PruneResult Prune(KanNetwork net, double[] inputs, double nodeThreshold = 1e-2, double edgeThreshold = 3e-2,
        PruningScore score = PruningScore.Backward)
    {
        ArgumentNullException.ThrowIfNull(net);
        CheckThreshold(nodeThreshold, nameof(nodeThreshold));
        CheckThreshold(edgeThreshold, nameof(edgeThreshold));
        if (!Enum.IsDefined(score)) throw new ArgumentOutOfRangeException(nameof(score), score, "Unknown pruning score.");
        Func<KanNetwork, double[], AttributionScores> attribute = score == PruningScore.Backward ? Attribution.Backward : Attribution.L1;
        var scores = attribute(net, inputs);
        var widths = net.Widths;
        int last = widths.Length - 1;
        var keep = new int[widths.Length][];
        for (int l = 0; l <= last; l++)
        {
            if (l == 0 || l == last) { keep[l] = Enumerable.Range(0, widths[l]).ToArray(); continue; }
            var inc = scores.IncomingScores[l];
            var outg = scores.OutgoingScores[l];
            var node = scores.NodeScores[l];
            keep[l] = Enumerable.Range(0, widths[l]).Where(i => score == PruningScore.Backward
                ? node[i] >= nodeThreshold
                : inc[i] >= nodeThreshold && outg[i] >= nodeThreshold).ToArray();
            if (keep[l].Length == 0)
            {
                int best = 0;
                for (int i = 1; i < widths[l]; i++)
                    if (scores.NodeScores[l][i] > scores.NodeScores[l][best]) best = i;
                keep[l] = [best];
            }
        }
        var pruned = Subset(net, keep);
        var edgeScores = attribute(pruned, inputs).EdgeScores;
        for (int l = 0; l < pruned.Layers.Count; l++)
        {
            var layer = pruned.Layers[l];
            for (int e = 0; e < layer.EdgeCount; e++)
                if (edgeScores[l][e] < edgeThreshold)
                {
                    layer.Mask[e] = 0;
                    layer.Symbolic.Remove(e / layer.OutputCount, e % layer.OutputCount);
                }
        }
        return new PruneResult(pruned, keep);
    }

    /// <summary>Masks edge (input, output) of layer <paramref name="layer"/> in place and drops its formula, if any: the edge then contributes 0 and is not trained.</summary>
    /// <param name="net">The network, modified in place.</param>
    /// <param name="layer">Layer index, 0..L-1.</param>
    /// <param name="input">Input node of that layer, 0..n_layer-1.</param>
    /// <param name="output">Output node of that layer, 0..n_{layer+1}-1.</param>
    public static void RemoveEdge(KanNetwork net, int layer, int input, int output)
    {
        ArgumentNullException.ThrowIfNull(net);
        if ((uint)layer >= (uint)net.Layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Layer index must be in [0, {net.Layers.Count}).");
        var kl = net.Layers[layer];
        if ((uint)input >= (uint)kl.InputCount)
            throw new ArgumentOutOfRangeException(nameof(input), input, $"Input index must be in [0, {kl.InputCount}).");
        if ((uint)output >= (uint)kl.OutputCount)
            throw new ArgumentOutOfRangeException(nameof(output), output, $"Output index must be in [0, {kl.OutputCount}).");
        kl.Mask[kl.Edge(input, output)] = 0;
        kl.Symbolic.Remove(input, output);
    }

    /// <summary>
    /// A new network without hidden node <paramref name="node"/> of width index <paramref name="layer"/> (its incoming
    /// edges in layer <c>layer-1</c> and outgoing edges in layer <c>layer</c> go with it). The original is unchanged.
    /// The outputs change by exactly that node's contribution, so removing a node that is dead on the data is lossless.
    /// </summary>
    /// <param name="net">The network; not modified.</param>
    /// <param name="layer">Width index of the node, 1..L-1 (inputs and outputs cannot be removed).</param>
    /// <param name="node">The node, 0..n_layer-1; its width must have at least two nodes.</param>
    public static KanNetwork RemoveNode(KanNetwork net, int layer, int node)
    {
        ArgumentNullException.ThrowIfNull(net);
        var widths = net.Widths;
        if (layer < 1 || layer >= widths.Length - 1)
            throw new ArgumentOutOfRangeException(nameof(layer), layer,
                widths.Length > 2 ? $"Hidden width index must be in [1, {widths.Length - 1})." : "The network has no hidden nodes.");
        if ((uint)node >= (uint)widths[layer])
            throw new ArgumentOutOfRangeException(nameof(node), node, $"Node index must be in [0, {widths[layer]}).");
        if (widths[layer] == 1)
            throw new ArgumentException($"Node {node} is the only node of width {layer}; removing it would disconnect the network.", nameof(node));
        var keep = widths.Select(w => Enumerable.Range(0, w).ToArray()).ToArray();
        keep[layer] = keep[layer].Where(i => i != node).ToArray();
        return Subset(net, keep);
    }

    /// <summary>A new network restricted to the listed nodes of every width (sorted original indices), all edge data copied;
    /// a kept multiplication node keeps all its sub-nodes.</summary>
    private static KanNetwork Subset(KanNetwork net, int[][] keep)
    {
        var layers = new KanLayer[net.Layers.Count];
        for (int l = 0; l < layers.Length; l++)
        {
            var src = net.Layers[l];
            int[] rows = keep[l];
            // a kept node keeps its outputs: one for a sum node, all its factors for a multiplication node
            int[] cols = keep[l + 1].SelectMany(m => { var (first, count) = src.OutputsOfNode(m); return Enumerable.Range(first, count); }).ToArray();
            int mult = keep[l + 1].Count(m => m >= src.SumCount);
            var dst = new KanLayer(rows.Length, cols.Length, src.GridSize, src.Order,
                multiplicationCount: mult, multiplicationArity: src.MultiplicationArity);
            for (int a = 0; a < rows.Length; a++)
            {
                dst.SetBasis(a, src.Basis(rows[a]));
                for (int b = 0; b < cols.Length; b++)
                {
                    int se = src.Edge(rows[a], cols[b]), de = dst.Edge(a, b);
                    dst.ScaleBase[de] = src.ScaleBase[se];
                    dst.ScaleSpline[de] = src.ScaleSpline[se];
                    dst.Mask[de] = src.Mask[se];
                    src.EdgeCoefficients(rows[a], cols[b]).CopyTo(dst.EdgeCoefficients(a, b));
                    if (src.Symbolic.Function(rows[a], cols[b]) is { } f)
                        dst.Symbolic.Set(a, b, f, src.Symbolic.Affine(rows[a], cols[b]));
                }
            }
            layers[l] = dst;
        }
        return new KanNetwork(layers);
    }

    private static void CheckThreshold(double value, string name)
    {
        if (!double.IsFinite(value) || value < 0)
            throw new ArgumentOutOfRangeException(name, value, "A threshold must be finite and non-negative.");
    }
}
