namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// The state after one outer step: grid size, global step, total loss, each weighted loss term by name (the PDE term is
/// "pde"), errors against the reference (null without one), objective evaluations so far and seconds since the start.
/// </summary>
public sealed record PinnRecord(int GridSize, int Step, double Loss, IReadOnlyDictionary<string, double> Terms, ErrorMetrics? Errors, int Evaluations, double Seconds)
{
    /// <summary>The values of the PDE's unknown coefficients after the step, by name (empty for a fully known PDE).</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = EmptyParameters;

    private static readonly IReadOnlyDictionary<string, double> EmptyParameters = new Dictionary<string, double>();
}
