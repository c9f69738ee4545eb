using Kan.Physics.Networks;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Symbolic;

/// <summary>
/// Symbolic candidates for one learned edge: the edge function phi_ij is sampled at the inputs that edge actually sees
/// on the data (its layer's inputs), and every library function is fitted as c*f(a*x+b)+d and ranked (pykan's
/// suggest_symbolic). The first step towards snapping edges to formulas.
/// </summary>
public static class EdgeSymbolicFit
{
    /// <param name="network">A trained network.</param>
    /// <param name="inputs">N x n_0 samples, row-major (e.g. the training inputs).</param>
    /// <param name="layer">Layer index, 0 .. L-1.</param>
    /// <param name="input">The edge's input node in that layer.</param>
    /// <param name="output">The edge's output node.</param>
    /// <param name="library">Candidates; the default library when null.</param>
    /// <param name="weightSimple">Simplicity against accuracy, as in <see cref="AffineFit.Score"/>.</param>
    public static IReadOnlyList<AffineFitResult> Suggest(KanNetwork network, double[] inputs, int layer, int input, int output,
        SymbolicLibrary? library = null, double weightSimple = 0.8)
    {
        ArgumentNullException.ThrowIfNull(network);
        if ((uint)layer >= (uint)network.Layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"The network has {network.Layers.Count} layers.");
        var l = network.Layers[layer];
        if ((uint)input >= (uint)l.InputCount) throw new ArgumentOutOfRangeException(nameof(input), input, $"Layer {layer} has {l.InputCount} inputs.");
        if ((uint)output >= (uint)l.OutputCount) throw new ArgumentOutOfRangeException(nameof(output), output, $"Layer {layer} has {l.OutputCount} outputs.");
        double[] layerInputs = network.LayerInputs(inputs)[layer];
        int n = layerInputs.Length / l.InputCount;
        var x = new double[n];
        var y = new double[n];
        for (int s = 0; s < n; s++)
        {
            x[s] = layerInputs[s * l.InputCount + input];
            y[s] = l.EvaluateEdge(input, output, x[s]);
        }
        return AffineFit.Rank(library ?? SymbolicLibrary.CreateDefault(), x, y, weightSimple);
    }
}
