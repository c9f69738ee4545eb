using Kan.Physics.Interpretation;

namespace Kan.Physics.Runs.Plotting;

/// <summary>Optional settings of <see cref="NetworkPlot.Save"/>.</summary>
public sealed record NetworkPlotOptions
{
    /// <summary>Names drawn under the input nodes, one per network input; null draws none.</summary>
    public IReadOnlyList<string>? InputNames { get; init; }

    /// <summary>Names drawn above the output nodes, one per network output; null draws none.</summary>
    public IReadOnlyList<string>? OutputNames { get; init; }

    /// <summary>
    /// Text drawn by an edge's inset, given (layer, input, output); null or "" draws nothing. Meant for edges that have
    /// been replaced by a symbolic formula, so the figure shows the formula next to the curve it stands for.
    /// </summary>
    public Func<int, int, int, string?>? EdgeLabel { get; init; }

    /// <summary>Figure title ("" for none).</summary>
    public string Title { get; init; } = "";

    /// <summary>Figure width in pixels; null chooses one from the widest layer (at least 800).</summary>
    public int? Width { get; init; }

    /// <summary>Figure height in pixels; null chooses one from the depth (at least 600).</summary>
    public int? Height { get; init; }

    /// <summary>
    /// Edge importance to draw as opacity (e.g. <see cref="Attribution.Backward"/>); null uses <see cref="Attribution.L1"/>
    /// on the plotted inputs. Either way scores are divided by the largest score of their layer.
    /// </summary>
    public AttributionScores? Scores { get; init; }
}
