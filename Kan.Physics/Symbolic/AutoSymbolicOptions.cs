using Kan.Physics.EdgeFunctions;
namespace Kan.Physics.Symbolic;

/// <summary>Settings of <see cref="AutoSymbolic.Run"/>.</summary>
public sealed record AutoSymbolicOptions
{
    /// <summary>The candidate functions; the 29-function default library when null. Restrict it to guide the search.</summary>
    public SymbolicLibrary? Library { get; init; }

    /// <summary>
    /// Per-layer libraries: entry l (when present and not null) replaces <see cref="Library"/> for the edges of layer l,
    /// e.g. a linear-only last layer so that the output stays a monotone function of the last hidden node.
    /// </summary>
    public IReadOnlyList<SymbolicLibrary?>? LayerLibraries { get; init; }

    /// <summary>Weight of simplicity against accuracy in [0, 1] (pykan's weight_simple), see <see cref="AffineFit.Score"/>.</summary>
    public double WeightSimple { get; init; } = 0.8;

    /// <summary>An edge keeps its spline when its best formula has R^2 below this (pykan's r2_threshold; 0 snaps every edge).</summary>
    public double R2Threshold { get; init; }

    /// <summary>Keep the spline edge beside the formula instead of masking it.</summary>
    public bool KeepSpline { get; init; }

    internal void Validate()
    {
        if (!(WeightSimple is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(WeightSimple), WeightSimple, "Must be in [0, 1].");
        if (double.IsNaN(R2Threshold) || R2Threshold > 1) throw new ArgumentOutOfRangeException(nameof(R2Threshold), R2Threshold, "Must be a number at most 1.");
    }
}
