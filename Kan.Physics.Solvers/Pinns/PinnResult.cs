using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>What a solve did: the trained network (on the last grid), why it stopped, its history and final errors.</summary>
public sealed record PinnResult(KanNetwork Network, StopReason StopReason, IReadOnlyList<PinnRecord> History, ErrorMetrics? Errors, int Evaluations, double Seconds)
{
    public double FinalLoss => History.Count > 0 ? History[^1].Loss : double.NaN;
}
