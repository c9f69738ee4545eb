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
        return new Pipeline(train, test, options, onStage, cancellationToken).Run();
    }

    /// <summary>A start: its sparse network, its pruned network (after screening, when screened), its held-out RMSE (NaN when not screened) and seed.</summary>
    private sealed record Start(KanNetwork Sparse, KanNetwork Pruned, double Validation, int Seed);

    /// <summary>
    /// One run of the pipeline: the starts' sparse fits and prunes (and their screening on the coarse grids), the
    /// survivors along the rest of the grid schedule (<see cref="StageRunner.RunSchedule"/>), the formulas.
    /// </summary>
    private sealed class Pipeline(Dataset train, Dataset? test, SymbolicRegressionOptions options, Action<SymbolicRegressionStage>? onStage, CancellationToken cancellationToken)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<SymbolicRegressionStage> _stages = [];
        private readonly List<ScreenedStart> _screening = [];
        private readonly List<Start> _starts = [];
        private StopReason _stop = StopReason.IterationLimit;
        // the grid schedule trains on these rows; with a validation split they are the training rows less the held-out ones
        private readonly (Dataset Rows, Dataset? HeldOut) _split = Split(train, options.ValidationFraction, options.Seed);
        private readonly double _mean = train.Targets.Average();
        private double Spread => Math.Sqrt(train.Targets.Average(v => (v - _mean) * (v - _mean)));
        private Dataset GridRows => _split.Rows;
        private Dataset? Validation => _split.HeldOut;
        // screening: with held-out rows, every start's pruned network is trained on the coarse grids and judged there
        private bool Screen => Validation is not null && options.Restarts > 1;
        private int Screened => Screen ? Math.Max(1, options.Grids.Count(g => g <= options.ScreeningGrid)) : 0;
        // the start kept without screening: the sparsest pruned network, then the lowest train RMSE
        private KanNetwork? _sparse, _pruned;
        private double _bestRmse = double.PositiveInfinity;
        private int _keptSeed = options.Seed;

        public SymbolicRegressionResult Run()
        {
            if (!FitStarts()) return new SymbolicRegressionResult(_sparse!, _pruned!, _pruned!, [], _stages, StopReason.Cancelled) { Seed = _keptSeed };
            // Screened: the best few starts on held-out rows go on along the rest of the schedule (NaN ranks last). Else
            // the one start kept goes along all of it.
            var survivors = Screen
                ? _starts.OrderBy(c => double.IsNaN(c.Validation) ? double.PositiveInfinity : c.Validation).Take(options.Survivors).ToList()
                : [new Start(_sparse!, _pruned ?? _sparse!.Clone(), double.NaN, _keptSeed)];
            var (best, bestValidation, bestGrid, cancelled) = AlongGrids(survivors);
            if (cancelled != null) return cancelled;
            _pruned ??= _sparse!.Clone(); // (never: there is always a survivor)
            var others = _starts.Where(c => c.Seed != _keptSeed).Select(c => c.Pruned).ToList();
            if (best is not null)
            {
                _pruned = best;
                if (!Train(_pruned, PrunedTraining(options.StepsPerGrid), $"pruned {Shape(_pruned)}, G = {bestGrid}{(survivors.Count > 1 ? $", seed {_keptSeed}" : "")} (lowest held-out RMSE {bestValidation:0.##e+0}), all training rows"))
                    return new SymbolicRegressionResult(_sparse!, _pruned, _pruned, [], _stages, _stop) { Seed = _keptSeed };
            }
            double splineRmse = _stages[^1].TestRmse;

            var symbolic = _pruned.Clone();
            var choices = AutoSymbolic.Run(symbolic, train.Inputs, options.Symbolic);
            Stage("formulas snapped", symbolic, null);
            // the grids no longer matter for snapped edges, and moving them would refit the remaining splines needlessly
            Train(symbolic, new TrainingOptions { Steps = options.RetrainSteps, UpdateGrid = false, Seed = options.Seed }, "formula constants retrained");
            IReadOnlyList<Expressions.Expr>? formulas = null;
            if (choices.All(c => c.Fixed)) formulas = NetworkFormula.Compose(symbolic, options.InputNames);
            return new SymbolicRegressionResult(_sparse!, _pruned, symbolic, choices, _stages, _stop)
            {
                SplineRmse = splineRmse, Formulas = formulas, Seed = _keptSeed, ValidationRmse = best is null ? double.NaN : bestValidation, OtherStarts = others, Screening = _screening,
            };
        }

        /// <summary>
        /// The sparse fit and prune of every start; with screening, each pruned network also goes along the coarse grids
        /// and is ranked by its held-out RMSE. False when cancelled.
        /// </summary>
        private bool FitStarts()
        {
            double spread = Spread;
            // targets without spread (a constant, up to the rounding of its mean) keep the strengths as given
            double lambdaScale = options.SparsityRelativeToSpread && spread > 1e-12 * Math.Max(1, Math.Abs(_mean)) && double.IsFinite(spread) ? spread : 1;
            int bestEdges = int.MaxValue;
            for (int start = 0; start < options.Restarts; start++)
            {
                int seed = options.Seed + start;
                var candidate = KanNetwork.Create(options.NodeWidths, new KanOptions { GridSize = options.Grids[0], Order = options.Order, Seed = seed, MultiplicationArity = options.MultiplicationArity });
                var sparsity = options.SparsityLambdas is { } lambdas ? options.Sparsity with { Lambda = lambdas[start % lambdas.Length] } : options.Sparsity;
                if (lambdaScale != 1) sparsity = sparsity with { Lambda = sparsity.Lambda * lambdaScale };
                var fit = new TrainingOptions { Steps = options.SparseSteps, Regularization = sparsity, Seed = seed, InputDomain = options.InputDomain };
                // screened starts never see the held-out rows, so the held-out RMSE that ranks them is a fair one
                bool finished = Train(candidate, fit, $"sparse training, G = {options.Grids[0]}, seed {seed}{(options.SparsityLambdas is null && lambdaScale == 1 ? "" : $", lambda {sparsity.Lambda:0.###e+0}")}", Screen ? GridRows : null);
                var candidatePruned = options.Prune ? Pruning.Prune(candidate, train.Inputs, options.NodeThreshold, options.EdgeThreshold).Network : candidate.Clone();
                double rmse = _stages[^1].TrainRmse;
                if (!finished) { _sparse ??= candidate; _pruned ??= candidatePruned; return false; }
                if (Screen)
                {
                    var screened = StageRunner.RunSchedule(candidatePruned, options.Grids[..Screened], stage =>
                        GridStage(stage, candidate, rmse, options.ScreeningSteps ?? options.StepsPerGrid, $", seed {seed} (screening)") is { } trained ? StageEnd.Next(trained) : StageEnd.StopWith(stage.Network));
                    if (screened.Stopped) { _sparse ??= candidate; _pruned ??= candidatePruned; return false; }
                    double v = Validation!.Rmse(screened.Network);
                    _screening.Add(new ScreenedStart(seed, v));
                    _starts.Add(new Start(candidate, screened.Network, v, seed));
                    Stage($"seed {seed} screened: held-out RMSE {v:0.##e+0} at G = {options.Grids[Screened - 1]}", screened.Network, null);
                    continue;
                }
                int edges = ActiveEdges(candidatePruned);
                if (_sparse is null || edges < bestEdges || (edges == bestEdges && rmse < _bestRmse))
                    (_sparse, _pruned, bestEdges, _bestRmse, _keptSeed) = (candidate, candidatePruned, edges, rmse, seed);
            }
            return true;
        }

        /// <summary>
        /// Takes every survivor along the rest of the grid schedule. Each keeps the grid where its held-out RMSE was
        /// lowest (its last screening grid counts) and stops after <see cref="SymbolicRegressionOptions.GridPatience"/>
        /// grids without a lower one; the survivor with the lowest such RMSE wins. Returns the winner's network, RMSE and
        /// grid (null without held-out rows), or the result to return when cancelled.
        /// </summary>
        private (KanNetwork? Best, double Validation, int Grid, SymbolicRegressionResult? Cancelled) AlongGrids(List<Start> survivors)
        {
            KanNetwork? best = null;
            double bestValidation = double.PositiveInfinity;
            int bestGrid = 0;
            foreach (var (survivorSparse, survivorPruned, screenRmse, seed) in survivors)
            {
                var net = survivorPruned;
                KanNetwork? own = Screen ? net.Clone() : null;
                double ownValidation = screenRmse;
                int ownGrid = Screen ? options.Grids[Screened - 1] : 0;
                string label = survivors.Count > 1 ? $", seed {seed}" : "";
                int sinceBest = 0;
                bool stopped = false;
                StageRunner.RunSchedule(net, options.Grids, stage =>
                {
                    var next = GridStage(stage, survivorSparse, _bestRmse, options.StepsPerGrid, label);
                    if (next is null) { stopped = true; return StageEnd.StopWith(net); } // the last grid completed
                    net = next;
                    if (Validation is null) return StageEnd.Next(net);
                    // a grid must improve on the best so far to be kept (NaN never does)
                    double v = Validation.Rmse(net);
                    _stages[^1] = _stages[^1] with { ValidationRmse = v };
                    if (own is null || v < ownValidation) { (own, ownValidation, ownGrid) = (net.Clone(), v, stage.Grid); sinceBest = 0; }
                    else if (++sinceBest >= options.GridPatience && stage.Index + 1 < options.Grids.Length)
                    {
                        Stage($"grids past {stage.Grid} skipped: {sinceBest} without a lower held-out RMSE than G = {ownGrid}{label}", net, null);
                        return StageEnd.StopWith(net);
                    }
                    return StageEnd.Next(net);
                }, Screened);
                if (stopped) return (null, double.NaN, 0, new SymbolicRegressionResult(survivorSparse, net, net, [], _stages, _stop) { Seed = seed });
                if (best is null && own is null) { (_sparse, _pruned, _keptSeed) = (survivorSparse, net, seed); continue; }
                if (best is null || ownValidation < bestValidation)
                    (best, bestValidation, bestGrid, _sparse, _pruned, _keptSeed) = (own, ownValidation, ownGrid, survivorSparse, net, seed);
            }
            return (best, bestValidation, bestGrid, null);
        }

        /// <summary>
        /// Trains the stage's network (refined from the previous grid by the schedule); on the first grid it also
        /// repairs or undoes a prune that cost the fit. Returns the network trained, or null when cancelled.
        /// </summary>
        private KanNetwork? GridStage(GridStage stage, KanNetwork sparseNet, double sparseRmse, int steps, string label)
        {
            var net = stage.Network;
            var o = PrunedTraining(steps);
            if (!Train(net, o, $"pruned {Shape(net)}, G = {stage.Grid}{label}", GridRows)) return null;
            if (stage.Index != 0 || !options.Prune) return net;
            // A prune that retraining cannot repair (the retrained network still far worse than the sparse fit: one
            // needed term was spread thinly over several edges, each below the threshold) is redone with thresholds
            // three and nine times lower, and otherwise undone.
            double node = options.NodeThreshold, edge = options.EdgeThreshold, spread = Spread;
            for (int attempt = 0; attempt < 3 && LostFit(_stages[^1].TrainRmse, sparseRmse, spread); attempt++)
            {
                node /= 3;
                edge /= 3;
                net = attempt < 2 ? Pruning.Prune(sparseNet, train.Inputs, node, edge).Network : sparseNet.Clone();
                if (!Train(net, o, $"pruned {Shape(net)} (lower thresholds), G = {stage.Grid}{label}", GridRows)) return null;
            }
            // once more after the first retraining without the penalty: a node left carrying only a constant (a bias
            // the remaining edges absorb when retrained) goes now; undone when it costs the fit
            var before = net;
            double beforeRmse = _stages[^1].TrainRmse;
            var again = Pruning.Prune(net, train.Inputs, options.NodeThreshold, options.EdgeThreshold).Network;
            if (again.Widths.SequenceEqual(net.Widths)) return net;
            if (!Train(again, o, $"pruned again {Shape(again)}, G = {stage.Grid}{label}", GridRows)) return null;
            if (!LostFit(_stages[^1].TrainRmse, beforeRmse, spread)) return again;
            Stage($"second prune undone {Shape(before)}, G = {stage.Grid}{label}", before, null);
            return before;
        }

        /// <summary>The pruned network's training on every grid, and on all rows at the end.</summary>
        private TrainingOptions PrunedTraining(int steps) => new() { Steps = steps, Seed = options.Seed, Smoothness = options.Smoothness, GridEps = options.GridEps, InputDomain = options.InputDomain };

        /// <summary>Trains and reports a stage (on <paramref name="data"/>, or all training rows); false when cancelled.</summary>
        private bool Train(KanNetwork net, TrainingOptions o, string name, Dataset? data = null)
        {
            if (o.Steps == 0) { Stage(name, net, null); return true; }
            var r = new Trainer(o).Fit(net, data ?? train, test, null, cancellationToken);
            Stage(name, net, r);
            _stop = r.StopReason;
            return r.StopReason != StopReason.Cancelled;
        }

        private void Stage(string name, KanNetwork net, TrainingResult? r)
        {
            // a training that stopped before its first recorded step has no history: measure the network instead
            double trainRmse = r is { TrainLoss: var tl } && !double.IsNaN(tl) ? tl : train.Rmse(net);
            double testRmse = test is null ? double.NaN : r is { TestLoss: var te } && !double.IsNaN(te) ? te : test.Rmse(net);
            var s = new SymbolicRegressionStage(name, net.Widths, trainRmse, testRmse, _clock.Elapsed.TotalSeconds);
            _stages.Add(s);
            onStage?.Invoke(s);
        }
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

    private static string Shape(KanNetwork net) => NodeWidth.FormatList(net.NodeWidths);

}
