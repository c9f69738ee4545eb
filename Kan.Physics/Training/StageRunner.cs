using Kan.Physics.Networks;
using Kan.Physics.Optimization;

namespace Kan.Physics.Training;

/// <summary>A stage of a grid schedule as <see cref="StageRunner.RunSchedule"/> hands it to the training: its index, grid size and the network on that grid.</summary>
public readonly record struct GridStage(int Index, int Grid, KanNetwork Network);

/// <summary>What a stage's training hands back to <see cref="StageRunner.RunSchedule"/>: the network to go on with (or to return) and whether the schedule stops here.</summary>
public readonly record struct StageEnd(KanNetwork Network, bool Stop)
{
    /// <summary>Go on to the next grid with <paramref name="network"/>.</summary>
    public static StageEnd Next(KanNetwork network) => new(network, false);

    /// <summary>Stop the schedule; <paramref name="network"/> is the one it returns.</summary>
    public static StageEnd StopWith(KanNetwork network) => new(network, true);
}

/// <summary>How <see cref="StageRunner.RunSchedule"/> ended: the last network and whether a stage stopped the schedule before its end.</summary>
public readonly record struct ScheduleEnd(KanNetwork Network, bool Stopped);

/// <summary>Progress after an outer step of <see cref="StageRunner.Run"/>: stage, grid, the step counted over the whole run, and the objective evaluations so far.</summary>
public readonly record struct StageProgress(int Stage, int Grid, int Step, int Evaluations);

/// <summary>
/// Where <see cref="StageRunner.Run"/> stands at the start of an L-BFGS restart step of a stage's main run, the only
/// places where the optimiser keeps nothing: resuming from it (with the callers' own state of that moment) continues
/// the run bit for bit.
/// </summary>
/// <param name="Stage">Index of the stage in the grid schedule.</param>
/// <param name="Step">The step of that stage's main run about to run.</param>
/// <param name="Network">A copy of the network before the step's preparation.</param>
/// <param name="Evaluations">Objective evaluations so far.</param>
/// <param name="StepOffset">Outer steps of the completed runs (progress steps continue from it).</param>
public sealed record StageCheckpoint(int Stage, int Step, KanNetwork Network, int Evaluations, int StepOffset)
{
    /// <summary>A copy of <see cref="StageRunner.Extra"/> at that moment, or null when the run trains none.</summary>
    public double[]? Extra { get; init; }

    /// <summary>What the stall detection (<see cref="StageOptions.StallWindow"/>) still needs of the steps before this one: (step, best loss so far); empty without it.</summary>
    public IReadOnlyList<(int Step, double Best)> StallObservations { get; init; } = [];
}

/// <summary>
/// One grid update judged against the loss (<see cref="StageOptions.GridUpdateRollback"/>): the stage, its grid, the step
/// after which the update was made (counted over the whole run, as <see cref="StageProgress.Step"/>), the objective just
/// before the update, just after it, and after the steps trained on it up to the next restart step (where it was
/// judged), and whether it was undone there.
/// </summary>
public readonly record struct GridUpdateCheck(int Stage, int Grid, int Step, double LossBefore, double LossAfterUpdate, double LossAfterSteps, bool RolledBack)
{
    /// <summary>The relative change of the loss over the update and the steps trained on it, (after steps - before) / before; a rollback restores the loss before.</summary>
    public double RelativeChange => (LossAfterSteps - LossBefore) / Math.Abs(LossBefore);

    /// <summary>The relative change the update itself caused before any step, (after update - before) / before.</summary>
    public double ImmediateChange => (LossAfterUpdate - LossBefore) / Math.Abs(LossBefore);
}

/// <summary>A grid update waiting for the steps trained on it: where it was made, the loss before and after it, and the grids and parameters before it.</summary>
internal sealed record PendingUpdate(int Step, double LossBefore, double LossAfterUpdate, Splines.BSplineBasis[][] Bases, double[] Parameters);

