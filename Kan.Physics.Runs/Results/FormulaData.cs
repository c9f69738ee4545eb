namespace Kan.Physics.Runs.Results;

/// <summary>
/// A symbolic formula recovered from a trained network (group <c>formula</c> of a result file): plain text, LaTeX and
/// optionally its fit error.
/// </summary>
public sealed class FormulaData
{
    /// <summary>The formula as plain text, e.g. <c>exp(sin(pi*x) + y^2)</c>.</summary>
    public required string Text { get; init; }

    /// <summary>The same formula as LaTeX (may be empty when no rendering exists).</summary>
    public required string Latex { get; init; }

    /// <summary>Root-mean-square error of the formula against the network or data, when it was measured.</summary>
    public double? Rmse { get; init; }
}
