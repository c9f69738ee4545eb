using System.Diagnostics;
using Kan.Physics.Networks;

namespace Kan.Physics.Training;

/// <summary>
/// Fits a <see cref="KanNetwork"/> to a <see cref="Dataset"/> as pykan's <c>fit</c> does: outer steps of L-BFGS (or Adam),
/// full batch or mini-batch, optional sparsity regularisation, and grid updates from the training inputs every
/// <see cref="TrainingOptions.GridUpdateEvery"/> steps until <see cref="TrainingOptions.StopGridUpdateStep"/>.
/// </summary>
/// <remarks>
/// L-BFGS keeps its history across the outer steps between two grid updates (a grid update changes what the
/// coefficients mean, so the history restarts there). Deterministic for a given seed.
/// </remarks>
public sealed class Trainer
{
    public Trainer(TrainingOptions? options = null)
    {
        Options = options ?? new TrainingOptions();
        Options.Validate();
    }

    public TrainingOptions Options { get; }

    /// <summary>
    /// Trains <paramref name="network"/> in place. <paramref name="onStep"/> is called after every outer step.
    /// Cancellation stops after the current L-BFGS iteration and returns <see cref="StopReason.Cancelled"/> with the
    /// network at the best point reached.
    /// </summary>
    public TrainingResult Fit(KanNetwork network, Dataset train, Dataset? test = null, Action<TrainingRecord>? onStep = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        CheckDataset(network, train, nameof(train));
        if (test != null) CheckDataset(network, test, nameof(test));
        var o = Options;
        var clock = Stopwatch.StartNew();
        var rng = new Random(o.Seed);
        var history = new List<TrainingRecord>();
        var trainLoss = MakeLoss(train);
        var testLoss = test != null ? MakeLoss(test) : null;
        double[] theta = network.GetParameters();
        int step = 0, evaluations = 0;
        StopReason reason = StopReason.IterationLimit;
        Adam? adam = null;
        bool miniBatch = o.BatchSize > 0 && o.BatchSize < train.Count;

        void Record(double regularization)
        {
            network.SetParameters(theta);
            var record = new TrainingRecord(step, Report(network, train, trainLoss),
                test != null ? Report(network, test, testLoss!) : double.NaN, regularization, evaluations, clock.Elapsed.TotalSeconds);
            history.Add(record);
            onStep?.Invoke(record);
        }

        while (step < o.Steps)
        {
            if (cancellationToken.IsCancellationRequested) { reason = StopReason.Cancelled; break; }
            if (GridUpdateDue(step))
            {
                network.SetParameters(theta);
                network.UpdateGrid(train.Inputs, o.GridEps);
                theta = network.GetParameters();
            }
            var batch = miniBatch ? train.Subset(SampleBatch(rng, train.Count, o.BatchSize)) : train;
            var batchLoss = miniBatch ? MakeLoss(batch) : trainLoss;
            double lastRegularization = 0;
            double Objective(ReadOnlySpan<double> x, Span<double> g)
            {
                network.SetParameters(x);
                var r = network.Evaluate(batch.Inputs, batchLoss, g, null, o.Regularization);
                lastRegularization = r.Regularization;
                return r.Total;
            }

            OptimizationResult result;
            if (o.Optimizer == OptimizerKind.Adam)
            {
                adam ??= new Adam(theta.Length, new AdamOptions { LearningRate = o.LearningRate });
                result = adam.Minimize(Objective, theta, 1, null, cancellationToken);
                evaluations += result.Evaluations;
                if (result.Iterations > 0) { step++; Record(lastRegularization); }
            }
            else
            {
                // one L-BFGS run up to the next grid update (or one step for a mini-batch); a run that stops early
                // (converged or failed line search) is restarted with a fresh history until it makes no progress at all
                int segmentEnd = miniBatch ? step + 1 : NextGridUpdate(step), perStep = o.LbfgsIterationsPerStep;
                bool stalled = false;
                int evaluationBudget = evaluations + (segmentEnd - step) * o.LbfgsEvaluationsPerStep;
                do
                {
                    int segmentStart = step, evaluationsBefore = evaluations;
                    var lbfgs = new Lbfgs(new LbfgsOptions
                    {
                        MaxIterations = (segmentEnd - step) * perStep,
                        MaxEvaluations = Math.Max(1, evaluationBudget - evaluations),
                        History = o.LbfgsHistory,
                        GradientTolerance = 1e-30, // as pykan (1e-32): a fit may go on to machine-precision losses
                    });
                    result = lbfgs.Minimize(Objective, theta, info =>
                    {
                        evaluations = evaluationsBefore + info.Evaluations;
                        if (info.Iteration % perStep == 0) { step = segmentStart + info.Iteration / perStep; Record(lastRegularization); }
                    }, cancellationToken);
                    evaluations = evaluationsBefore + result.Evaluations;
                    if (result.Iterations % perStep != 0)
                    {
                        step = segmentStart + (result.Iterations + perStep - 1) / perStep; // a partial step counts
                        Record(lastRegularization);
                    }
                    stalled = result.Iterations == 0 && result.StopReason is StopReason.Converged or StopReason.LineSearchFailed;
                } while (step < segmentEnd && !stalled && evaluations < evaluationBudget
                         && result.StopReason is StopReason.Converged or StopReason.LineSearchFailed);
                if (result.StopReason == StopReason.EvaluationLimit) step = Math.Max(step, segmentEnd);
                if (stalled)
                {
                    // nothing more to gain on this grid and batch: go on only if a new batch or grid update is ahead
                    if (!miniBatch && !Enumerable.Range(step, o.Steps - step).Any(GridUpdateDue)) { reason = result.StopReason; break; }
                    step = segmentEnd;
                }
            }
            if (result.StopReason is StopReason.Cancelled or StopReason.NonFiniteLoss) { reason = result.StopReason; break; }
        }
        network.SetParameters(theta);
        return new TrainingResult(reason, step, evaluations, history, clock.Elapsed.TotalSeconds);
    }