/// <summary>
/// How the main run of a stage ended: the stage, its grid, its last step (counted over the whole run), the steps it ran
/// of those it had, why it stopped and the loss there. A stage ends before its steps are done when the loss stalled
/// (<see cref="StopReason.Stalled"/>; <see cref="Loss"/> is then the best loss and <see cref="StalledFrom"/> the step
/// where the window began), or when L-BFGS could not lower the loss at all with nothing ahead that could change it
/// (<see cref="StopReason.Converged"/> or <see cref="StopReason.LineSearchFailed"/>).
/// </summary>
public readonly record struct StageStop(int Stage, int Grid, int Step, int StepsRun, int StepsPlanned, StopReason Reason, double Loss)
{
    /// <summary>Whether the stage ran fewer steps than planned.</summary>
    public bool EndedEarly => StepsRun < StepsPlanned;

    /// <summary>For a stall: the step (over the whole run) from which the best loss fell by less than the tolerance; 0 otherwise.</summary>
    public int StalledFrom { get; init; }
}

/// <summary>
/// What <see cref="StageRunner.Run"/> did: the trained network (on the last grid reached), why it stopped (the last
/// stage's reason: a stage that stalled with another grid after it does not end the run), its steps and evaluations.
/// </summary>
public readonly record struct StageRunResult(KanNetwork Network, StopReason StopReason, int Steps, int Evaluations)
{
    /// <summary>How each stage's main run ended, in order (of this call: a resumed run lists the stages from the resumed one).</summary>
    public IReadOnlyList<StageStop> Stages { get; init; } = [];

    /// <summary>The grid updates checked against the loss, in order (none unless <see cref="StageOptions.GridUpdateRollback"/>).</summary>
    public IReadOnlyList<GridUpdateCheck> GridUpdates { get; init; } = [];
}

/// <summary>
/// The one runner of staged training. A run goes along a grid schedule: on each grid (the network refined from the
/// previous one by grid extension, <see cref="KanNetwork.Refine"/>) an optional Adam warm-up (first stage only) and
/// then <see cref="StageOptions.Optimizer"/> for a number of outer steps. Before chosen steps <see cref="Actions"/>
/// change the problem (grid updates, mini-batches, resampled or reweighted points), and L-BFGS restarts there; at
/// those steps a checkpoint can be taken and a run resumed from it. Progress is reported after every step,
/// cancellation stops between iterations, and a cancelled or diverged run (<see cref="StopReason.NonFiniteLoss"/>)
/// ends the schedule. With <see cref="StageOptions.GridUpdateRollback"/> each grid update is judged by the loss after
/// the steps trained on it and undone when that is higher; with <see cref="StageOptions.StallWindow"/> a stage whose
/// loss stopped improving ends early (<see cref="StopReason.Stalled"/>) and the next stage follows. How each stage
/// ended and every judged update are reported (<see cref="OnStageStop"/>, <see cref="OnGridUpdate"/>, and in the result).
/// </summary>
/// <remarks>
/// <see cref="RunSchedule"/> is the grid loop alone, for trainings whose stages are whole runs of their own (a
/// <see cref="Trainer"/> per grid, pruning between grids); <see cref="Run"/> goes through it.
/// </remarks>
public sealed class StageRunner
{
    /// <param name="options">The optimiser and grid-update settings (validated here).</param>
    /// <param name="actions">What changes the problem before chosen steps, in the order they prepare a step.</param>
    public StageRunner(StageOptions options, IEnumerable<IStageAction>? actions = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Actions = actions?.ToArray() ?? [];
    }

    /// <summary>The optimiser and grid-update settings.</summary>
    public StageOptions Options { get; }

    /// <summary>What changes the problem before chosen steps, in order.</summary>
    public IReadOnlyList<IStageAction> Actions { get; }

