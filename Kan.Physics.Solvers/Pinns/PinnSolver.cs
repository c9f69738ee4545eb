using System.Diagnostics;
using Kan.Physics.Networks;
using Kan.Physics.Training;
using Kan.Physics.Jets;
using Kan.Physics.Optimization;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Solves a <see cref="PinnProblem"/> with a KAN: the loss is the weighted mean squared PDE residual at the collocation
/// points plus each condition's, all from the network's analytic jets; L-BFGS (or Adam, or Adam then L-BFGS) in outer
/// steps, grid updates on the collocation points, grid extension along <see cref="PinnOptions.GridSchedule"/>, optional
/// residual-based adaptive resampling, and the whole history (loss terms, errors, times) returned as data.
/// </summary>
public sealed class PinnSolver
{
    public PinnSolver(PinnOptions? options = null)
    {
        Options = options ?? new PinnOptions();
        Options.Validate();
    }

    public PinnOptions Options { get; }

    /// <summary>
    /// Trains <paramref name="network"/> (in place on the first grid; later grids are refined copies, see
    /// <see cref="PinnResult.Network"/>). <paramref name="onStep"/> sees every outer step; cancellation returns
    /// <see cref="StopReason.Cancelled"/> with the network at the best point reached.
    /// </summary>
    /// <param name="network">The initial network (ignored when resuming).</param>
    /// <param name="problem">The problem; its collocation points are replaced when resuming or resampling.</param>
    /// <param name="onStep">Called after every outer step.</param>
    /// <param name="cancellationToken">Stops the run between L-BFGS iterations.</param>
    /// <param name="resumeFrom">A checkpoint of an earlier run of the same problem and options to continue from.</param>
    /// <param name="onCheckpoint">Receives a checkpoint at the start of every grid and at every L-BFGS restart step within one (grid updates, resampling).</param>
    public PinnResult Solve(KanNetwork network, PinnProblem problem, Action<PinnRecord>? onStep = null, CancellationToken cancellationToken = default,
        PinnCheckpoint? resumeFrom = null, Action<PinnCheckpoint>? onCheckpoint = null)
    {
        CheckShapes(network, problem);
        var o = Options;
        var clock = Stopwatch.StartNew();
        int[] grids = o.GridsFor(network);
        // unknown coefficients start at their declared values (a resumed run takes the checkpoint's)
        var unknowns = problem.Unknowns;
        unknowns.Reset();
        // from the problem's own points, before a checkpoint replaces them, so a resumed run uses the same scale
        double pdeScale = o.NormalizePde ? SourceScale(problem) : 1.0;
        if (resumeFrom != null) Resume(resumeFrom, network, problem, grids);
        var loss = new PinnLoss(problem, pdeScale);
        if (o.FitGridToInputs && resumeFrom is null) StretchInputGrids(network, loss.GridSamples());
        var attention = o.RbaEta > 0 ? new ResidualAttention(loss, o, (double[]?)resumeFrom?.AttentionWeights?.Clone()) : null;
        var history = new List<PinnRecord>(resumeFrom?.History ?? []);
        double Seconds() => (resumeFrom?.Seconds ?? 0) + clock.Elapsed.TotalSeconds;

        var stages = new List<StageStop>(resumeFrom?.Stages ?? []);
        var updates = new List<GridUpdateCheck>(resumeFrom?.GridUpdates ?? []);
        var runner = new StageRunner(o, Strategies(loss, attention, grids.Length))
        {
            WarmupSteps = o.AdamWarmupSteps,
            Extra = unknowns.CoordinateCount > 0 ? unknowns.Theta : null,
            OnCheckpoint = onCheckpoint is null ? null : c => onCheckpoint(new PinnCheckpoint
            {
                Stage = c.Stage, Step = c.Step, Network = c.Network, CollocationPoints = (double[])problem.CollocationPoints.Clone(), History = history.ToList(),
                Evaluations = c.Evaluations, StepOffset = c.StepOffset, Seconds = Seconds(), AttentionWeights = (double[]?)attention?.Multipliers?.Clone(),
                ParameterCoordinates = c.Extra, StallObservations = c.StallObservations, Stages = stages.ToList(), GridUpdates = updates.ToList(),
            }),
            OnGridUpdate = updates.Add,
            OnStageStop = stages.Add,
        };
        void Record(KanNetwork net, StageProgress at)
        {
            var (total, terms) = loss.Values(net);
            var record = new PinnRecord(at.Grid, at.Step, total, terms, Errors(net, problem), at.Evaluations, Seconds()) { Parameters = unknowns.Snapshot() };
            history.Add(record);
            onStep?.Invoke(record);
        }
        var resume = resumeFrom is null ? null : new StageCheckpoint(resumeFrom.Stage, resumeFrom.Step, resumeFrom.Network.Clone(), resumeFrom.Evaluations, resumeFrom.StepOffset)
        {
            Extra = unknowns.CoordinateCount > 0 ? resumeFrom.ParameterCoordinates ?? throw new ArgumentException($"The checkpoint holds no values of the PDE's {unknowns.Count} unknown parameter(s) and {unknowns.Fields.Count} coefficient field(s).", nameof(resumeFrom)) : null,
            StallObservations = resumeFrom.StallObservations,
        };
        var run = runner.Run(network, grids, o.StepsPerGrid, loss.Objective, Record, cancellationToken, resume);
        var parameters = unknowns.Snapshot();
        unknowns.Sync();
        var fields = new Dictionary<string, IdentifiedField>();
        for (int f = 0; f < unknowns.Fields.Count; f++) fields[unknowns.FieldNames[f]] = new IdentifiedField(unknowns.FieldNames[f], unknowns.Networks[f].Clone(), unknowns.Fields[f].Offset);
        // a loss that stopped improving four orders of magnitude below the loss of u = 0 has reached its floor: converged
        var zero = run.Network.Clone();
        zero.SetParameters(new double[zero.ParameterCount]);
        double scale = loss.Values(zero).Total;
        StageStop Classify(StageStop s) => s.Reason == StopReason.Stalled && s.Loss <= ConvergedFraction * scale ? s with { Reason = StopReason.Converged } : s;
        var ends = stages.Select(Classify).ToList();
        var reason = run.StopReason == StopReason.Stalled && ends.Count > 0 ? ends[^1].Reason : run.StopReason;
        var result = new PinnResult(run.Network, reason, history, Errors(run.Network, problem), run.Evaluations, Seconds())
            { Transform = problem.Transform, Input = problem.Input, Parameters = parameters, CoefficientFields = fields, Stages = ends, GridUpdates = updates };
        return result with { StopHint = Hint(result, o) };
    }

