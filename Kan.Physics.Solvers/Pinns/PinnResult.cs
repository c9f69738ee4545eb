using Kan.Physics.Networks;
using Kan.Physics.Training;
using Kan.Physics.Jets;
using Kan.Physics.Optimization;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// What a solve did: the trained network (on the last grid), why it stopped, its history and final errors.
/// <see cref="StopReason"/> is the last grid's: <see cref="StopReason.IterationLimit"/> when it ran all its steps,
/// <see cref="StopReason.Stalled"/> when the loss stopped improving there (<see cref="PinnOptions"/>' stall detection),
/// <see cref="StopReason.Converged"/> or <see cref="StopReason.LineSearchFailed"/> when L-BFGS could lower it no further,
/// <see cref="StopReason.Cancelled"/>, or <see cref="StopReason.NonFiniteLoss"/>; a grid that stalled with another after
/// it is listed in <see cref="Stages"/> and <see cref="StopHint"/> but does not end the run.
/// </summary>
public sealed record PinnResult(KanNetwork Network, StopReason StopReason, IReadOnlyList<PinnRecord> History, ErrorMetrics? Errors, int Evaluations, double Seconds)
{
    /// <summary>The loss after the last step (NaN without steps).</summary>
    public double FinalLoss => History.Count > 0 ? History[^1].Loss : double.NaN;

    /// <summary>How each grid's run ended, in order (a resumed run lists those before the checkpoint too).</summary>
    public IReadOnlyList<StageStop> Stages { get; init; } = [];

    /// <summary>Every grid update judged against the loss, kept or rolled back, in order (empty when <see cref="StageOptions.GridUpdateRollback"/> is off).</summary>
    public IReadOnlyList<GridUpdateCheck> GridUpdates { get; init; } = [];

    /// <summary>
    /// One line on how the run ended when there is something to say (a stall, an early end, grid updates rolled back, a
    /// non-finite loss) and what to try, e.g. "loss stalled at 6.0e-1 on grid 5 from step 12 (less than 0.1 % decrease
    /// over 10 steps); try UpdateGrid = false, a wider network or more collocation points"; null for a run that simply
    /// used all its steps.
    /// </summary>
    public string? StopHint { get; init; }

    /// <summary>The identified values of the PDE's unknown coefficients, by name (empty for a fully known PDE); their history is in each <see cref="PinnRecord.Parameters"/>.</summary>
    public IReadOnlyDictionary<string, double> Parameters { get; init; } = new Dictionary<string, double>();

    /// <summary>The identified coefficient fields of the PDE, by name (empty when it declares none; see <see cref="Pdes.Pde.CoefficientFields"/>).</summary>
    public IReadOnlyDictionary<string, IdentifiedField> CoefficientFields { get; init; } = new Dictionary<string, IdentifiedField>();

    /// <summary>The problem's hard constraint, if any: the solution is Transform applied to <see cref="Network"/>.</summary>
    public OutputTransform? Transform { get; init; }

    /// <summary>The problem's input embedding, if any: the network sees Input.Map(x).</summary>
    public InputTransform? Input { get; init; }

    /// <summary>
    /// The whole solution of a <see cref="WindowMarchingSolver"/> solve (one network per time window), or null for a
    /// single network; when set, <see cref="Evaluate"/> evaluates it and <see cref="Network"/> is the last window's.
    /// </summary>
    public MarchedSolution? Marched { get; init; }

    /// <summary>Each time window's own result for a <see cref="WindowMarchingSolver"/> solve, first window first; null otherwise.</summary>
    public IReadOnlyList<PinnResult>? Windows { get; init; }

    /// <summary>The solution's jet (order 0, 1 or 2) at N x D points, through the embedding and output transform when there are (or the marched solution).</summary>
    public JetBlock Evaluate(double[] points, int order = 0)
        => Marched?.Evaluate(points, order) ?? InputTransform.Solution(Network, points, order, Input, Transform);
}

/// <summary>
/// An identified coefficient field: <c>k(x) = Offset + Network(x)</c>, the network taking the PDE's coordinates. The
/// network is an ordinary KAN, so it can go through the formula pipeline (pruning, <c>AutoSymbolic</c>, symbolic
/// regression on its samples) like any other.
/// </summary>
/// <param name="Name">The field's name.</param>
/// <param name="Network">Its network (a copy: changing it changes nothing else).</param>
/// <param name="Offset">The value added to the network's output.</param>
public sealed record IdentifiedField(string Name, KanNetwork Network, double Offset)
{
    /// <summary>The field's values at N x D <paramref name="points"/>.</summary>
    public double[] Evaluate(double[] points)
    {
        var y = Network.Forward(points);
        for (int s = 0; s < y.Length; s++) y[s] += Offset;
        return y;
    }
}