    /// <summary>Adam steps (at <see cref="StageOptions.LearningRate"/>) before the main optimiser on the first stage of a run that is not resumed.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>
    /// Parameters trained jointly with the network (e.g. a PDE's unknown coefficients), or null for none: the optimiser
    /// sees the network's parameters followed by these, so the objective receives vectors of
    /// <c>network.ParameterCount + Extra.Length</c> values. They carry over unchanged through grid extension and
    /// the actions' changes, and the array holds their values at every step reported and after the run. A checkpoint
    /// carries a copy; resuming copies it back.
    /// </summary>
    public double[]? Extra { get; init; }

    /// <summary>Receives a checkpoint at the first step and every restart step of a stage's main L-BFGS run (none with Adam, none in the warm-up).</summary>
    public Action<StageCheckpoint>? OnCheckpoint { get; init; }

    /// <summary>Receives every grid update judged by the loss (<see cref="StageOptions.GridUpdateRollback"/>), at the restart step where it was judged.</summary>
    public Action<GridUpdateCheck>? OnGridUpdate { get; init; }

    /// <summary>Receives how each stage's main run ended, after its last step was reported.</summary>
    public Action<StageStop>? OnStageStop { get; init; }

    /// <summary>
    /// Goes along <paramref name="grids"/> from <paramref name="firstStage"/>: the network is refined to each stage's
    /// grid when any of its layers has another, then <paramref name="train"/> trains it and says how to go on.
    /// </summary>
    /// <returns>The network the last stage handed back (or <paramref name="network"/> when no stage ran), and whether a stage stopped the schedule.</returns>
    public static ScheduleEnd RunSchedule(KanNetwork network, IReadOnlyList<int> grids, Func<GridStage, StageEnd> train, int firstStage = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(grids);
        ArgumentNullException.ThrowIfNull(train);
        foreach (int g in grids) if (g < 1) throw new ArgumentOutOfRangeException(nameof(grids), g, "Grid sizes must be >= 1.");
        if (firstStage < 0 || firstStage > grids.Count) throw new ArgumentOutOfRangeException(nameof(firstStage), firstStage, $"Must be in [0, {grids.Count}].");
        var net = network;
        for (int stage = firstStage; stage < grids.Count; stage++)
        {
            if (net.Layers.Any(l => l.GridSize != grids[stage])) net = net.Refine(grids[stage]);
            var end = train(new GridStage(stage, grids[stage], net));
            net = end.Network ?? throw new InvalidOperationException($"Stage {stage} handed back no network.");
            if (end.Stop) return new ScheduleEnd(net, true);
        }
        return new ScheduleEnd(net, false);
    }

    /// <summary>
    /// Trains <paramref name="network"/> along <paramref name="grids"/> (null: one stage on the network's own grids,
    /// trained in place), <paramref name="stepsPerStage"/> outer steps on each.
    /// </summary>
    /// <param name="network">The initial network (ignored when resuming).</param>
    /// <param name="grids">The grid schedule, or null for a single stage without refinement.</param>
    /// <param name="stepsPerStage">Outer steps of the main optimiser on each grid.</param>
    /// <param name="objective">The objective on a stage's network (called once per stage).</param>
    /// <param name="onStep">After every outer step, with the network at the step's parameters.</param>
    /// <param name="cancellationToken">Stops the run between iterations (<see cref="StopReason.Cancelled"/>).</param>
    /// <param name="resumeFrom">A checkpoint of an earlier run with the same schedule and settings to continue from.</param>
    public StageRunResult Run(KanNetwork network, IReadOnlyList<int>? grids, int stepsPerStage, Func<KanNetwork, Objective> objective,
        Action<KanNetwork, StageProgress>? onStep = null, CancellationToken cancellationToken = default, StageCheckpoint? resumeFrom = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(objective);
        if (stepsPerStage < 0) throw new ArgumentOutOfRangeException(nameof(stepsPerStage), stepsPerStage, "Must be >= 0.");
        if (WarmupSteps < 0) throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "Must be >= 0.");
        var net = resumeFrom?.Network ?? network;
        if (resumeFrom != null && (grids is null ? resumeFrom.Stage != 0 : resumeFrom.Stage >= grids.Count))
            throw new ArgumentException($"The checkpoint's stage {resumeFrom.Stage} is not a stage of the schedule.", nameof(resumeFrom));
        int evaluations = resumeFrom?.Evaluations ?? 0, stepOffset = resumeFrom?.StepOffset ?? 0, firstStage = resumeFrom?.Stage ?? 0;
        var reason = StopReason.IterationLimit;
        double[] extra = Extra ?? [];
        if (resumeFrom?.Extra is { } savedExtra)
        {
            if (savedExtra.Length != extra.Length)
                throw new ArgumentException($"The checkpoint has {savedExtra.Length} extra parameters; this run trains {extra.Length}.", nameof(resumeFrom));
            savedExtra.CopyTo(extra, 0);
        }
        var stops = new List<StageStop>();
        var checks = new List<GridUpdateCheck>();

