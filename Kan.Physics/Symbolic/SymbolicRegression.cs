using System.Diagnostics;
using Kan.Physics.Interpretation;
using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Symbolic;

/// <summary>
/// The KAN paper's route from data to a formula, as one call: train a network with sparsity regularisation, prune it,
/// retrain the pruned network along a grid-extension schedule, snap every edge to its best library formula
/// (<see cref="AutoSymbolic"/>), and retrain the formula constants with L-BFGS until the loss reaches rounding level.
/// </summary>
/// <remarks>
/// Every stage is deterministic for a given seed; the stage callback reports progress after each one and
/// cancellation stops between L-BFGS iterations, returning what was reached (<see cref="StopReason.Cancelled"/>).
/// </remarks>
public static class SymbolicRegression
{
    /// <summary>Runs the whole pipeline on <paramref name="train"/>, reporting errors on <paramref name="test"/> when given.</summary>
    public static SymbolicRegressionResult Run(Dataset train, Dataset? test, SymbolicRegressionOptions options,
        Action<SymbolicRegressionStage>? onStage = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Widths[0] != train.InputDimension)
            throw new ArgumentException($"Widths start with {options.Widths[0]} inputs but the data have {train.InputDimension} input columns.", nameof(options));
        if (options.Widths[^1] != train.OutputDimension)
            throw new ArgumentException($"Widths end with {options.Widths[^1]} outputs but the data have {train.OutputDimension} target columns.", nameof(options));

        var clock = Stopwatch.StartNew();
        var stages = new List<SymbolicRegressionStage>();
        var stop = StopReason.IterationLimit;
        void Stage(string name, KanNetwork net, TrainingResult? r)
        {
            // a training that stopped before its first recorded step has no history: measure the network instead
            double trainRmse = r is { TrainLoss: var tl } && !double.IsNaN(tl) ? tl : train.Rmse(net);
            double testRmse = test is null ? double.NaN : r is { TestLoss: var te } && !double.IsNaN(te) ? te : test.Rmse(net);
            var s = new SymbolicRegressionStage(name, net.Widths, trainRmse, testRmse, clock.Elapsed.TotalSeconds);
            stages.Add(s);
            onStage?.Invoke(s);
        }
        bool Train(KanNetwork net, TrainingOptions o, string name, Dataset? data = null)
        {
            if (o.Steps == 0) { Stage(name, net, null); return true; }
            var r = new Trainer(o).Fit(net, data ?? train, test, null, cancellationToken);
            Stage(name, net, r);
            stop = r.StopReason;
            return r.StopReason != StopReason.Cancelled;
        }

