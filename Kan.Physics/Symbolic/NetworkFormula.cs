using Kan.Physics.EdgeFunctions;
using Kan.Physics.Networks;
using Kan.Physics.Expressions;

namespace Kan.Physics.Symbolic;

/// <summary>
/// Reads a network whose active edges are all formulas as one expression per output: every node is the sum of its
/// incoming edges <c>c*f(a*x+b)+d</c>, composed layer by layer from the input variables; a multiplication node is the
/// product of its sub-nodes' sums.
/// </summary>
public static class NetworkFormula
{
    /// <summary>The raw (unsimplified) expression of each output; see <see cref="Expr.Simplify"/> to tidy it.</summary>
    /// <param name="network">A network whose active edges all carry formulas (e.g. after <see cref="AutoSymbolic.Run"/>).</param>
    /// <param name="inputNames">One variable name per input; <c>x1, x2, ...</c> when null.</param>
    /// <exception cref="InvalidOperationException">An edge still has an active spline, so no closed form exists; the
    /// message names the edge.</exception>
    public static IReadOnlyList<Expr> Compose(KanNetwork network, IReadOnlyList<string>? inputNames = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        int n0 = network.InputDimension;
        inputNames ??= Enumerable.Range(1, n0).Select(i => $"x{i}").ToArray();
        if (inputNames.Count != n0)
            throw new ArgumentException($"{inputNames.Count} input names given for {n0} inputs.", nameof(inputNames));
        Expr[] nodes = inputNames.Select(Expr.Var).ToArray();
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            var sums = new List<Expr>[layer.OutputCount];
            for (int j = 0; j < sums.Length; j++) sums[j] = [];
            for (int i = 0; i < layer.InputCount; i++)
                for (int j = 0; j < layer.OutputCount; j++)
                {
                    if (layer.Mask[layer.Edge(i, j)] != 0)
                        throw new InvalidOperationException(
                            $"Edge ({i} -> {j}) of layer {l} is still a spline; snap it (FixSymbolic / AutoSymbolic) or mask it before reading a formula.");
                    if (layer.Symbolic.Function(i, j) is not { } f) continue;
                    var k = layer.Symbolic.Affine(i, j);
                    sums[j].Add(Expr.FromEdge(f, k.A, k.B, k.C, k.D, nodes[i]));
                }
            var outputs = sums.Select(s => s.Count == 0 ? Expr.Const(0) : Expr.Add(s)).ToArray();
            nodes = new Expr[layer.NodeCount];
            for (int m = 0; m < nodes.Length; m++)
            {
                var (first, count) = layer.OutputsOfNode(m);
                nodes[m] = count == 1 ? outputs[first] : Expr.Multiply(outputs.Skip(first).Take(count));
            }
        }
        return nodes;
    }
}
