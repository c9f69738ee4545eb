using System.Text.Json;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;
using Kan.Physics.Optimization;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// The KAN paper's toy example end to end: data from f(x, y) = exp(sin(pi x) + y^2), a sparse [2,5,1], pruning,
/// grid extension, auto-symbolic snapping and retraining; the result holds the formula found and whether it is the law.
/// </summary>
internal sealed class ToyFormulaProblem : IProblem
{
    public string Name => "toy-formula";
    public string Description => "the KAN paper's toy: exp(sin(pi x) + y^2) -> sparse [2,5,1] -> prune -> formulas -> exact law";

    public IReadOnlyList<ProblemSetting> Settings { get; } =
    [
        new("widths", "2,5,1", "widths of the sparse network"),
        new("grids", "5,10,20", "grid of the sparse training, then the extension schedule"),
        new("sparse_steps", "50", "L-BFGS steps of the sparse training"),
        new("steps", "50", "L-BFGS steps per grid after pruning"),
        new("retrain_steps", "50", "L-BFGS steps retraining the formula constants"),
        new("lambda", "0.001", "sparsity regularisation strength"),
        new("restarts", "2", "sparse starts (seeds seed, seed+1, ...); the sparsest pruned network is kept"),
        new("train", "1000", "training samples"),
        new("test", "1000", "test samples"),
    ];

    private static double Law(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);

    public ResultDocument Run(ProblemContext context)
    {
        var s = context.Settings;
        var widths = s.Ints("widths");
        if (widths[0] != 2 || widths[^1] != 1) throw new ProblemSettingException(Name, "widths", s.Text("widths"), "must start with 2 and end with 1");
        int trainCount = s.Int("train"), testCount = s.Int("test");
        if (trainCount < 10) throw new ProblemSettingException(Name, "train", s.Text("train"), "must be at least 10");
        if (testCount < 1) throw new ProblemSettingException(Name, "test", s.Text("test"), "must be at least 1");
        var train = Dataset.FromFunction(Law, trainCount, [-1, -1], [1, 1], seed: 1000 + context.Seed);
        var test = Dataset.FromFunction(Law, testCount, [-1, -1], [1, 1], seed: 2000 + context.Seed);
        var options = new SymbolicRegressionOptions
        {
            Widths = widths, Grids = s.Ints("grids"), SparseSteps = s.Int("sparse_steps"), StepsPerGrid = s.Int("steps"),
            RetrainSteps = s.Int("retrain_steps"), Sparsity = new Kan.Physics.Networks.SparsityRegularization(s.PositiveDouble("lambda")),
            Restarts = Math.Max(1, s.Int("restarts")), Seed = context.Seed, InputNames = ["x", "y"],
        };
        int stageCount = options.Restarts + options.Grids.Length + 3, stage = 0;
        var result = SymbolicRegression.Run(train, test, options, st => context.Progress.Report(
            new JobProgress(context.Job.Id, st.Name, ++stage, stageCount, st.TrainRmse, st.TestRmse, st.Seconds)), context.CancellationToken);
        if (result.StopReason == StopReason.Cancelled) throw new OperationCanceledException(context.CancellationToken);

        var doc = new ResultDocument
        {
            Problem = Name, Seed = context.Seed, WallSeconds = result.Stages.Count > 0 ? result.Stages[^1].Seconds : 0,
            ConfigJson = JsonSerializer.Serialize(new { problem = Name, seed = context.Seed, settings = s.Effective(), law = "exp(sin(pi*x) + y^2)" }),
            Model = result.Symbolic,
        };
        doc.Metrics["train_rmse"] = result.Stages[^1].TrainRmse;
        doc.Metrics["test_rmse"] = result.FinalRmse;
        doc.Metrics["spline_test_rmse"] = result.SplineRmse;
        FormulaResults.AddStages(doc, result);
        if (result.Formulas is [var raw])
        {
            var formula = raw.Simplify();
            var ranges = new Dictionary<string, (double, double)> { ["x"] = (-1, 1), ["y"] = (-1, 1) };
            bool exact = Expr.NumericallyEqual(formula, Expr.Parse("exp(sin(pi*x) + y^2)"), ranges, 1000, 1e-6, seed: context.Seed);
            double rmse = ExprBatch.Rmse(formula.Compile(["x", "y"]), test.Inputs, 2, test.Targets);
            doc.Metrics["formula_test_rmse"] = rmse;
            doc.Metrics["formula_exact"] = exact ? 1 : 0;
            doc.Formula = new FormulaData { Text = formula.ToString(), Latex = formula.ToLatex(), Rmse = rmse };
        }
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