        KanNetwork? sparse = null, pruned = null;
        double bestRmse = double.PositiveInfinity;
        double targetMean = train.Targets.Average(), spread = Math.Sqrt(train.Targets.Average(v => (v - targetMean) * (v - targetMean)));
        int bestEdges = int.MaxValue, keptSeed = options.Seed;
        for (int start = 0; start < options.Restarts; start++)
        {
            int seed = options.Seed + start;
            var candidate = KanNetwork.Create(options.Widths, new KanOptions { GridSize = options.Grids[0], Order = options.Order, Seed = seed });
            var fit = new TrainingOptions { Steps = options.SparseSteps, Regularization = options.Sparsity, Seed = seed };
            bool finished = Train(candidate, fit, $"sparse training, G = {options.Grids[0]}, seed {seed}");
            var candidatePruned = options.Prune ? Pruning.Prune(candidate, train.Inputs, options.NodeThreshold, options.EdgeThreshold).Network : candidate.Clone();
            int edges = ActiveEdges(candidatePruned);
            double rmse = stages[^1].TrainRmse;
            if (sparse is null || edges < bestEdges || (edges == bestEdges && rmse < bestRmse))
            {
                (sparse, pruned, bestEdges, bestRmse, keptSeed) = (candidate, candidatePruned, edges, rmse, seed);
            }
            if (!finished) return new SymbolicRegressionResult(sparse, pruned!, pruned!, [], stages, stop);
        }
        pruned ??= sparse!.Clone();
        // the grid schedule trains on `gridRows`; with a validation split it is the training rows less the held-out ones
        var (gridRows, validation) = Split(train, options.ValidationFraction, options.Seed);
        KanNetwork? best = null;
        double bestValidation = double.PositiveInfinity;
        int bestGrid = 0;
        for (int t = 0; t < options.Grids.Length; t++)
        {
            if (t > 0) pruned = pruned.Refine(options.Grids[t]);
            var o = new TrainingOptions { Steps = options.StepsPerGrid, Seed = options.Seed, Smoothness = options.Smoothness };
            if (!Train(pruned, o, $"pruned {Shape(pruned)}, G = {options.Grids[t]}", gridRows))
                return new SymbolicRegressionResult(sparse!, pruned, pruned, [], stages, stop);
            if (t == 0 && options.Prune)
            {
                // A prune that retraining cannot repair (the retrained network still far worse than the sparse fit:
                // one needed term was spread thinly over several edges, each below the threshold) is redone with
                // thresholds three and nine times lower, and otherwise undone.
                double node = options.NodeThreshold, edge = options.EdgeThreshold;
                for (int attempt = 0; attempt < 3 && LostFit(stages[^1].TrainRmse, bestRmse, spread); attempt++)
                {
                    node /= 3;
                    edge /= 3;
                    pruned = attempt < 2 ? Pruning.Prune(sparse!, train.Inputs, node, edge).Network : sparse!.Clone();
                    if (!Train(pruned, o, $"pruned {Shape(pruned)} (lower thresholds), G = {options.Grids[t]}", gridRows))
                        return new SymbolicRegressionResult(sparse!, pruned, pruned, [], stages, stop);
                }
                // once more after the first retraining without the penalty: a node left carrying only a constant (a
                // bias the remaining edges absorb when retrained) goes now; undone when it costs the fit
                var before = pruned;
                double beforeRmse = stages[^1].TrainRmse;
                var again = Pruning.Prune(pruned, train.Inputs, options.NodeThreshold, options.EdgeThreshold).Network;
                if (!again.Widths.SequenceEqual(pruned.Widths))
                {
                    pruned = again;
                    if (!Train(pruned, o, $"pruned again {Shape(pruned)}, G = {options.Grids[t]}", gridRows))
                        return new SymbolicRegressionResult(sparse!, pruned, pruned, [], stages, stop);
                    if (LostFit(stages[^1].TrainRmse, beforeRmse, spread))
                    {
                        pruned = before;
                        Stage($"second prune undone {Shape(pruned)}, G = {options.Grids[t]}", pruned, null);
                    }
                }
            }
            if (validation is not null)
            {
                double v = validation.Rmse(pruned);
                // a grid must improve on the best so far to be kept (NaN never does)
                if (best is null || v < bestValidation) (best, bestValidation, bestGrid) = (pruned.Clone(), v, options.Grids[t]);
            }
        }
        if (best is not null)
        {
            pruned = best;
            var all = new TrainingOptions { Steps = options.StepsPerGrid, Seed = options.Seed, Smoothness = options.Smoothness };
            if (!Train(pruned, all, $"pruned {Shape(pruned)}, G = {bestGrid} (lowest held-out RMSE {bestValidation:0.##e+0}), all training rows"))
                return new SymbolicRegressionResult(sparse!, pruned, pruned, [], stages, stop);
        }
        double splineRmse = stages[^1].TestRmse;

        var symbolic = pruned.Clone();
        var choices = AutoSymbolic.Run(symbolic, train.Inputs, options.Symbolic);
        Stage("formulas snapped", symbolic, null);
        // the grids no longer matter for snapped edges, and moving them would refit the remaining splines needlessly
        var retrain = new TrainingOptions { Steps = options.RetrainSteps, UpdateGrid = false, Seed = options.Seed };
        Train(symbolic, retrain, "formula constants retrained");
        IReadOnlyList<Expressions.Expr>? formulas = null;
        if (choices.All(c => c.Fixed)) formulas = NetworkFormula.Compose(symbolic, options.InputNames);
        return new SymbolicRegressionResult(sparse!, pruned, symbolic, choices, stages, stop) { SplineRmse = splineRmse, Formulas = formulas, Seed = keptSeed, ValidationRmse = best is null ? double.NaN : bestValidation };
    }

    /// <summary>The training rows less a seeded random <paramref name="fraction"/> of them, and those rows (null when none).</summary>
    private static (Dataset Fit, Dataset? Validation) Split(Dataset train, double fraction, int seed)
    {
        int held = (int)Math.Round(fraction * train.Count);
        if (held == 0 || held >= train.Count) return (train, null);
        var order = Enumerable.Range(0, train.Count).ToArray();
        new Random(seed ^ 0x5EED).Shuffle(order);
        var heldOut = order[..held];
        var kept = order[held..];
        Array.Sort(heldOut);
        Array.Sort(kept);
        return (train.Subset(kept), train.Subset(heldOut));
    }

    /// <summary>Whether <paramref name="rmse"/> is both over twice <paramref name="reference"/> and 5 % of the targets' spread above it (or not a number).</summary>
    private static bool LostFit(double rmse, double reference, double spread) => !(rmse <= 2 * reference || rmse <= reference + 0.05 * spread);

    private static int ActiveEdges(KanNetwork net) => net.Layers.Sum(l => l.Mask.Count(m => m != 0));

    private static string Shape(KanNetwork net) => "[" + string.Join(",", net.Widths) + "]";

}
