using Kan.Physics.Networks;
using Kan.Physics.Training;
using Kan.Physics.Optimization;

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

    /// <summary>
    /// The formula of each output, composed from the snapped edges (<see cref="NetworkFormula.Compose"/>) and not yet
    /// simplified; null when some edge kept its spline (its fit fell below the R^2 threshold).
    /// </summary>
    public IReadOnlyList<Expressions.Expr>? Formulas { get; init; }

    /// <summary>The seed of the sparse start that was kept (see <see cref="SymbolicRegressionOptions.Restarts"/>).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// Every screened start's seed and held-out RMSE at the end of its screening, in start order (empty unless several
    /// starts were screened on held-out rows); the kept start (<see cref="Seed"/>) is the one with the lowest.
    /// </summary>
    public IReadOnlyList<ScreenedStart> Screening { get; init; } = [];

    /// <summary>
    /// The pruned networks of the screened starts that were not kept, as they were after screening (empty unless
    /// several starts were screened on held-out rows). Their edges may suggest features the kept network lacks.
    /// </summary>
    public IReadOnlyList<KanNetwork> OtherStarts { get; init; } = [];

    /// <summary>Test RMSE of the pruned spline network on its finest grid (or the grid the held-out rows chose), before snapping.</summary>
    public double SplineRmse { get; init; } = double.NaN;

    /// <summary>
    /// RMSE on the held-out training rows of the pruned network at the grid they chose, before it was trained on all
    /// rows (<see cref="SymbolicRegressionOptions.ValidationFraction"/>); NaN without held-out rows.
    /// </summary>
    public double ValidationRmse { get; init; } = double.NaN;
}

/// <summary>One start of <see cref="SymbolicRegression.Run"/>'s screening: its seed and held-out RMSE on the largest screening grid.</summary>
public sealed record ScreenedStart(int Seed, double ValidationRmse);