        StageEnd Stage(GridStage stage)
        {
            var current = stage.Network;
            foreach (var action in Actions) action.BeginStage(current, stage.Index);
            int n = current.ParameterCount;
            // the network's parameters, then the extra ones
            double[] theta = new double[n + extra.Length];
            current.GetParameters(theta.AsSpan(0, n));
            extra.CopyTo(theta, n);
            void Store()
            {
                current.SetParameters(theta.AsSpan(0, n));
                theta.AsSpan(n).CopyTo(extra);
            }
            var f = objective(current);
            int start = stage.Index == firstStage ? resumeFrom?.Step ?? 0 : 0;
            if (stage.Index == 0 && WarmupSteps > 0 && resumeFrom == null)
            {
                reason = Phase(new SteppedMinimizer(OptimizerKind.Adam, learningRate: Options.LearningRate), WarmupSteps, 0, checkpoints: false);
                if (reason is StopReason.Cancelled or StopReason.NonFiniteLoss) return StageEnd.StopWith(current);
            }
            // checkpoints only where L-BFGS restarts anyway: there the network and the actions' state are all there is
            var main = Options.CreateMinimizer();
            var monitor = Options.StallWindow > 0 ? new StallMonitor(Options.StallWindow, Options.StallTolerance) : null;
            if (monitor != null && stage.Index == firstStage && resumeFrom != null) monitor.Restore(resumeFrom.StallObservations);
            int offsetBefore = stepOffset;
            reason = Phase(main, stepsPerStage, start, checkpoints: Options.Optimizer == OptimizerKind.Lbfgs, monitor);
            var stop = new StageStop(stage.Index, stage.Grid, stepOffset, main.Step, stepsPerStage, reason,
                reason == StopReason.Stalled ? monitor!.BestLoss : main.Loss) { StalledFrom = reason == StopReason.Stalled ? offsetBefore + monitor!.StalledFrom : 0 };
            stops.Add(stop);
            OnStageStop?.Invoke(stop);
            return reason is StopReason.Cancelled or StopReason.NonFiniteLoss ? StageEnd.StopWith(current) : StageEnd.Next(current);

            StopReason Phase(SteppedMinimizer minimizer, int steps, int startStep, bool checkpoints, StallMonitor? stall = null)
            {
                int evaluationsBefore = evaluations, offset = stepOffset;
                StageStep At(int s) => new(stage.Index, stage.Grid, s);
                bool Restart(int s)
                {
                    if (s == startStep && startStep > 0) return true; // a resumed run prepares its first step again
                    // a stage's first step is a checkpoint too, so a run without grid updates or other restarts can still be resumed
                    // (L-BFGS starts afresh there anyway, and the actions act only where they are due)
                    if (s == 0 && checkpoints && OnCheckpoint != null) return true;
                    foreach (var action in Actions) if (action.IsDue(At(s))) return true;
                    return false;
                }
                int checkEvaluations = 0; // the loss evaluations of grid-update judgements
                PendingUpdate? pending = null; // the last grid update, until the steps trained on it are judged
                void Prepare(int s)
                {
                    Store();
                    // after a rollback the state is where the undone update started, so the same update would come again: skip it
                    bool rolledBack = pending is { } p && Judge(p);
                    pending = null;
                    if (checkpoints && OnCheckpoint != null)
                        OnCheckpoint(new StageCheckpoint(stage.Index, s, current.Clone(), evaluationsBefore + checkEvaluations + minimizer.Evaluations, stepOffset)
                        { Extra = Extra is null ? null : (double[])extra.Clone(), StallObservations = stall?.Observations ?? [] });
                    var at = At(s);
                    foreach (var action in Actions)
                    {
                        // the stall window spans grid updates (judged, or at worst a jump the best loss ignores), not other changes
                        if (stall != null && action is not GridUpdate && action.IsDue(at)) stall.Reset();
                        if (action is GridUpdate && Options.GridUpdateRollback && action.IsDue(at)) { if (!rolledBack) pending = CheckedGridUpdate(action, at, offset + s); }
                        else action.Prepare(current, at);
                    }
                    current.GetParameters(theta.AsSpan(0, n));
                }
                PendingUpdate CheckedGridUpdate(IStageAction update, StageStep at, int step)
                {
                    // theta holds the network's parameters, then the extra ones (Store has just copied it out)
                    double[] x = (double[])theta.Clone(), gradient = new double[theta.Length];
                    double before = f(x, gradient);
                    var bases = current.Layers.Select(l => Enumerable.Range(0, l.InputCount).Select(l.Basis).ToArray()).ToArray();
                    update.Prepare(current, at);
                    double[] updated = (double[])x.Clone();
                    current.GetParameters(updated.AsSpan(0, n));
                    double after = f(updated, gradient);
                    current.SetParameters(updated.AsSpan(0, n));
                    checkEvaluations += 2;
                    return new PendingUpdate(step, before, after, bases, x);
                }
                bool Judge(PendingUpdate p)
                {
                    // theta is where the steps trained on the update got to; the update stays if they got below where it started
                    double trained = f((double[])theta.Clone(), new double[theta.Length]);
                    checkEvaluations++;
                    bool rollBack = !(trained <= p.LossBefore + Options.GridUpdateRollbackTolerance * Math.Abs(p.LossBefore));
                    if (rollBack)
                    {
                        for (int l = 0; l < p.Bases.Length; l++)
                            for (int i = 0; i < p.Bases[l].Length; i++) current.Layers[l].SetBasis(i, p.Bases[l][i]);
                        p.Parameters.CopyTo(theta, 0);
                    }
                    Store();
                    var check = new GridUpdateCheck(stage.Index, stage.Grid, p.Step, p.LossBefore, p.LossAfterUpdate, trained, rollBack);
                    checks.Add(check);
                    OnGridUpdate?.Invoke(check);
                    return rollBack;
                }
                void Record(int s)
                {
                    Store();
                    onStep?.Invoke(current, new StageProgress(stage.Index, stage.Grid, offset + s, evaluationsBefore + checkEvaluations + minimizer.Evaluations));
                }
                var stop = minimizer.Run(theta, f, steps, Restart, Prepare, Record, cancellationToken, startStep, stall);
                evaluations += minimizer.Evaluations + checkEvaluations;
                stepOffset += minimizer.Step;
                Store();
                return stop;
            }
        }

        var last = grids is null ? Stage(new GridStage(0, net.Layers[0].GridSize, net)).Network : RunSchedule(net, grids, Stage, firstStage).Network;
        return new StageRunResult(last, reason, stepOffset, evaluations) { Stages = stops, GridUpdates = checks };
    }
}
