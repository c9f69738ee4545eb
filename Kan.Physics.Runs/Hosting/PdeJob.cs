using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Runs.Results;
using Kan.Physics.Training;
using Microsoft.Extensions.Logging;
using Kan.Physics.Optimization;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Runs a physics-informed solve as a job: progress reports, a checkpoint at every L-BFGS restart step (grid updates,
/// resampling, new grids) and resumption from it, and the result document (metrics, per-step history, the network,
/// the solution with its reference and error). Problem modules and users' own PDE problems share it.
/// </summary>
public static class PdeJob
{
    /// <summary>Name of the solver checkpoint in the job's <see cref="CheckpointStore"/>.</summary>
    public const string CheckpointName = "solver.ckpt";

    /// <summary>Solves <paramref name="setup"/> for the job in <paramref name="context"/> and returns its result document.</summary>
    /// <param name="context">The job.</param>
    /// <param name="setup">The problem, network and options.</param>
    /// <param name="start">
    /// A checkpoint of the same setup to continue from when the job has none of its own (e.g. the best of several
    /// initial networks, screened on the first grids): the run then reproduces the uninterrupted solve from it.
    /// </param>
    /// <exception cref="OperationCanceledException">The job was cancelled; its last checkpoint is kept for a resume.</exception>
    public static ResultDocument Run(ProblemContext context, PdeSetup setup, PinnCheckpoint? start = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(setup);
        var o = setup.Options;
        int totalSteps = o.TotalSteps(setup.Network) * (setup.Marching?.Windows ?? 1);
        void Report(PinnRecord r) => context.Progress.Report(
            new JobProgress(context.Job.Id, $"G={r.GridSize}", r.Step, totalSteps, r.Loss, r.Errors?.RelativeL2 ?? double.NaN, r.Seconds) { Terms = r.Terms });
        if (start != null && setup.Marching != null) throw new ArgumentException("A start checkpoint cannot be used with window marching.", nameof(start));
        if (setup.Marching is { } marching)
        {
            // a sequence of window solves: no checkpoints (a stopped run starts again)
            var marched = new WindowMarchingSolver(o, marching).Solve(setup.Network, setup.Problem, Report, context.CancellationToken);
            if (marched.StopReason == StopReason.Cancelled) throw new OperationCanceledException(context.CancellationToken);
            return Document(context, setup, marched);
        }

        PinnCheckpoint? resume = null;
        using (var stream = context.Checkpoints.TryOpen(CheckpointName))
        {
            if (stream != null)
            {
                try
                {
                    resume = PinnCheckpoint.Load(stream);
                    context.Logger.LogInformation("{Job}: resuming from the checkpoint at grid stage {Stage}, step {Step}", context.Job.Id, resume.Stage, resume.Step);
                }
                catch (InvalidDataException e)
                {
                    context.Logger.LogWarning("{Job}: ignoring an unreadable checkpoint ({Reason}); starting afresh", context.Job.Id, e.Message);
                }
            }
        }

        resume ??= start;
        var result = new PinnSolver(o).Solve(setup.Network, setup.Problem, Report, context.CancellationToken, resume, c => context.Checkpoints.Save(CheckpointName, c.Save));
        if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(context.CancellationToken);
        return Document(context, setup, result);
    }

    /// <summary>
    /// The headline figures of a solve: its errors against the reference (NaN without one; for a system each is the worst
    /// field's, see <see cref="ErrorMetrics"/>), for a system the errors of each field (rel_l2_u, ..., max_abs_u, ...,
    /// rel_h1_seminorm_u, ... when the reference has gradients, and constant_p, the constant removed from a field compared
    /// up to one), the identified values of unknown coefficients (param_nu, ...), final loss and cost.
    /// </summary>
    private static readonly RecordSchema<PinnResult> Metrics = new RecordSchema<PinnResult>()
        .Number("mse", r => r.Errors?.Mse ?? double.NaN)
        .Number("rel_l2", r => r.Errors?.RelativeL2 ?? double.NaN)
        .Number("max_abs", r => r.Errors?.MaxAbs ?? double.NaN)
        .Number("rel_h1_seminorm", r => r.Errors?.RelativeH1Seminorm ?? double.NaN)
        .Group("rel_l2_", r => PerField(r.Errors, e => e.RelativeL2))
        .Group("max_abs_", r => PerField(r.Errors, e => e.MaxAbs))
        .Group("rel_h1_seminorm_", r => PerField(r.Errors, e => e.RelativeH1Seminorm, skipNaN: true))
        .Group("constant_", r => PerField(r.Errors, e => e.Shift, skipZero: true))
        .Group("param_", r => r.Parameters)
        .Number("final_loss", r => r.FinalLoss)
        .Group("grid_updates_", r => r.GridUpdates.Count == 0 ? [] :
            [KeyValuePair.Create("checked", (double)r.GridUpdates.Count), KeyValuePair.Create("rolled_back", (double)r.GridUpdates.Count(u => u.RolledBack))])
        .Integer("grids_ended_early", r => r.Stages.Count(s => s.EndedEarly))
        .Integer("evaluations", r => r.Evaluations)
        .Number("ms_per_evaluation", r => 1000 * r.Seconds / Math.Max(1, r.Evaluations));

    /// <summary>One history row per recorded step: the loss and each of its terms, the errors, the cost so far.</summary>
    private static readonly RecordSchema<PinnRecord> History = new RecordSchema<PinnRecord>()
        .Integer("step", r => r.Step)
        .Integer("grid", r => r.GridSize)
        .Number("loss", r => r.Loss)
        .Group("loss_", r => r.Terms)
        .Group("param_", r => r.Parameters)
        .Optional("rel_l2", r => r.Errors?.RelativeL2)
        .Group("rel_l2_", r => PerField(r.Errors, e => e.RelativeL2))
        .Optional("mse", r => r.Errors?.Mse)
        .Integer("evaluations", r => r.Evaluations)
        .Number("seconds", r => r.Seconds);

    /// <summary>
    /// One number per field, named by the field, for a system only: a single field's errors are the headline numbers.
    /// With <paramref name="skipNaN"/> a field without the number (no gradients) is left out, with <paramref name="skipZero"/>
    /// one where it is 0 (a field not compared up to a constant).
    /// </summary>
    private static IEnumerable<KeyValuePair<string, double>> PerField(ErrorMetrics? errors, Func<FieldError, double> value, bool skipNaN = false, bool skipZero = false)
    {
        if (errors?.Fields is not { Count: > 1 } fields) yield break;
        foreach (var e in fields)
        {
            double v = value(e);
            if ((skipNaN && double.IsNaN(v)) || (skipZero && v == 0)) continue;
            yield return KeyValuePair.Create(e.Name, v);
        }
    }

    private static ResultDocument Document(ProblemContext context, PdeSetup setup, PinnResult result)
    {
        var problem = setup.Problem;
        var doc = new ResultDocument
        {
            Problem = context.Job.Problem,
            Seed = context.Job.Seed,
            WallSeconds = result.Seconds,
            ConfigJson = ResultConfig.Json(context, new
            {
                widths = setup.Network.Widths,
                grids = setup.Options.GridsFor(setup.Network),
                steps_per_grid = setup.Options.StepsPerGrid,
                collocation_points = problem.CollocationPoints.Length / problem.Pde.Dimension,
                stop_reason = result.StopReason.ToString(),
            }),
            Model = result.Network,
        };
        Metrics.WriteMetrics(result, doc.Metrics);
        StandardErrors(context, setup, result, doc);
        History.WriteColumns(result.History, doc.Training);
        WriteStops(result, doc);

        if (problem.Reference is { } reference)
        {
            var jet = result.Evaluate(reference.Points);
            var prediction = new double[reference.Count * reference.Fields];
            for (int p = 0; p < reference.Count; p++)
                for (int f = 0; f < reference.Fields; f++) prediction[p * reference.Fields + f] = jet.Value(p, f);
            // a field compared up to a constant is stored with the constant removed, so its error is the one measured
            for (int f = 0; f < reference.Fields; f++)
                if (result.Errors?.Fields is { } fe && f < fe.Count && fe[f].Shift != 0)
                    for (int p = 0; p < reference.Count; p++) prediction[p * reference.Fields + f] -= fe[f].Shift;
            var error = new double[prediction.Length];
            for (int i = 0; i < error.Length; i++) error[i] = prediction[i] - reference.Values[i];
            int d = reference.Dimension;
            var names = setup.CoordinateNames ?? DefaultNames(d, problem.Pde.IsTimeDependent);
            int[]? shape = setup.GridShape is { } g && g.Aggregate(1L, (a, b) => a * b) == reference.Count ? g : null;
            doc.Solution = new SolutionData
            {
                CoordinateNames = names, Coordinates = reference.Points, Prediction = prediction, FieldCount = reference.Fields, FieldNames = reference.FieldNames,
                Reference = reference.Values, Error = error, GridShape = shape,
            };
        }
        return doc;
    }

    /// <summary>Networks with more parameters than this get no standard errors (a dense factorisation of their size).</summary>
    public const int MaxParametersForStandardErrors = 6000;

    /// <summary>
    /// For an inverse problem (unknown coefficients and observations), the standard error of each identified
    /// coefficient as metric stderr_NAME (see <see cref="ParameterUncertainty"/>).
    /// </summary>
    private static void StandardErrors(ProblemContext context, PdeSetup setup, PinnResult result, ResultDocument doc)
    {
        var problem = setup.Problem;
        if (result.Parameters.Count == 0 || !problem.Conditions.Any(c => c is Observation) || problem.Periodic.Count > 0) return;
        if (result.Network.ParameterCount > MaxParametersForStandardErrors)
        {
            context.Logger.LogWarning("{Job}: no standard errors: the network has {Count} parameters (at most {Max})", context.Job.Id, result.Network.ParameterCount, MaxParametersForStandardErrors);
            return;
        }
        double scale = setup.Options.NormalizePde ? PinnSolver.SourceScale(problem) : 1.0;
        foreach (var e in ParameterUncertainty.Estimate(result.Network, problem, scale)) doc.Metrics["stderr_" + e.Name] = e.StandardError;
    }

    /// <summary>
    /// How the solve ended, in the document: the notes <c>stop_reason</c> (a <see cref="StopReason"/> name),
    /// <c>stop_hint</c> (when there is one, see <see cref="PinnResult.StopHint"/>) and <c>grids</c> (one clause per grid:
    /// its reason, steps run of those planned, loss); the history column <c>grid_ended_early</c> (1 or 0 on each grid's
    /// last step, NaN elsewhere); and, when grid updates were judged, the columns <c>grid_update_loss_before</c>,
    /// <c>grid_update_loss_after_update</c>, <c>grid_update_loss_after_steps</c> and <c>grid_update_rolled_back</c> on the
    /// row of the first step trained on each update (NaN elsewhere).
    /// </summary>
    private static void WriteStops(PinnResult result, ResultDocument doc)
    {
        doc.Notes["stop_reason"] = result.StopReason.ToString();
        if (result.StopHint is { } hint) doc.Notes["stop_hint"] = hint;
        if (result.Stages.Count > 0)
            doc.Notes["grids"] = string.Join("; ", result.Stages.Select(s => FormattableString.Invariant(
                $"grid {s.Grid}: {s.Reason} after {s.StepsRun} of {s.StepsPlanned} steps, loss {s.Loss:0.###e0}{(s.Reason == StopReason.Stalled ? $" (no progress from step {s.StalledFrom})" : "")}")));
        var rows = new Dictionary<int, int>();
        for (int i = 0; i < result.History.Count; i++) rows.TryAdd(result.History[i].Step, i);
        double[] Column() { var c = new double[result.History.Count]; Array.Fill(c, double.NaN); return c; }
        if (result.History.Count == 0) return;
        var early = Column();
        foreach (var s in result.Stages)
            if (rows.TryGetValue(s.Step, out int row)) early[row] = s.EndedEarly ? 1 : 0;
        doc.Training["grid_ended_early"] = early;
        if (result.GridUpdates.Count == 0) return;
        double[] before = Column(), afterUpdate = Column(), afterSteps = Column(), rolledBack = Column();
        foreach (var u in result.GridUpdates)
        {
            if (!rows.TryGetValue(u.Step + 1, out int row)) continue;
            (before[row], afterUpdate[row], afterSteps[row], rolledBack[row]) = (u.LossBefore, u.LossAfterUpdate, u.LossAfterSteps, u.RolledBack ? 1 : 0);
        }
        doc.Training["grid_update_loss_before"] = before;
        doc.Training["grid_update_loss_after_update"] = afterUpdate;
        doc.Training["grid_update_loss_after_steps"] = afterSteps;
        doc.Training["grid_update_rolled_back"] = rolledBack;
    }

    private static string[] DefaultNames(int d, bool time)
    {
        string[] space = ["x", "y", "z"];
        int spatial = time ? d - 1 : d;
        var names = Enumerable.Range(0, spatial).Select(i => i < 3 ? space[i] : $"x{i + 1}").ToList();
        if (time) names.Add("t");
        return [.. names];
    }
}
