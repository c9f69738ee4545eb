namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// The state after one outer step: grid size, global step, total loss, each weighted loss term by name (the PDE term is
/// "pde"), errors against the reference (null without one), objective evaluations so far and seconds since the start.
/// </summary>
public sealed record PinnRecord(int GridSize, int Step, double Loss, IReadOnlyDictionary<string, double> Terms, ErrorMetrics? Errors, int Evaluations, double Seconds);
