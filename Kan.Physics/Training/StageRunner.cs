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
}

/// <summary>What <see cref="StageRunner.Run"/> did: the trained network (on the last grid reached), why it stopped, its steps and evaluations.</summary>
public readonly record struct StageRunResult(KanNetwork Network, StopReason StopReason, int Steps, int Evaluations);

/// <summary>
/// The one runner of staged training. A run goes along a grid schedule: on each grid (the network refined from the
/// previous one by grid extension, <see cref="KanNetwork.Refine"/>) an optional Adam warm-up (first stage only) and
/// then <see cref="StageOptions.Optimizer"/> for a number of outer steps. Before chosen steps <see cref="Actions"/>
/// change the problem (grid updates, mini-batches, resampled or reweighted points), and L-BFGS restarts there; at
/// those steps a checkpoint can be taken and a run resumed from it. Progress is reported after every step,
/// cancellation stops between iterations, and a cancelled or diverged run (<see cref="StopReason.NonFiniteLoss"/>)
/// ends the schedule.
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

    /// <summary>Receives a checkpoint at every restart step of a stage's main L-BFGS run (none with Adam, none in the warm-up).</summary>
    public Action<StageCheckpoint>? OnCheckpoint { get; init; }

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
            reason = Phase(Options.CreateMinimizer(), stepsPerStage, start, checkpoints: Options.Optimizer == OptimizerKind.Lbfgs);
            return reason is StopReason.Cancelled or StopReason.NonFiniteLoss ? StageEnd.StopWith(current) : StageEnd.Next(current);

            StopReason Phase(SteppedMinimizer minimizer, int steps, int startStep, bool checkpoints)
            {
                int evaluationsBefore = evaluations, offset = stepOffset;
                StageStep At(int s) => new(stage.Index, stage.Grid, s);
                bool Restart(int s)
                {
                    if (s == startStep && startStep > 0) return true; // a resumed run prepares its first step again
                    foreach (var action in Actions) if (action.IsDue(At(s))) return true;
                    return false;
                }
                void Prepare(int s)
                {
                    Store();
                    if (checkpoints && OnCheckpoint != null)
                        OnCheckpoint(new StageCheckpoint(stage.Index, s, current.Clone(), evaluationsBefore + minimizer.Evaluations, stepOffset)
                        { Extra = Extra is null ? null : (double[])extra.Clone() });
                    foreach (var action in Actions) action.Prepare(current, At(s));
                    current.GetParameters(theta.AsSpan(0, n));
                }
                void Record(int s)
                {
                    Store();
                    onStep?.Invoke(current, new StageProgress(stage.Index, stage.Grid, offset + s, evaluationsBefore + minimizer.Evaluations));
                }
                var stop = minimizer.Run(theta, f, steps, Restart, Prepare, Record, cancellationToken, startStep);
                evaluations += minimizer.Evaluations;
                stepOffset += minimizer.Step;
                Store();
                return stop;
            }
        }

        var last = grids is null ? Stage(new GridStage(0, net.Layers[0].GridSize, net)).Network : RunSchedule(net, grids, Stage, firstStage).Network;
        return new StageRunResult(last, reason, stepOffset, evaluations);
    }
}
