using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Symbolic;

/// <summary>
/// What <see cref="SymbolicRegression.Run"/> produced: the network before pruning, the pruned spline network, the final
/// network with formula edges, the choice made for every edge, the stages, and why it stopped.
/// </summary>
public sealed record SymbolicRegressionResult(
    KanNetwork Sparse,
    KanNetwork Pruned,
    KanNetwork Symbolic,
    IReadOnlyList<SymbolicEdgeChoice> Choices,
    IReadOnlyList<SymbolicRegressionStage> Stages,
    StopReason StopReason)
{
    /// <summary>Test RMSE of the final formula network (train RMSE when there was no test set).</summary>
    public double FinalRmse => Stages.Count > 0 ? (double.IsNaN(Stages[^1].TestRmse) ? Stages[^1].TrainRmse : Stages[^1].TestRmse) : double.NaN;

    /// <summary>Test RMSE of the pruned spline network on its finest grid, before snapping.</summary>
    public double SplineRmse { get; init; } = double.NaN;
}
