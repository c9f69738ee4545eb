using Kan.Physics.Networks;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Wraps a loss on the solution u so that it can be evaluated on the network N under a hard-constraint
/// <see cref="OutputTransform"/>: the jets of A and B are computed once for the point set, u's jet is formed per block,
/// and the inner loss's adjoint is mapped back to N's jet by the transposed product rule.
/// </summary>
internal sealed class TransformedLoss : IJetLoss
{
    private readonly IJetLoss _inner;
    private readonly double[] _a, _b;

    public TransformedLoss(IJetLoss inner, OutputTransform transform, double[] points, int dimension, int fields)
    {
        _inner = inner;
        (_a, _b) = transform.Jets(points, dimension, fields);
    }

    public int Order => _inner.Order;

    [ThreadStatic] private static Dictionary<(int, int, int, int), (JetBlock, JetBlock)>? t_buffers;

    private static (JetBlock U, JetBlock Adjoint) Buffers(JetBlock outputs)
    {
        var key = (outputs.Count, outputs.Width, outputs.Dimension, outputs.Order);
        var cache = t_buffers ??= new();
        if (!cache.TryGetValue(key, out var pair))
        {
            if (cache.Count > 64) cache.Clear();
            cache[key] = pair = (new JetBlock(key.Item1, key.Item2, key.Item3, key.Item4), new JetBlock(key.Item1, key.Item2, key.Item3, key.Item4));
        }
        var (u, a) = pair;
        a.Values.Clear(); a.First.Clear(); a.Second.Clear();
        return (u, a);
    }

    /// <summary>The wrapped loss on u.</summary>
    public ResidualLoss Inner => (ResidualLoss)_inner;

    public double Accumulate(int start, JetBlock outputs, JetBlock adjoint)
    {
        // per-thread buffers (blocks of one batch run on several threads at once), reused across calls
        var (u, uAdjoint) = Buffers(outputs);
        OutputTransform.Apply(outputs, _a, _b, start, u);
        double loss = _inner.Accumulate(start, u, uAdjoint);
        OutputTransform.ApplyAdjoint(uAdjoint, _b, start, adjoint);
        return loss;
    }
}
