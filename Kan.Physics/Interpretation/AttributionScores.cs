namespace Kan.Physics.Interpretation;

/// <summary>
/// Importance scores of a network's edges and nodes on a batch, produced by <see cref="Attribution"/>.
/// Kept as one object so pruning and plotting read edges and nodes from the same pass over the data.
/// </summary>
/// <remarks>
/// For a network of widths <c>[n_0, ..., n_L]</c>:
/// <list type="bullet">
/// <item><see cref="EdgeScores"/> has L entries; <c>EdgeScores[l][i*m_l + j]</c> scores edge (i, j) of layer l, with m_l
/// its <see cref="Layers.KanLayer.OutputCount"/> (the same row-major order as <see cref="Layers.KanLayer.Mask"/>; m_l is
/// n_{l+1} unless the layer has multiplication nodes, whose sub-nodes have edges of their own).</item>
/// <item><see cref="NodeScores"/>, <see cref="IncomingScores"/> and <see cref="OutgoingScores"/> have L + 1 entries,
/// one per width: index l holds the n_l nodes that are the inputs of layer l (index L holds the outputs).</item>
/// <item><see cref="IncomingScores"/>[l][i] is the largest score of an edge entering node i (0 for the network inputs, which have none);
/// <see cref="OutgoingScores"/>[l][i] the largest score of an edge leaving it (0 for the network outputs).</item>
/// </list>
/// What the node scores mean depends on the method; see <see cref="Attribution.L1"/> and <see cref="Attribution.Backward"/>.
/// </remarks>
public sealed class AttributionScores
{
    internal AttributionScores(double[][] edgeScores, double[][] nodeScores, double[][] incoming, double[][] outgoing)
    {
        EdgeScores = edgeScores;
        NodeScores = nodeScores;
        IncomingScores = incoming;
        OutgoingScores = outgoing;
    }

    /// <summary>Per layer l, the n_l x m_l edge scores (m_l the layer's outputs), row-major <c>[i*m_l + j]</c>.</summary>
    public double[][] EdgeScores { get; }

    /// <summary>Per width index l = 0..L, one score per node.</summary>
    public double[][] NodeScores { get; }

    /// <summary>Per width index l = 0..L, the largest incoming edge score of each node (0 for l = 0).</summary>
    public double[][] IncomingScores { get; }

    /// <summary>Per width index l = 0..L, the largest outgoing edge score of each node (0 for l = L).</summary>
    public double[][] OutgoingScores { get; }

    /// <summary>The scores of the network inputs, <c>NodeScores[0]</c>: the quantity used to drop irrelevant input variables.</summary>
    public double[] InputScores => NodeScores[0];

    /// <summary>Number of layers L.</summary>
    public int LayerCount => EdgeScores.Length;
}
