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
    private const string PdeTerm = "pde";

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
    /// <param name="onCheckpoint">Receives a checkpoint at every L-BFGS restart step (grid updates, resampling, new grids).</param>
    public PinnResult Solve(KanNetwork network, PinnProblem problem, Action<PinnRecord>? onStep = null, CancellationToken cancellationToken = default,
        PinnCheckpoint? resumeFrom = null, Action<PinnCheckpoint>? onCheckpoint = null)
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
        var o = Options;
        var clock = Stopwatch.StartNew();
        var history = new List<PinnRecord>();
        int evaluations = 0, stepOffset = 0, firstStage = 0, firstStep = 0;
        double secondsBefore = 0;
        int[] grids = o.GridSchedule.Length > 0 ? o.GridSchedule : [network.Layers[0].GridSize];
        var net = network;
        // from the problem's own points, before a checkpoint replaces them, so a resumed run uses the same scale
        double pdeScale = o.NormalizePde ? SourceScale(problem) : 1.0;
        double[]? attention = null;
        if (resumeFrom != null)
        {
            if (resumeFrom.Stage >= grids.Length || resumeFrom.Network.Layers[0].GridSize != grids[resumeFrom.Stage])
                throw new ArgumentException($"The checkpoint (stage {resumeFrom.Stage}, grid {resumeFrom.Network.Layers[0].GridSize}) does not belong to the grid schedule {string.Join(",", grids)}.", nameof(resumeFrom));
            if (!resumeFrom.Network.Widths.SequenceEqual(network.Widths))
                throw new ArgumentException($"The checkpoint's network [{string.Join(",", resumeFrom.Network.Widths)}] differs from the problem's [{string.Join(",", network.Widths)}].", nameof(resumeFrom));
            net = resumeFrom.Network.Clone();
            problem.ReplaceCollocationPoints((double[])resumeFrom.CollocationPoints.Clone());
            history.AddRange(resumeFrom.History);
            (evaluations, stepOffset, firstStage, firstStep, secondsBefore) = (resumeFrom.Evaluations, resumeFrom.StepOffset, resumeFrom.Stage, resumeFrom.Step, resumeFrom.Seconds);
            if (o.RbaEta > 0 && resumeFrom.AttentionWeights is { } saved)
            {
                if (saved.Length != problem.CollocationPoints.Length / pde.Dimension)
                    throw new ArgumentException($"The checkpoint has {saved.Length} attention weights for {problem.CollocationPoints.Length / pde.Dimension} collocation points.", nameof(resumeFrom));
                attention = (double[])saved.Clone();
            }
        }
        var terms = BuildTerms(problem, pdeScale);
        StopReason reason = StopReason.IterationLimit;

        for (int stage = firstStage; stage < grids.Length; stage++)
        {
            if (net.Layers.Any(l => l.GridSize != grids[stage])) net = net.Refine(grids[stage]);
            double[] theta = net.GetParameters();
            var scratch = new double[theta.Length];
            var current = net;

            double Objective(ReadOnlySpan<double> x, Span<double> g)
            {
                current.SetParameters(x);
                g.Clear();
                double total = 0;
                foreach (var (_, points, loss) in terms)
                {
                    total += current.Evaluate(points, loss, scratch).Loss;
                    for (int p = 0; p < g.Length; p++) g[p] += scratch[p];
                }
                foreach (var c in problem.Periodic) total += c.Evaluate(current, g);
                return total;
            }

            bool causal = o.CausalEpsilon > 0 && pde.IsTimeDependent;
            bool GridDue(int s) => o.UpdateGrid && s < o.StopGridUpdateStep && s % o.GridUpdateEvery == 0;
            bool ResampleDue(int s) => o.ResampleEvery > 0 && s > 0 && s % o.ResampleEvery == 0;
            bool RbaDue(int s) => o.RbaEta > 0 && s % o.RbaEvery == 0;
            // time marching on the first TimeWindowGrids grids: their steps, counted together, are cut into K windows of
            // W steps; window k covers times up to (k + 1) / K of the range
            int marchGrids = Math.Min(o.TimeWindowGrids, grids.Length);
            bool marching = o.TimeWindows > 1 && pde.IsTimeDependent && stage < marchGrids;
            int windowSteps = Math.Max(1, marchGrids * o.StepsPerGrid / Math.Max(1, o.TimeWindows));
            int Window(int s) => Math.Min((stage * o.StepsPerGrid + s) / windowSteps, o.TimeWindows - 1);
            double Horizon(int s) => marching ? (double)(Window(s) + 1) / o.TimeWindows : 1.0;
            bool WindowDue(int s) => marching && (s == 0 || (stage * o.StepsPerGrid + s) % windowSteps == 0);
            bool Restart(int s) => causal || GridDue(s) || ResampleDue(s) || RbaDue(s) || WindowDue(s);
            if (o.TimeWindows > 1 && !marching && !causal && o.RbaEta == 0)
            {
                // the first grid's windows are over: every point counts again
                var first = terms[0].Loss is EmbeddedLoss fe ? fe.Inner : terms[0].Loss;
                (first is TransformedLoss ft ? ft.Inner : (ResidualLoss)first).PointWeights = null;
            }

            bool checkpoints = false;
            SteppedMinimizer? active = null;
            int evaluationsBefore = evaluations, offset = stepOffset;
            void Prepare(int s)
            {
                current.SetParameters(theta);
                if (checkpoints && onCheckpoint != null)
                    onCheckpoint(new PinnCheckpoint
                    {
                        Stage = stage, Step = s, Network = current.Clone(), CollocationPoints = (double[])problem.CollocationPoints.Clone(),
                        History = history.ToList(), Evaluations = evaluationsBefore + active!.Evaluations, StepOffset = stepOffset,
                        Seconds = secondsBefore + clock.Elapsed.TotalSeconds,
                        AttentionWeights = attention is null ? null : (double[])attention.Clone(),
                    });
                if (ResampleDue(s))
                {
                    // the seed depends on where the run is, not on how it got there, so a resumed run draws the same points
                    problem.ReplaceCollocationPoints(Resample(current, problem, unchecked(o.Seed * 1_000_003 + stage * 10_007 + s)));
                    terms = BuildTerms(problem, pdeScale);
                    attention = null; // new points start with multiplier 1
                }
                if (GridDue(s))
                {
                    current.UpdateGrid(AllPoints(problem), o.GridEps);
                    current.GetParameters(theta);
                }
                if (RbaDue(s)) attention = UpdateAttention(current, problem, attention, o.RbaGamma, o.RbaEta);
                if (causal || attention != null || marching) SetPointWeights(current, problem, terms, causal, attention, Horizon(s));
            }

            void Record(int s)
            {
                current.SetParameters(theta);
                var values = new Dictionary<string, double>();
                double total = 0;
                foreach (var (name, points, loss) in terms)
                {
                    double v = current.Evaluate(points, loss, default).Loss;
                    values[name] = v;
                    total += v;
                }
                foreach (var c in problem.Periodic)
                {
                    double v = c.Evaluate(current, default);
                    values[UniqueName(values, c.Name)] = v;
                    total += v;
                }
                var errors = problem.Reference != null ? ErrorMetrics.Compute(current, problem.Reference, problem.Transform, problem.Input) : (ErrorMetrics?)null;
                var record = new PinnRecord(grids[stage], offset + s, total, values, errors, evaluationsBefore + active!.Evaluations, secondsBefore + clock.Elapsed.TotalSeconds);
                history.Add(record);
                onStep?.Invoke(record);
            }

            if (stage == 0 && o.AdamWarmupSteps > 0 && resumeFrom == null)
            {
                active = new SteppedMinimizer(OptimizerKind.Adam, learningRate: o.AdamLearningRate);
                reason = active.Run(theta, Objective, o.AdamWarmupSteps, Restart, Prepare, Record, cancellationToken);
                evaluations += active.Evaluations;
                stepOffset += active.Step;
                offset = stepOffset; evaluationsBefore = evaluations;
                if (reason is StopReason.Cancelled or StopReason.NonFiniteLoss) { current.SetParameters(theta); break; }
            }

            active = new SteppedMinimizer(o.Optimizer, o.LbfgsIterationsPerStep, o.LbfgsEvaluationsPerStep, o.LbfgsHistory, o.AdamLearningRate);
            // checkpoints only where L-BFGS restarts anyway: there the state above is all there is
            checkpoints = o.Optimizer == OptimizerKind.Lbfgs;
            int start = stage == firstStage ? firstStep : 0;
            reason = active.Run(theta, Objective, o.StepsPerGrid, s => Restart(s) || (s == start && start > 0), Prepare, Record, cancellationToken, start);
            evaluations += active.Evaluations;
            stepOffset += active.Step;
            current.SetParameters(theta);
            net = current;
            if (reason is StopReason.Cancelled or StopReason.NonFiniteLoss) break;
        }
        var finalErrors = problem.Reference != null ? ErrorMetrics.Compute(net, problem.Reference, problem.Transform, problem.Input) : (ErrorMetrics?)null;
        return new PinnResult(net, reason, history, finalErrors, evaluations, secondsBefore + clock.Elapsed.TotalSeconds) { Transform = problem.Transform, Input = problem.Input };
    }

    internal static List<(string Name, double[] Points, IJetLoss Loss)> BuildTerms(PinnProblem problem, double pdeScale)
    {
        var pde = problem.Pde;
        IJetLoss Wrap(ResidualLoss loss, double[] points)
        {
            IJetLoss l = problem.Transform is { } t ? new TransformedLoss(loss, t, points, pde.Dimension, pde.Fields) : loss;
            return problem.Input is { } e ? new EmbeddedLoss(l, e, points) : l;
        }
        // the points are the network's inputs (embedded when there is an input embedding); the losses see the coordinates
        var terms = new List<(string, double[], IJetLoss)>
        {
            (PdeTerm, problem.NetworkInputs(problem.CollocationPoints), Wrap(new ResidualLoss(pde, problem.CollocationPoints, null, pde.Dimension, pde.SpatialDimension, pde.Fields, problem.InteriorWeight / pdeScale), problem.CollocationPoints)),
        };
        var names = new HashSet<string> { PdeTerm };
        foreach (var c in problem.Conditions)
        {
            string name = c.Name;
            for (int i = 2; !names.Add(name); i++) name = $"{c.Name}{i}";
            terms.Add((name, problem.NetworkInputs(c.Points), Wrap(new ResidualLoss(c, c.Points, c.Normals, pde.Dimension, pde.SpatialDimension, pde.Fields, c.Weight), c.Points)));
        }
        return terms;
    }

    /// <summary>
    /// Sets the PDE term's point weights: causal weights from the current residuals times the squared RBA multipliers,
    /// zero beyond the time-marching <paramref name="horizon"/> (a fraction of the time range).
    /// </summary>
    private void SetPointWeights(KanNetwork net, PinnProblem problem, List<(string Name, double[] Points, IJetLoss Loss)> terms, bool causal, double[]? attention,
        double horizon = 1.0)
    {
        var loss = terms[0].Loss is EmbeddedLoss el ? el.Inner : terms[0].Loss;
        var residual = loss is TransformedLoss tl ? tl.Inner : (ResidualLoss)loss;
        double[] w = causal ? CausalWeights(net, problem, Options.CausalEpsilon, Options.CausalSlices) : Enumerable.Repeat(1.0, residual.Count).ToArray();
        if (attention != null)
            for (int i = 0; i < w.Length; i++) w[i] *= attention[i] * attention[i];
        if (horizon < 1.0)
        {
            // time marching: points beyond t0 + horizon (t1 - t0) do not count yet
            int d = problem.Pde.Dimension, n = w.Length;
            var points = problem.CollocationPoints;
            double t0 = double.PositiveInfinity, t1 = double.NegativeInfinity;
            for (int s = 0; s < n; s++) { double t = points[s * d + d - 1]; t0 = Math.Min(t0, t); t1 = Math.Max(t1, t); }
            double limit = t0 + horizon * (t1 - t0);
            for (int s = 0; s < n; s++) if (points[s * d + d - 1] > limit) w[s] = 0;
        }
        residual.PointWeights = w;
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
    private static double[] PointwiseSquaredResiduals(KanNetwork network, PinnProblem problem, double[] points)
    {
        var pde = problem.Pde;
        var loss = new ResidualLoss(pde, points, null, pde.Dimension, pde.SpatialDimension, pde.Fields);
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
        double[] sq = new ResidualLoss(pde, points, null, pde.Dimension, pde.SpatialDimension, pde.Fields).PointwiseSquaredResiduals(zero);
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

    private static string UniqueName(Dictionary<string, double> values, string name)
    {
        string unique = name;
        for (int i = 2; values.ContainsKey(unique); i++) unique = $"{name}{i}";
        return unique;
    }

    private static double[] AllPoints(PinnProblem problem)
        => problem.NetworkInputs(problem.CollocationPoints.Concat(problem.Conditions.SelectMany(c => c.Points)).ToArray());

    /// <summary>
    /// RAD (Wu et al. 2023): draws as many new collocation points as there are, without replacement, from candidates with
    /// probability proportional to |r|^k / mean |r|^k + c.
    /// </summary>
    private double[] Resample(KanNetwork net, PinnProblem problem, int seed)
    {
        var pde = problem.Pde;
        int d = pde.Dimension, n = problem.CollocationPoints.Length / d;
        int candidates = Math.Max(n, Options.ResampleCandidates > 0 ? Options.ResampleCandidates : 4 * n);
        double[] pool = Options.CandidateSampler!(candidates, seed);
        if (pool.Length != candidates * d)
            throw new InvalidOperationException($"The candidate sampler returned {pool.Length} coordinates; expected {candidates * d}.");
        double[] sq = PointwiseSquaredResiduals(net, problem, pool);
        double k = Options.ResampleExponent, mean = 0;
        var w = new double[candidates];
        for (int i = 0; i < candidates; i++) { w[i] = Math.Pow(Math.Sqrt(sq[i]), k); mean += w[i]; }
        mean /= candidates;
        var rng = new Random(seed);
        // weighted sampling without replacement (Efraimidis-Spirakis): keep the n largest u^(1/w)
        var keys = new (double Key, int Index)[candidates];
        for (int i = 0; i < candidates; i++)
        {
            double weight = (mean > 0 ? w[i] / mean : 0) + Options.ResampleConstant;
            keys[i] = (weight > 0 ? Math.Log(rng.NextDouble()) / weight : double.NegativeInfinity, i);
        }
        Array.Sort(keys, (a, b) => b.Key.CompareTo(a.Key));
        var chosen = new double[n * d];
        for (int t = 0; t < n; t++) Array.Copy(pool, keys[t].Index * d, chosen, t * d, d);
        return chosen;
    }
}
