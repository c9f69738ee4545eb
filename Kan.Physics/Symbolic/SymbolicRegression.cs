using System.Diagnostics;
using Kan.Physics.Interpretation;
using Kan.Physics.Networks;
using Kan.Physics.Training;
using Kan.Physics.Optimization;

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
        // the grid schedule trains on `gridRows`; with a validation split it is the training rows less the held-out ones
        var (gridRows, validation) = Split(train, options.ValidationFraction, options.Seed);
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

        double targetMean = train.Targets.Average(), spread = Math.Sqrt(train.Targets.Average(v => (v - targetMean) * (v - targetMean)));
        // screening: with held-out rows, every start's pruned network is trained on the coarse grids and judged there
        bool screen = validation is not null && options.Restarts > 1;
        int screened = screen ? Math.Max(1, options.Grids.Count(g => g <= options.ScreeningGrid)) : 0;
        int screeningSteps = options.ScreeningSteps ?? options.StepsPerGrid;
        bool cancelled = false;

        // the pruned network's training on every grid, and on all rows at the end
        TrainingOptions PrunedTraining(int steps) => new() { Steps = steps, Seed = options.Seed, Smoothness = options.Smoothness, GridEps = options.GridEps, InputDomain = options.InputDomain };

        // Trains the stage's network (refined from the previous grid by the schedule); on the first grid it also repairs
        // or undoes a prune that cost the fit. Returns the network trained, or null when cancelled.
        KanNetwork? GridStage(GridStage stage, KanNetwork sparseNet, double sparseRmse, int steps, string label)
        {
            var (net, t) = (stage.Network, stage.Index);
            var o = PrunedTraining(steps);
            if (!Train(net, o, $"pruned {Shape(net)}, G = {stage.Grid}{label}", gridRows)) return null;
            if (t != 0 || !options.Prune) return net;
            // A prune that retraining cannot repair (the retrained network still far worse than the sparse fit: one
            // needed term was spread thinly over several edges, each below the threshold) is redone with thresholds
            // three and nine times lower, and otherwise undone.
            double node = options.NodeThreshold, edge = options.EdgeThreshold;
            for (int attempt = 0; attempt < 3 && LostFit(stages[^1].TrainRmse, sparseRmse, spread); attempt++)
            {
                node /= 3;
                edge /= 3;
                net = attempt < 2 ? Pruning.Prune(sparseNet, train.Inputs, node, edge).Network : sparseNet.Clone();
                if (!Train(net, o, $"pruned {Shape(net)} (lower thresholds), G = {stage.Grid}{label}", gridRows)) return null;
            }
            // once more after the first retraining without the penalty: a node left carrying only a constant (a bias
            // the remaining edges absorb when retrained) goes now; undone when it costs the fit
            var before = net;
            double beforeRmse = stages[^1].TrainRmse;
            var again = Pruning.Prune(net, train.Inputs, options.NodeThreshold, options.EdgeThreshold).Network;
            if (again.Widths.SequenceEqual(net.Widths)) return net;
            if (!Train(again, o, $"pruned again {Shape(again)}, G = {stage.Grid}{label}", gridRows)) return null;
            if (!LostFit(stages[^1].TrainRmse, beforeRmse, spread)) return again;
            Stage($"second prune undone {Shape(before)}, G = {stage.Grid}{label}", before, null);
            return before;
        }
        // targets without spread (a constant, up to the rounding of its mean) keep the strengths as given
        double lambdaScale = options.SparsityRelativeToSpread && spread > 1e-12 * Math.Max(1, Math.Abs(targetMean)) && double.IsFinite(spread) ? spread : 1;
        KanNetwork? sparse = null, pruned = null;
        double bestRmse = double.PositiveInfinity;
        int bestEdges = int.MaxValue, keptSeed = options.Seed;
        var screening = new List<ScreenedStart>();
        var starts = new List<(KanNetwork Sparse, KanNetwork Pruned, double Validation, int Seed)>();
        for (int start = 0; start < options.Restarts; start++)
        {
            int seed = options.Seed + start;
            var candidate = KanNetwork.Create(options.Widths, new KanOptions { GridSize = options.Grids[0], Order = options.Order, Seed = seed });
            var sparsity = options.SparsityLambdas is { } lambdas ? options.Sparsity with { Lambda = lambdas[start % lambdas.Length] } : options.Sparsity;
            if (lambdaScale != 1) sparsity = sparsity with { Lambda = sparsity.Lambda * lambdaScale };
            var fit = new TrainingOptions { Steps = options.SparseSteps, Regularization = sparsity, Seed = seed, InputDomain = options.InputDomain };
            // screened starts never see the held-out rows, so the held-out RMSE that ranks them is a fair one
            bool finished = Train(candidate, fit, $"sparse training, G = {options.Grids[0]}, seed {seed}{(options.SparsityLambdas is null && lambdaScale == 1 ? "" : $", lambda {sparsity.Lambda:0.###e+0}")}", screen ? gridRows : null);
            var candidatePruned = options.Prune ? Pruning.Prune(candidate, train.Inputs, options.NodeThreshold, options.EdgeThreshold).Network : candidate.Clone();
            double rmse = stages[^1].TrainRmse;
            if (!finished) { sparse ??= candidate; pruned ??= candidatePruned; cancelled = true; break; }
            if (screen)
            {
                var screenedRun = StageRunner.RunSchedule(candidatePruned, options.Grids[..screened], stage =>
                    GridStage(stage, candidate, rmse, screeningSteps, $", seed {seed} (screening)") is { } trained ? StageEnd.Next(trained) : StageEnd.StopWith(stage.Network));
                if (screenedRun.Stopped) { sparse ??= candidate; pruned ??= candidatePruned; cancelled = true; break; }
                var net = screenedRun.Network;
                double v = validation!.Rmse(net);
                screening.Add(new ScreenedStart(seed, v));
                starts.Add((candidate, net, v, seed));
                Stage($"seed {seed} screened: held-out RMSE {v:0.##e+0} at G = {options.Grids[screened - 1]}", net, null);
                continue;
            }
            int edges = ActiveEdges(candidatePruned);
            if (sparse is null || edges < bestEdges || (edges == bestEdges && rmse < bestRmse))
                (sparse, pruned, bestEdges, bestRmse, keptSeed) = (candidate, candidatePruned, edges, rmse, seed);
        }
        if (cancelled) return new SymbolicRegressionResult(sparse!, pruned!, pruned!, [], stages, StopReason.Cancelled) { Seed = keptSeed };
        // Screened: the best few starts on held-out rows go on along the rest of the schedule (NaN ranks last). Else the
        // one start kept goes along all of it. Each keeps the grid where its held-out RMSE was lowest (its last screening
        // grid counts); the start with the lowest such RMSE wins.
        var survivors = screen
            ? starts.OrderBy(c => double.IsNaN(c.Validation) ? double.PositiveInfinity : c.Validation).Take(options.Survivors).ToList()
            : [(sparse!, pruned ?? sparse!.Clone(), double.NaN, keptSeed)];
        KanNetwork? best = null;
        double bestValidation = double.PositiveInfinity;
        int bestGrid = 0;
        foreach (var (survivorSparse, survivorPruned, screenRmse, seed) in survivors)
        {
            var net = survivorPruned;
            KanNetwork? own = screen ? net.Clone() : null;
            double ownValidation = screenRmse;
            int ownGrid = screen ? options.Grids[screened - 1] : 0;
            string label = survivors.Count > 1 ? $", seed {seed}" : "";
            int sinceBest = 0;
            bool stopped = false;
            StageRunner.RunSchedule(net, options.Grids, stage =>
            {
                var next = GridStage(stage, survivorSparse, bestRmse, options.StepsPerGrid, label);
                if (next is null) { stopped = true; return StageEnd.StopWith(net); } // the last grid completed
                net = next;
                if (validation is null) return StageEnd.Next(net);
                // a grid must improve on the best so far to be kept (NaN never does)
                double v = validation.Rmse(net);
                stages[^1] = stages[^1] with { ValidationRmse = v };
                if (own is null || v < ownValidation) { (own, ownValidation, ownGrid) = (net.Clone(), v, stage.Grid); sinceBest = 0; }
                else if (++sinceBest >= options.GridPatience && stage.Index + 1 < options.Grids.Length)
                {
                    Stage($"grids past {stage.Grid} skipped: {sinceBest} without a lower held-out RMSE than G = {ownGrid}{label}", net, null);
                    return StageEnd.StopWith(net);
                }
                return StageEnd.Next(net);
            }, screened);
            if (stopped) return new SymbolicRegressionResult(survivorSparse, net, net, [], stages, stop) { Seed = seed };
            if (best is null && own is null) { (sparse, pruned, keptSeed) = (survivorSparse, net, seed); continue; }
            if (best is null || ownValidation < bestValidation)
                (best, bestValidation, bestGrid, sparse, pruned, keptSeed) = (own, ownValidation, ownGrid, survivorSparse, net, seed);
        }
        pruned ??= sparse!.Clone(); // (never: there is always a survivor)
        var others = starts.Where(c => c.Seed != keptSeed).Select(c => c.Pruned).ToList();
        if (best is not null)
        {
            pruned = best;
            var all = PrunedTraining(options.StepsPerGrid);
            if (!Train(pruned, all, $"pruned {Shape(pruned)}, G = {bestGrid}{(survivors.Count > 1 ? $", seed {keptSeed}" : "")} (lowest held-out RMSE {bestValidation:0.##e+0}), all training rows"))
                return new SymbolicRegressionResult(sparse!, pruned, pruned, [], stages, stop) { Seed = keptSeed };
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
        return new SymbolicRegressionResult(sparse!, pruned, symbolic, choices, stages, stop) { SplineRmse = splineRmse, Formulas = formulas, Seed = keptSeed, ValidationRmse = best is null ? double.NaN : bestValidation, OtherStarts = others, Screening = screening };
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
