namespace Kan.Physics.Optimization;

/// <summary>
/// Minimises an objective in pykan-style outer steps: with L-BFGS each step is up to <c>iterationsPerStep</c>
/// iterations (and at most <c>evaluationsPerStep</c> evaluations, shared by the steps of one run), with Adam one update.
/// Before chosen steps the problem may change (grid update, new mini-batch, resampled points): the L-BFGS history
/// restarts there, since the old curvature pairs describe another objective. Used by the data trainer and the
/// physics-informed solver alike.
/// </summary>
public sealed class SteppedMinimizer
{
    private readonly OptimizerKind _kind;
    private readonly int _iterationsPerStep, _evaluationsPerStep, _history;
    private readonly double _learningRate;

    public SteppedMinimizer(OptimizerKind kind, int iterationsPerStep = 20, int evaluationsPerStep = 25, int history = 10, double learningRate = 1e-3)
    {
        if (iterationsPerStep < 1) throw new ArgumentOutOfRangeException(nameof(iterationsPerStep), iterationsPerStep, "Must be >= 1.");
        if (evaluationsPerStep < 1) throw new ArgumentOutOfRangeException(nameof(evaluationsPerStep), evaluationsPerStep, "Must be >= 1.");
        if (history < 1) throw new ArgumentOutOfRangeException(nameof(history), history, "Must be >= 1.");
        if (!(learningRate > 0) || !double.IsFinite(learningRate)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "Must be finite and > 0.");
        _kind = kind; _iterationsPerStep = iterationsPerStep; _evaluationsPerStep = evaluationsPerStep; _history = history; _learningRate = learningRate;
    }

    /// <summary>Outer steps completed so far in the current run.</summary>
    public int Step { get; private set; }
    /// <summary>Objective evaluations so far in the current run.</summary>
    public int Evaluations { get; private set; }
    /// <summary>The loss at theta after the latest step of the current run, as the optimiser computed it (NaN before the first).</summary>
    public double Loss { get; private set; } = double.NaN;

    /// <summary>
    /// Runs <paramref name="steps"/> outer steps from <paramref name="theta"/> (updated in place to the best point).
    /// </summary>
    /// <param name="isRestartStep">Whether the problem changes before a step (must not depend on anything but the step).</param>
    /// <param name="prepareStep">Called before each restart step; it may rewrite theta (same length) and what the objective reads.</param>
    /// <param name="onStep">Called after every outer step with theta at the new point, in order and without gaps: steps
    /// that a stalled L-BFGS leaves unused before the problem changes (or that an exhausted evaluation budget skips)
    /// are reported too, at the unchanged point. A run that stalls with no change ahead returns early, after its last
    /// step.</param>
    /// <param name="cancellationToken">Stops between iterations.</param>
    /// <param name="startStep">The step to begin at (resuming a run at one of its restart steps; it is prepared first).</param>
    /// <param name="stall">Observes the loss after every step on which the optimiser moved, before <paramref name="onStep"/>
    /// sees it; when it reports a stall the run ends there with <see cref="StopReason.Stalled"/>. Null: no stall detection.
    /// Resetting it where the problem changes is the caller's (in <paramref name="prepareStep"/>).</param>
    public StopReason Run(double[] theta, Objective objective, int steps, Func<int, bool> isRestartStep, Action<int> prepareStep,
        Action<int> onStep, CancellationToken cancellationToken, int startStep = 0, StallMonitor? stall = null)
    {
        ArgumentNullException.ThrowIfNull(theta);
        ArgumentNullException.ThrowIfNull(objective);
        if (startStep < 0 || startStep > steps) throw new ArgumentOutOfRangeException(nameof(startStep), startStep, $"Must be in [0, {steps}].");
        Step = startStep; Evaluations = 0; Loss = double.NaN;
        Adam? adam = null;
        while (Step < steps)
        {
            if (cancellationToken.IsCancellationRequested) return StopReason.Cancelled;
            if (isRestartStep(Step)) prepareStep(Step);
            OptimizationResult result;
            if (_kind == OptimizerKind.Adam)
            {
                adam ??= new Adam(theta.Length, new AdamOptions { LearningRate = _learningRate });
                result = adam.Minimize(objective, theta, 1, null, cancellationToken);
                Evaluations += result.Evaluations;
                if (result.Iterations > 0)
                {
                    Step++;
                    Loss = result.Loss;
                    bool stalledNow = stall?.Observe(Step, Loss) == true;
                    onStep(Step);
                    if (stalledNow) return StopReason.Stalled;
                }
            }
            else
            {
                int segmentEnd = Step + 1;
                while (segmentEnd < steps && !isRestartStep(segmentEnd)) segmentEnd++;
                result = RunLbfgsSegment(theta, objective, segmentEnd, onStep, stall, cancellationToken, out bool stalled);
                if (result.StopReason == StopReason.Stalled) return StopReason.Stalled;
                if (stalled)
                {
                    // nothing more to gain until the problem changes: go on only if it will
                    bool changeAhead = false;
                    for (int s = segmentEnd; s < steps && !changeAhead; s++) changeAhead = isRestartStep(s);
                    if (!changeAhead) return result.StopReason;
                    SkipTo(segmentEnd, onStep);
                }
            }
            if (result.StopReason is StopReason.Cancelled or StopReason.NonFiniteLoss) return result.StopReason;
        }
        return StopReason.IterationLimit;
    }

