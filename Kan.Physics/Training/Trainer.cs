using System.Diagnostics;
using Kan.Physics.Networks;
using Kan.Physics.Jets;
using Kan.Physics.Optimization;

namespace Kan.Physics.Training;

/// <summary>
/// Fits a <see cref="KanNetwork"/> to a <see cref="Dataset"/> as pykan's <c>fit</c> does: outer steps of L-BFGS (or Adam),
/// full batch or mini-batch, optional sparsity regularisation, and grid updates from the training inputs every
/// <see cref="StageOptions.GridUpdateEvery"/> steps until <see cref="StageOptions.StopGridUpdateStep"/>.
/// </summary>
/// <remarks>
/// One stage of <see cref="StageRunner"/>: L-BFGS keeps its history across the outer steps between two grid updates (a
/// grid update changes what the coefficients mean, so the history restarts there). Deterministic for a given seed.
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
        if (o.InputDomain is { Count: var domainCount } && domainCount != network.InputDimension)
            throw new ArgumentException($"TrainingOptions.InputDomain has {domainCount} ranges but the network has {network.InputDimension} inputs.", nameof(network));
        var clock = Stopwatch.StartNew();
        var history = new List<TrainingRecord>();
        var trainLoss = MakeLoss(train);
        var testLoss = test != null ? MakeLoss(test) : null;
        var batches = o.BatchSize > 0 && o.BatchSize < train.Count ? new MiniBatches(train, trainLoss, o.BatchSize, o.Seed, MakeLoss) : null;
        IStageAction[] actions = batches is null ? [new GridUpdate(o, () => train.Inputs, o.InputDomain)] : [new GridUpdate(o, () => train.Inputs, o.InputDomain), batches];
        double lastRegularization = 0;

        Objective Objective(KanNetwork net) => (x, g) =>
        {
            net.SetParameters(x);
            var r = net.Evaluate(batches?.Batch.Inputs ?? train.Inputs, batches?.Loss ?? trainLoss, g, null, o.Regularization);
            double rough = RoughnessPenalty.Add(net, o.Smoothness, x, g);
            lastRegularization = r.Regularization + rough;
            return r.Total + rough;
        };

        void Record(KanNetwork net, StageProgress at)
        {
            var record = new TrainingRecord(at.Step, Report(net, train, trainLoss),
                test != null ? Report(net, test, testLoss!) : double.NaN, lastRegularization, at.Evaluations, clock.Elapsed.TotalSeconds);
            history.Add(record);
            onStep?.Invoke(record);
        }

        var run = new StageRunner(o, actions).Run(network, null, o.Steps, Objective, Record, cancellationToken);
        return new TrainingResult(run.StopReason, run.Steps, run.Evaluations, history, clock.Elapsed.TotalSeconds);
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
