using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;
using Kan.Physics.Optimization;

namespace Kan.Physics.Problems.Modules;

/// <summary>What a toy-formula run measured: its pipeline's result and, when one formula came out, its test RMSE and whether it is the law.</summary>
internal sealed record ToyFormulaMetrics(SymbolicRegressionResult Pipeline)
{
    public double? FormulaTestRmse { get; init; }
    public bool? FormulaExact { get; init; }
}

/// <summary>The settings of <see cref="ToyFormulaProblem"/>.</summary>
internal sealed record ToyFormulaOptions
{
    public int[] Widths { get; init; } = [2, 5, 1];
    public int[] Grids { get; init; } = [5, 10, 20];
    public int SparseSteps { get; init; } = 50;
    public int Steps { get; init; } = 50;
    public int RetrainSteps { get; init; } = 50;
    public double Lambda { get; init; } = 0.001;
    public int Restarts { get; init; } = 2;
    public int Train { get; init; } = 1000;
    public int Test { get; init; } = 1000;
}

/// <summary>
/// The KAN paper's toy example end to end: data from f(x, y) = exp(sin(pi x) + y^2), a sparse [2,5,1], pruning,
/// grid extension, auto-symbolic snapping and retraining; the result holds the formula found and whether it is the law.
/// </summary>
internal sealed class ToyFormulaProblem : Problem<ToyFormulaOptions>
{
    public override string Name => "toy-formula";
    public override string Description => "the KAN paper's toy: exp(sin(pi x) + y^2) -> sparse [2,5,1] -> prune -> formulas -> exact law";

    public override SettingsSchema<ToyFormulaOptions> Settings { get; } = new SettingsSchema<ToyFormulaOptions>()
        .Custom("widths", o => o.Widths, (o, v) => o with { Widths = v }, "widths of the sparse network",
            "positive integers, comma-separated: 2 inputs first, 1 output last", ParseWidths, SettingsSchema<ToyFormulaOptions>.FormatInts)
        .Ints("grids", o => o.Grids, (o, v) => o with { Grids = v }, "grid of the sparse training, then the extension schedule")
        .Int("sparse_steps", o => o.SparseSteps, (o, v) => o with { SparseSteps = v }, "L-BFGS steps of the sparse training")
        .Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "L-BFGS steps per grid after pruning")
        .Int("retrain_steps", o => o.RetrainSteps, (o, v) => o with { RetrainSteps = v }, "L-BFGS steps retraining the formula constants")
        .Double("lambda", o => o.Lambda, (o, v) => o with { Lambda = v }, "sparsity regularisation strength", above: 0)
        .Int("restarts", o => o.Restarts, (o, v) => o with { Restarts = v }, "sparse starts (seeds seed, seed+1, ...); the sparsest pruned network is kept (0 counts as 1)")
        .Int("train", o => o.Train, (o, v) => o with { Train = v }, "training samples", min: 10)
        .Int("test", o => o.Test, (o, v) => o with { Test = v }, "test samples", min: 1);

    private static int[] ParseWidths(string text)
    {
        int[] widths = SettingsSchema<ToyFormulaOptions>.ParsePositiveInts(text);
        return widths[0] == 2 && widths[^1] == 1 ? widths : throw new FormatException("must start with 2 and end with 1");
    }

    /// <summary>How <see cref="ToyFormulaMetrics"/> is written: the fit, the pipeline's network, then the formula's figures when there is one.</summary>
    private static readonly RecordSchema<ToyFormulaMetrics> Metrics = new RecordSchema<ToyFormulaMetrics>()
        .Include(FormulaResults.FitMetrics, m => m.Pipeline)
        .Optional("formula_test_rmse", m => m.FormulaTestRmse)
        .Optional("formula_exact", m => m.FormulaExact is { } exact ? (exact ? 1 : 0) : null);

    private static double Law(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);

    protected override ResultDocument Run(ProblemContext context, ToyFormulaOptions s)
    {
        var widths = s.Widths;
        int trainCount = s.Train, testCount = s.Test;
        var train = Dataset.FromFunction(Law, trainCount, [-1, -1], [1, 1], seed: 1000 + context.Seed);
        var test = Dataset.FromFunction(Law, testCount, [-1, -1], [1, 1], seed: 2000 + context.Seed);
        var options = new SymbolicRegressionOptions
        {
            Widths = widths, Grids = s.Grids, SparseSteps = s.SparseSteps, StepsPerGrid = s.Steps,
            RetrainSteps = s.RetrainSteps, Sparsity = new Kan.Physics.Networks.SparsityRegularization(s.Lambda),
            Restarts = Math.Max(1, s.Restarts), Seed = context.Seed, InputNames = ["x", "y"],
        };
        int stageCount = options.Restarts + options.Grids.Length + 3, stage = 0;
        var result = SymbolicRegression.Run(train, test, options, st => context.Progress.Report(
            new JobProgress(context.Job.Id, st.Name, ++stage, stageCount, st.TrainRmse, st.TestRmse, st.Seconds)), context.CancellationToken);
        if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(context.CancellationToken);

        var doc = new ResultDocument
        {
            Problem = Name, Seed = context.Seed, WallSeconds = result.Stages.Count > 0 ? result.Stages[^1].Seconds : 0,
            ConfigJson = ResultConfig.Json(context, new { law = "exp(sin(pi*x) + y^2)" }),
            Model = result.Symbolic,
        };
        FormulaResults.AddStageColumns(doc, result);
        var metrics = new ToyFormulaMetrics(result);
        if (result.Formulas is [var raw])
        {
            var formula = raw.Simplify();
            var ranges = new Dictionary<string, (double, double)> { ["x"] = (-1, 1), ["y"] = (-1, 1) };
            bool exact = Expr.NumericallyEqual(formula, Expr.Parse("exp(sin(pi*x) + y^2)"), ranges, 1000, 1e-6, seed: context.Seed);
            double rmse = ExprBatch.Rmse(formula.Compile(["x", "y"]), test.Inputs, 2, test.Targets);
            metrics = metrics with { FormulaTestRmse = rmse, FormulaExact = exact };
            doc.Formula = new FormulaData { Text = formula.ToString(), Latex = formula.ToLatex(), Rmse = rmse };
        }
        Metrics.WriteMetrics(metrics, doc.Metrics);
        if (context.OutputDirectory is { } dir)
        {
            // the network before and after pruning, as in the paper's figure
            var names = new NetworkPlotOptions { InputNames = ["x", "y"], OutputNames = ["f"] };
            NetworkPlot.Save(Path.Combine(dir, $"{context.Job.Id}.network-sparse.png"), result.Sparse, train.Inputs, names with { Title = "sparse [" + string.Join(",", result.Sparse.Widths) + "]" });
            NetworkPlot.Save(Path.Combine(dir, $"{context.Job.Id}.network-pruned.png"), result.Pruned, train.Inputs, names with { Title = "pruned [" + string.Join(",", result.Pruned.Widths) + "]" });
        }
        return doc;
    }
}
