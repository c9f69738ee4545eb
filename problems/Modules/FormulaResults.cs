using Kan.Physics.Networks;
using Kan.Physics.Runs.Results;
using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Problems.Modules;

/// <summary>The parts of a result document that every formula-finding job (toy-formula, feynman, discover) records alike.</summary>
internal static class FormulaResults
{
    /// <summary>One history row per pipeline stage, numbered from 0.</summary>
    private static readonly RecordSchema<(int Index, SymbolicRegressionStage Stage)> StageColumns = new RecordSchema<(int Index, SymbolicRegressionStage Stage)>()
        .Integer("stage", r => r.Index)
        .Number("train_rmse", r => r.Stage.TrainRmse)
        .Number("test_rmse", r => r.Stage.TestRmse)
        .Number("validation_rmse", r => r.Stage.ValidationRmse)
        .Number("seconds", r => r.Stage.Seconds);

    /// <summary>What every formula pipeline reports of its network: the sparse seed kept and the pruned network's active edges.</summary>
    public static RecordSchema<SymbolicRegressionResult> PipelineMetrics { get; } = new RecordSchema<SymbolicRegressionResult>()
        .Integer("kept_seed", r => r.Seed)
        .Integer("pruned_edges", r => r.Pruned.Layers.Sum(l => l.Mask.Count(m => m != 0)));

    /// <summary>
    /// The fit of a single-shape pipeline (toy-formula, discover): the last stage's training RMSE, the test RMSE of the
    /// snapped formula network and of the spline network, then <see cref="PipelineMetrics"/>.
    /// </summary>
    public static RecordSchema<SymbolicRegressionResult> FitMetrics { get; } = new RecordSchema<SymbolicRegressionResult>()
        .Number("train_rmse", r => r.Stages[^1].TrainRmse)
        .Number("test_rmse", r => r.FinalRmse)
        .Number("spline_test_rmse", r => r.SplineRmse)
        .Include(PipelineMetrics, r => r);

    /// <summary>One training row per pipeline stage.</summary>
    public static void AddStageColumns(ResultDocument doc, SymbolicRegressionResult result)
        => StageColumns.WriteColumns(result.Stages.Select((stage, i) => (i, stage)).ToArray(), doc.Training);

    /// <summary>
    /// The formula a job reports: the snapped network's own formula when it reproduces the training and test data to
    /// 1e-8 relative, otherwise what <see cref="LawSearch"/> finds (<paramref name="mode"/> "guided": the pruned
    /// network's features, then every feature kind; "all": every kind; "off": no search), else the snapped formula.
    /// Route: 0 the snapped formula (or none), 1 the network's features (then those of <paramref name="others"/>, pruned
    /// networks of other shapes), 2 every feature kind. Cancelling <paramref name="ct"/> (a time budget) ends the search
    /// with the snapped formula and Cut set; <paramref name="onProgress"/> hears which search runs and where it stands.
    /// </summary>
    public static (Expr? Formula, int Route, bool Cut) FinalLaw(Expr? snapped, SymbolicRegressionResult result, Dataset train, Dataset test,
        string[] names, string mode, SymbolicLibrary? library, double weightSimple, CancellationToken ct, IReadOnlyList<KanNetwork>? others = null,
        Action<string, LawSearchProgress>? onProgress = null)
    {
        if (snapped is not null && RelativeError(snapped, names, train) <= 1e-8 && RelativeError(snapped, names, test) <= 1e-8) return (snapped, 0, false);
        try
        {
            if (mode is "guided")
            {
                int k = 0;
                foreach (var net in (KanNetwork[])[result.Pruned, .. others ?? []])
                {
                    string what = k++ == 0 ? "the kept network's features" : $"features of network {k}";
                    if (LawSearch.Run(train, test, names, LawSearch.FeaturesFromNetwork(net, train.Inputs, library, perEdge: 3, weightSimple), cancellationToken: ct,
                            onProgress: p => onProgress?.Invoke(what, p)) is { } guided)
                        return (guided.Formula, 1, false);
                }
            }
            // the network's suggestions can miss a function (a noisy edge fits sin better than log): then every feature kind
            if (mode is "guided" or "all" && LawSearch.Run(train, test, names, LawSearch.AllFeatures(names.Length), cancellationToken: ct,
                    onProgress: p => onProgress?.Invoke("every feature kind", p)) is { } any)
                return (any.Formula, 2, false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return (snapped, 0, true);
        }
        return (snapped, 0, false);
    }

    /// <summary>Root mean square error of <paramref name="formula"/> (variables in column order) on the data.</summary>
    public static double Rmse(Expr formula, string[] names, Dataset data)
        => ExprBatch.Rmse(formula.Compile(names), data.Inputs, names.Length, data.Targets);

    /// <summary>RMSE relative to the root mean square of the targets.</summary>
    public static double RelativeError(Expr formula, string[] names, Dataset data)
    {
        double rmse = Rmse(formula, names, data), scale = Math.Sqrt(data.Targets.Average(t => t * t));
        return scale > 0 ? rmse / scale : rmse;
    }
}
