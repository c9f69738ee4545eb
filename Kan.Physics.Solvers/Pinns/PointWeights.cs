using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// A weighting of the PDE term's collocation points (causal weights, attention multipliers, time windows), composed by
/// <see cref="PointWeights"/>. As a stage action it marks the steps where its weights change.
/// </summary>
internal interface IPointWeighting : IStageAction
{
    /// <summary>Whether it may weigh points anywhere in <paramref name="stage"/>.</summary>
    bool WeighsIn(int stage);

    /// <summary>Whether it has weights at <paramref name="at"/> (the PDE term's weights are set only when some weighting has).</summary>
    bool HasWeights(StageStep at);

    /// <summary>Applies its weights to <paramref name="weights"/> (one per collocation point, multiplied in order) at the network's parameters.</summary>
    void Weigh(KanNetwork network, StageStep at, double[] weights);
}

/// <summary>
/// The point weights of the PDE term, from its weightings in order (each starts from the previous one's product): set
/// at every restart step where one of them has weights, and cleared at the start of a stage where none can weigh.
/// </summary>
internal sealed class PointWeights(PinnLoss loss, IReadOnlyList<IPointWeighting> weightings) : IStageAction
{
    public IReadOnlyList<IPointWeighting> Weightings => weightings;

    public bool IsDue(StageStep at)
    {
        foreach (var w in weightings) if (w.IsDue(at)) return true;
        return false;
    }

    public void Prepare(KanNetwork network, StageStep at)
    {
        foreach (var w in weightings) w.Prepare(network, at);
        if (!weightings.Any(w => w.HasWeights(at))) return;
        var residual = loss.Pde.Residual;
        var weights = new double[residual.Count];
        Array.Fill(weights, 1.0);
        foreach (var w in weightings) if (w.HasWeights(at)) w.Weigh(network, at, weights);
        residual.PointWeights = weights;
    }

    public void BeginStage(KanNetwork network, int stage)
    {
        // e.g. the time windows are over: every point counts again
        if (!weightings.Any(w => w.WeighsIn(stage))) loss.Pde.Residual.PointWeights = null;
    }
}

/// <summary>
/// Causal training (<see cref="PinnOptions.CausalEpsilon"/>): before every step the points of a time slice are weighted
/// by exp(-epsilon times the earlier slices' weighted mean squared residuals) (<see cref="PinnSolver.CausalWeights"/>).
/// </summary>
internal sealed class CausalWeighting(PinnProblem problem, double epsilon, int slices) : IPointWeighting
{
    public bool IsDue(StageStep at) => true;
    public void Prepare(KanNetwork network, StageStep at) { }
    public bool WeighsIn(int stage) => true;
    public bool HasWeights(StageStep at) => true;

    public void Weigh(KanNetwork network, StageStep at, double[] weights)
    {
        double[] causal = PinnSolver.CausalWeights(network, problem, epsilon, slices);
        for (int i = 0; i < weights.Length; i++) weights[i] *= causal[i];
    }
}

/// <summary>
/// Residual-based attention, RBA (<see cref="PinnOptions.RbaEta"/>): a multiplier per collocation point, updated every
/// <see cref="PinnOptions.RbaEvery"/> steps from the residuals (<see cref="PinnSolver.UpdateAttention"/>); the point's
/// weight is the multiplier squared. New collocation points start again with no multipliers.
/// </summary>
internal sealed class ResidualAttention(PinnLoss loss, PinnOptions options, double[]? multipliers) : IPointWeighting
{
    private int _generation = loss.Generation;

    /// <summary>The current multipliers, or null before the first update on the current points.</summary>
    public double[]? Multipliers { get; private set; } = multipliers;

    public bool IsDue(StageStep at) => at.Step % options.RbaEvery == 0;

    public void Prepare(KanNetwork network, StageStep at)
    {
        if (_generation != loss.Generation) (Multipliers, _generation) = (null, loss.Generation); // new points start with multiplier 1
        if (IsDue(at)) Multipliers = PinnSolver.UpdateAttention(network, loss.Problem, Multipliers, options.RbaGamma, options.RbaEta);
    }

    public bool WeighsIn(int stage) => true;
    public bool HasWeights(StageStep at) => Multipliers != null;

    public void Weigh(KanNetwork network, StageStep at, double[] weights)
    {
        var m = Multipliers!;
        for (int i = 0; i < weights.Length; i++) weights[i] *= m[i] * m[i];
    }
}

/// <summary>
/// Time marching (<see cref="PinnOptions.TimeWindows"/>): the steps of the first <see cref="PinnOptions.TimeWindowGrids"/>
/// grids, counted together, are cut into K windows; in window k only collocation points with
/// t &lt;= t0 + (k + 1) / K (t1 - t0) count. Later grids see every time.
/// </summary>
internal sealed class TimeMarching(PinnProblem problem, PinnOptions options, int stages) : IPointWeighting
{
    private readonly int _marchGrids = Math.Min(options.TimeWindowGrids, stages);
    private int WindowSteps => Math.Max(1, _marchGrids * options.StepsPerGrid / Math.Max(1, options.TimeWindows));
    private int Window(StageStep at) => Math.Min((at.Stage * options.StepsPerGrid + at.Step) / WindowSteps, options.TimeWindows - 1);

    public bool IsDue(StageStep at) => WeighsIn(at.Stage) && (at.Step == 0 || (at.Stage * options.StepsPerGrid + at.Step) % WindowSteps == 0);
    public void Prepare(KanNetwork network, StageStep at) { }
    public bool WeighsIn(int stage) => stage < _marchGrids;
    public bool HasWeights(StageStep at) => WeighsIn(at.Stage);

    /// <summary>The fraction of the time range that counts at <paramref name="at"/>.</summary>
    public double Horizon(StageStep at) => WeighsIn(at.Stage) ? (double)(Window(at) + 1) / options.TimeWindows : 1.0;

    public void Weigh(KanNetwork network, StageStep at, double[] weights)
    {
        double horizon = Horizon(at);
        if (horizon >= 1.0) return;
        // points beyond t0 + horizon (t1 - t0) do not count yet
        int d = problem.Pde.Dimension, n = weights.Length;
        var points = problem.CollocationPoints;
        double t0 = double.PositiveInfinity, t1 = double.NegativeInfinity;
        for (int s = 0; s < n; s++) { double t = points[s * d + d - 1]; t0 = Math.Min(t0, t); t1 = Math.Max(t1, t); }
        double limit = t0 + horizon * (t1 - t0);
        for (int s = 0; s < n; s++) if (points[s * d + d - 1] > limit) weights[s] = 0;
    }
}
