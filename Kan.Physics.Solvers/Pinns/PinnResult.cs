using Kan.Physics.Networks;
using Kan.Physics.Training;
using Kan.Physics.Jets;
using Kan.Physics.Optimization;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>What a solve did: the trained network (on the last grid), why it stopped, its history and final errors.</summary>
public sealed record PinnResult(KanNetwork Network, StopReason StopReason, IReadOnlyList<PinnRecord> History, ErrorMetrics? Errors, int Evaluations, double Seconds)
{
    public double FinalLoss => History.Count > 0 ? History[^1].Loss : double.NaN;

    /// <summary>The identified values of the PDE's unknown coefficients, by name (empty for a fully known PDE); their history is in each <see cref="PinnRecord.Parameters"/>.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The problem's hard constraint, if any: the solution is Transform applied to <see cref="Network"/>.</summary>
    public OutputTransform? Transform { get; init; }

    /// <summary>The problem's input embedding, if any: the network sees Input.Map(x).</summary>
    public InputTransform? Input { get; init; }

    /// <summary>The solution's jet (order 0, 1 or 2) at N x D points, through the embedding and output transform when there are.</summary>
    public JetBlock Evaluate(double[] points, int order = 0)
        => InputTransform.Solution(Network, points, order, Input, Transform);
}