    private bool GridUpdateDue(int step) => Options.UpdateGrid && step < Options.StopGridUpdateStep && step % Options.GridUpdateEvery == 0;

    /// <summary>The first step after <paramref name="step"/> with a grid update, or the end of training.</summary>
    private int NextGridUpdate(int step)
    {
        for (int s = step + 1; s < Options.Steps; s++) if (GridUpdateDue(s)) return s;
        return Options.Steps;
    }

    private static int[] SampleBatch(Random rng, int count, int size)
    {
        // partial Fisher-Yates: a uniform sample without replacement
        var idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = i;
        for (int i = 0; i < size; i++)
        {
            int j = i + rng.Next(count - i);
            (idx[i], idx[j]) = (idx[j], idx[i]);
        }
        return idx[..size];
    }

    private IJetLoss MakeLoss(Dataset data)
    {
        if (Options.Loss == TrainingLoss.MeanSquaredError) return new MseLoss(data.Targets, data.Count);
        var labels = new int[data.Count];
        for (int s = 0; s < data.Count; s++) labels[s] = (int)data.Targets[s];
        return new CrossEntropyLoss(labels);
    }

    private double Report(KanNetwork network, Dataset data, IJetLoss loss)
    {
        double value = network.Evaluate(data.Inputs, loss, default).Loss;
        return Options.Loss == TrainingLoss.MeanSquaredError ? Math.Sqrt(value) : value;
    }

    private void CheckDataset(KanNetwork network, Dataset data, string name)
    {
        if (data.InputDimension != network.InputDimension)
            throw new ArgumentException($"The {name} set has {data.InputDimension} inputs per sample but the network takes {network.InputDimension}.", name);
        if (Options.Loss == TrainingLoss.MeanSquaredError)
        {
            if (data.OutputDimension != network.OutputDimension)
                throw new ArgumentException($"The {name} set has {data.OutputDimension} targets per sample but the network has {network.OutputDimension} outputs.", name);
            return;
        }
        if (data.OutputDimension != 1)
            throw new ArgumentException($"Cross-entropy needs one class label per sample; the {name} set has {data.OutputDimension} targets per sample.", name);
        int classes = Math.Max(2, network.OutputDimension);
        for (int s = 0; s < data.Count; s++)
        {
            double t = data.Targets[s];
            if (t != Math.Floor(t) || t < 0 || t >= classes)
                throw new ArgumentException($"Label {t} of sample {s} in the {name} set is not a class index in [0, {classes}).", name);
        }
    }
}