    /// <summary>
    /// A grid whose loss stopped improving (<see cref="StageOptions.StallWindow"/>) at or below this fraction of the loss
    /// of a network that outputs zero (all parameters 0, so u = 0, or the output transform's A) is reported
    /// <see cref="StopReason.Converged"/>: the loss fell four orders of magnitude and reached its floor. Above it,
    /// <see cref="StopReason.Stalled"/>.
    /// </summary>
    public const double ConvergedFraction = 1e-4;

    /// <summary>
    /// The one-line account of how <paramref name="result"/> ended (see <see cref="PinnResult.StopHint"/>): the last grid's
    /// stall, early end or non-finite loss with what to try, then the grids before it that ended early, then the grid
    /// updates rolled back; null when there is nothing to say.
    /// </summary>
    internal static string? Hint(PinnResult result, PinnOptions options)
    {
        var parts = new List<string>();
        var stages = result.Stages;
        var updates = result.GridUpdates;
        int rolledBack = updates.Count(u => u.RolledBack);
        string Try() => options.UpdateGrid
            ? "try UpdateGrid = false, a wider network or more collocation points"
            : "try a wider network, another grid schedule or more collocation points";
        for (int i = 0; i < stages.Count; i++)
        {
            var s = stages[i];
            bool last = i == stages.Count - 1;
            string? text = s.Reason switch
            {
                StopReason.Stalled => Invariant($"loss stalled at {s.Loss:0.0e0} on grid {s.Grid} from step {s.StalledFrom} (less than {100 * options.StallTolerance:0.#####} % decrease over {options.StallWindow} steps)"),
                StopReason.Converged when s.StalledFrom > 0 => Invariant($"loss converged at {s.Loss:0.0e0} on grid {s.Grid} from step {s.StalledFrom} (less than {100 * options.StallTolerance:0.#####} % decrease over {options.StallWindow} steps, below {ConvergedFraction:0e0} of the loss of u = 0)"),
                StopReason.Converged or StopReason.LineSearchFailed when s.EndedEarly => Invariant($"L-BFGS could lower the loss no further ({s.Loss:0.0e0}) on grid {s.Grid} after step {s.Step}"),
                StopReason.NonFiniteLoss => Invariant($"the loss became non-finite on grid {s.Grid} after step {s.Step}"),
                _ => null,
            };
            if (text is null) continue;
            if (!last) text += Invariant($", went on to grid {stages[i + 1].Grid}");
            else if (s.Reason == StopReason.Stalled) text += "; " + Try();
            else if (s.Reason == StopReason.NonFiniteLoss) text += "; try a smaller interiorWeight or learning rate, or an Adam warm-up";
            parts.Add(text);
        }
        if (rolledBack > 0)
            parts.Add(Invariant($"{rolledBack} of {updates.Count} grid updates rolled back (loss rise up to {100 * updates.Where(u => u.RolledBack).Max(u => u.RelativeChange):0.#} %)"));
        return parts.Count > 0 ? string.Join("; ", parts) : null;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>What acts before chosen steps, in order: resampling (RAD), grid updates on every point, then the PDE points' weights.</summary>
    private List<IStageAction> Strategies(PinnLoss loss, ResidualAttention? attention, int stages)
    {
        var o = Options;
        var pde = loss.Problem.Pde;
        var actions = new List<IStageAction>();
        if (o.ResampleEvery > 0) actions.Add(new ResidualResampling(loss, o));
        actions.Add(new GridUpdate(o, loss.GridSamples));
        var weightings = new List<IPointWeighting>();
        if (o.CausalEpsilon > 0 && pde.IsTimeDependent) weightings.Add(new CausalWeighting(loss.Problem, o.CausalEpsilon, o.CausalSlices));
        if (attention != null) weightings.Add(attention);
        if (o.TimeWindows > 1 && pde.IsTimeDependent) weightings.Add(new TimeMarching(loss.Problem, o, stages));
        if (weightings.Count > 0) actions.Add(new PointWeights(loss, weightings));
        return actions;
    }

    /// <summary>The first layer's grids stretched onto each input's range over <paramref name="inputs"/> (N x inputs); an input with a single value keeps its grid.</summary>
    internal static void StretchInputGrids(KanNetwork network, double[] inputs)
    {
        int d = network.InputDimension, n = inputs.Length / d;
        var ranges = new (double Lo, double Hi)[d];
        for (int i = 0; i < d; i++)
        {
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
            for (int s = 0; s < n; s++) { double v = inputs[s * d + i]; lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
            var grid = network.Layers[0].Basis(i).GridPoints;
            ranges[i] = hi > lo ? (lo, hi) : (grid[0], grid[^1]);
        }
        GridAdaptation.StretchInputGrids(network, ranges);
    }

    private static ErrorMetrics? Errors(KanNetwork net, PinnProblem problem)
        => problem.Reference != null ? ErrorMetrics.Compute(net, problem.Reference, problem.Transform, problem.Input) : null;

    private static void CheckShapes(KanNetwork network, PinnProblem problem)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problem);
        var pde = problem.Pde;
        if (network.InputDimension != problem.NetworkInputDimension)
            throw new ArgumentException(problem.Input is null
                ? $"The network takes {network.InputDimension} inputs but the PDE has {pde.Dimension} coordinates."
                : $"The network takes {network.InputDimension} inputs but the input embedding makes {problem.NetworkInputDimension}.", nameof(network));
        if (network.OutputDimension != pde.Fields)
            throw new ArgumentException($"The network has {network.OutputDimension} outputs but the PDE has {pde.Fields} field(s).", nameof(network));
    }

