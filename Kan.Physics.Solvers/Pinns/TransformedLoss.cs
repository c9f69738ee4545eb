using Kan.Physics.Networks;
using Kan.Physics.Jets;

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

    public double Accumulate(int start, JetBlock outputs, JetBlock adjoint)
    {
        var (u, uAdjoint) = JetBuffers<TransformedLoss>.Get(outputs.Count, outputs.Width, outputs.Dimension, outputs.Order);
        OutputTransform.Apply(outputs, _a, _b, start, u);
        double loss = _inner.Accumulate(start, u, uAdjoint);
        OutputTransform.ApplyAdjoint(uAdjoint, _b, start, adjoint);
        return loss;
    }
}
