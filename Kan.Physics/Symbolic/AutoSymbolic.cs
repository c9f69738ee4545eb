using Kan.Physics.Networks;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Symbolic;

/// <summary>
/// Snaps every active spline edge of a network to its best library formula (pykan's auto_symbolic): each edge is
/// sampled on the inputs it sees on the data, every candidate is fitted as <c>c*f(a*x+b)+d</c> and ranked by
/// <see cref="AffineFit.Score"/>, and the winner replaces the spline edge when its R^2 reaches the threshold.
/// </summary>
/// <remarks>
/// Layers are processed from the inputs upwards, and each layer's inputs are recomputed after the layer below has been
/// snapped, so a formula is fitted to what its edge will really see once the edges below it are formulas too. Retrain
/// afterwards (the constants become trainable parameters) to remove the small fitting errors.
/// </remarks>
public static class AutoSymbolic
{
    /// <summary>Snaps the network in place and reports what was chosen for every active spline edge.</summary>
    /// <param name="network">A trained (usually pruned) network.</param>
    /// <param name="inputs">N x n_0 samples, row-major (e.g. the training inputs).</param>
    /// <param name="options">Library, weights and threshold; defaults when null.</param>
    public static IReadOnlyList<SymbolicEdgeChoice> Run(KanNetwork network, double[] inputs, AutoSymbolicOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        options ??= new AutoSymbolicOptions();
        options.Validate();
        var fallback = options.Library ?? SymbolicLibrary.CreateDefault();
        if (fallback.Count == 0) throw new ArgumentException("The symbolic library is empty.", nameof(options));
        if (options.LayerLibraries is { } perLayer && perLayer.Any(lib => lib is { Count: 0 }))
            throw new ArgumentException("A per-layer symbolic library is empty.", nameof(options));
        var choices = new List<SymbolicEdgeChoice>();
        for (int l = 0; l < network.Layers.Count; l++)
        {
            var layer = network.Layers[l];
            var library = options.LayerLibraries is { } libs && l < libs.Count && libs[l] is { } own ? own : fallback;
            double[] layerInputs = network.LayerInputs(inputs)[l];
            int n = layerInputs.Length / layer.InputCount;
            var x = new double[n];
            var y = new double[n];
            for (int i = 0; i < layer.InputCount; i++)
            {
                for (int s = 0; s < n; s++) x[s] = layerInputs[s * layer.InputCount + i];
                for (int j = 0; j < layer.OutputCount; j++)
                {
                    if (layer.Mask[layer.Edge(i, j)] == 0 || layer.Symbolic.IsActive(i, j)) continue;
                    for (int s = 0; s < n; s++) y[s] = layer.EvaluateEdge(i, j, x[s]);
                    var ranked = AffineFit.Rank(library, x, y, options.WeightSimple);
                    var best = ranked.Count > 0 ? ranked[0] : null;
                    if (best is null)
                    {
                        choices.Add(new SymbolicEdgeChoice(l, i, j, null, false, "no library function could be fitted"));
                        continue;
                    }
                    if (best.RSquared < options.R2Threshold)
                    {
                        choices.Add(new SymbolicEdgeChoice(l, i, j, best, false,
                            $"best fit '{best.Function.Name}' has R^2 = {best.RSquared:G6} < {options.R2Threshold}"));
                        continue;
                    }
                    network.FixSymbolic(l, i, j, best, options.KeepSpline);
                    choices.Add(new SymbolicEdgeChoice(l, i, j, best, true, null));
                }
            }
        }
        return choices;
    }
}