    /// <summary>Checks that <paramref name="resumeFrom"/> belongs to this schedule and network, and puts its collocation points into the problem.</summary>
    private void Resume(PinnCheckpoint resumeFrom, KanNetwork network, PinnProblem problem, int[] grids)
    {
        if (resumeFrom.Stage >= grids.Length || resumeFrom.Network.Layers[0].GridSize != grids[resumeFrom.Stage])
            throw new ArgumentException($"The checkpoint (stage {resumeFrom.Stage}, grid {resumeFrom.Network.Layers[0].GridSize}) does not belong to the grid schedule {string.Join(",", grids)}.", nameof(resumeFrom));
        if (!resumeFrom.Network.Widths.SequenceEqual(network.Widths))
            throw new ArgumentException($"The checkpoint's network [{string.Join(",", resumeFrom.Network.Widths)}] differs from the problem's [{string.Join(",", network.Widths)}].", nameof(resumeFrom));
        problem.ReplaceCollocationPoints((double[])resumeFrom.CollocationPoints.Clone());
        int points = problem.CollocationPoints.Length / problem.Pde.Dimension;
        if (Options.RbaEta > 0 && resumeFrom.AttentionWeights is { Length: var saved } && saved != points)
            throw new ArgumentException($"The checkpoint has {saved} attention weights for {points} collocation points.", nameof(resumeFrom));
    }