    /// <summary>
    /// L-BFGS up to <paramref name="segmentEnd"/>; a run that stops early (converged or failed line search) is restarted
    /// with a fresh history until it makes no progress at all (<paramref name="stalled"/>). When <paramref name="monitor"/>
    /// finds a stall after a step, L-BFGS is stopped there and the result's reason is <see cref="StopReason.Stalled"/>.
    /// </summary>
    private OptimizationResult RunLbfgsSegment(double[] theta, Objective objective, int segmentEnd, Action<int> onStep,
        StallMonitor? monitor, CancellationToken cancellationToken, out bool stalled)
    {
        int perStep = _iterationsPerStep;
        int budget = Evaluations + (segmentEnd - Step) * _evaluationsPerStep;
        OptimizationResult result;
        stalled = false;
        // a stall stops L-BFGS through its own token, between two iterations, so theta is the point of the step just seen
        using var stop = monitor is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bool monitorStalled = false;
        void Observe(double loss)
        {
            Loss = loss;
            if (monitor?.Observe(Step, loss) == true) { monitorStalled = true; stop!.Cancel(); }
        }
        do
        {
            int segmentStart = Step, evaluationsBefore = Evaluations;
            var lbfgs = new Lbfgs(new LbfgsOptions
            {
                MaxIterations = (segmentEnd - Step) * perStep,
                MaxEvaluations = Math.Max(1, budget - Evaluations),
                History = _history,
                GradientTolerance = 1e-30, // as pykan (1e-32): a fit may go on to machine-precision losses
            });
            result = lbfgs.Minimize(objective, theta, info =>
            {
                Evaluations = evaluationsBefore + info.Evaluations;
                if (info.Iteration % perStep == 0)
                {
                    Step = segmentStart + info.Iteration / perStep;
                    Observe(info.Loss);
                    onStep(Step);
                }
            }, stop?.Token ?? cancellationToken);
            Evaluations = evaluationsBefore + result.Evaluations;
            if (monitorStalled && !cancellationToken.IsCancellationRequested) return result with { StopReason = StopReason.Stalled };
            if (result.Iterations % perStep != 0)
            {
                Step = segmentStart + (result.Iterations + perStep - 1) / perStep; // a partial step counts
                Observe(result.Loss);
                onStep(Step);
                if (monitorStalled) return result with { StopReason = StopReason.Stalled };
            }
            else if (result.Iterations == 0 && double.IsNaN(Loss)) Loss = result.Loss;
            stalled = result.Iterations == 0 && result.StopReason is StopReason.Converged or StopReason.LineSearchFailed;
        } while (Step < segmentEnd && !stalled && Evaluations < budget
                 && result.StopReason is StopReason.Converged or StopReason.LineSearchFailed);
        if (result.StopReason == StopReason.EvaluationLimit) SkipTo(segmentEnd, onStep);
        return result;
    }

    /// <summary>
    /// Counts the steps up to <paramref name="step"/> that L-BFGS, stalled or out of evaluations, leaves unused, and
    /// reports each (theta has not moved), so step numbers seen by <paramref name="onStep"/> have no gaps.
    /// </summary>
    private void SkipTo(int step, Action<int> onStep)
    {
        while (Step < step)
        {
            Step++;
            onStep(Step);
        }
    }
}