    /// <summary>
    /// One residual-based attention update (see <see cref="PinnOptions.RbaEta"/>): lambda_i = gamma lambda_i + eta
    /// |r_i| / max_j |r_j| from the current residuals at the collocation points; <paramref name="attention"/> null
    /// means all multipliers are 1. Returns a new array.
    /// </summary>
    public static double[] UpdateAttention(KanNetwork network, PinnProblem problem, double[]? attention, double gamma, double eta)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problem);
        if (!(gamma >= 0 && gamma < 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "Must be in [0, 1).");
        if (!double.IsFinite(eta) || eta < 0) throw new ArgumentOutOfRangeException(nameof(eta), eta, "Must be finite and >= 0.");
        double[] sq = PointwiseSquaredResiduals(network, problem, problem.CollocationPoints);
        if (attention != null && attention.Length != sq.Length)
            throw new ArgumentException($"Expected {sq.Length} multipliers, got {attention.Length}.", nameof(attention));
        double max = 0;
        foreach (double v in sq) max = Math.Max(max, v);
        max = Math.Sqrt(max);
        var next = new double[sq.Length];
        for (int i = 0; i < sq.Length; i++)
            next[i] = gamma * (attention?[i] ?? 1.0) + (max > 0 ? eta * Math.Sqrt(sq[i]) / max : 0);
        return next;
    }

    /// <summary>sum_e r_e^2 of the PDE residual at each of <paramref name="points"/>, through the problem's output transform.</summary>
    internal static double[] PointwiseSquaredResiduals(KanNetwork network, PinnProblem problem, double[] points)
    {
        var pde = problem.Pde;
        var loss = new ResidualLoss(pde, points, null, pde.Dimension, pde.SpatialDimension, pde.Fields) { Parameters = problem.Unknowns };
        problem.Unknowns.Sync();
        var jet = InputTransform.Solution(network, points, pde.Order, problem.Input, problem.Transform);
        return loss.PointwiseSquaredResiduals(jet);
    }

    /// <summary>
    /// The mean over the problem's collocation points of sum_e r_e^2 for u = 0 with all derivatives 0 (the source term's
    /// mean square), or 1 when that is 0 (see <see cref="PinnOptions.NormalizePde"/>).
    /// </summary>
    public static double SourceScale(PinnProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var pde = problem.Pde;
        var points = problem.CollocationPoints;
        int n = points.Length / pde.Dimension;
        var zero = new JetBlock(n, pde.Fields, pde.Dimension, pde.Order);
        problem.Unknowns.Sync();
        double[] sq = new ResidualLoss(pde, points, null, pde.Dimension, pde.SpatialDimension, pde.Fields) { Parameters = problem.Unknowns }.PointwiseSquaredResiduals(zero);
        double mean = sq.Average();
        if (!double.IsFinite(mean)) throw new InvalidOperationException($"The residual of u = 0 has a non-finite mean square ({mean}); the PDE term cannot be normalised by it.");
        return mean > 0 ? mean : 1.0;
    }

    /// <summary>
    /// Causal weights of the collocation points: the time range is cut into <paramref name="slices"/> equal slices and a
    /// point in slice k gets exp(-epsilon * sum over earlier slices j of alpha * mean r^2 in j); slice 0 gets 1.
    /// </summary>
    public static double[] CausalWeights(KanNetwork network, PinnProblem problem, double epsilon, int slices)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problem);
        if (!problem.Pde.IsTimeDependent) throw new ArgumentException("Causal weights need a time-dependent PDE.", nameof(problem));
        if (slices < 1) throw new ArgumentOutOfRangeException(nameof(slices), slices, "Must be >= 1.");
        var pde = problem.Pde;
        var points = problem.CollocationPoints;
        int d = pde.Dimension, n = points.Length / d;
        double[] sq = PointwiseSquaredResiduals(network, problem, points);
        double t0 = double.PositiveInfinity, t1 = double.NegativeInfinity;
        for (int s = 0; s < n; s++) { double t = points[s * d + d - 1]; t0 = Math.Min(t0, t); t1 = Math.Max(t1, t); }
        var slice = new int[n];
        var sum = new double[slices];
        var count = new int[slices];
        for (int s = 0; s < n; s++)
        {
            double t = points[s * d + d - 1];
            slice[s] = t1 > t0 ? Math.Min(slices - 1, (int)((t - t0) / (t1 - t0) * slices)) : 0;
            sum[slice[s]] += sq[s];
            count[slice[s]]++;
        }
        var weight = new double[slices];
        double cumulative = 0;
        for (int k = 0; k < slices; k++)
        {
            weight[k] = Math.Exp(-epsilon * cumulative);
            if (count[k] > 0) cumulative += problem.InteriorWeight * sum[k] / count[k];
        }
        var w = new double[n];
        for (int s = 0; s < n; s++) w[s] = weight[slice[s]];
        return w;
    }
}
