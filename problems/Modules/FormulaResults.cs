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
    /// <summary>One training row per pipeline stage, the kept sparse seed and the pruned network's active edges.</summary>
    public static void AddStages(ResultDocument doc, SymbolicRegressionResult result)
    {
        doc.Training["stage"] = result.Stages.Select((_, i) => (double)i).ToArray();
        doc.Training["train_rmse"] = result.Stages.Select(t => t.TrainRmse).ToArray();
        doc.Training["test_rmse"] = result.Stages.Select(t => t.TestRmse).ToArray();
        doc.Training["validation_rmse"] = result.Stages.Select(t => t.ValidationRmse).ToArray();
        doc.Training["seconds"] = result.Stages.Select(t => t.Seconds).ToArray();
        doc.Metrics["kept_seed"] = result.Seed;
        doc.Metrics["pruned_edges"] = result.Pruned.Layers.Sum(l => l.Mask.Count(m => m != 0));
    }

    /// <summary>
    /// The formula a job reports: the snapped network's own formula when it reproduces the training and test data to
    /// 1e-8 relative, otherwise what <see cref="LawSearch"/> finds (<paramref name="mode"/> "guided": the pruned
    /// network's features, then every feature kind; "all": every kind; "off": no search), else the snapped formula.
    /// Route: 0 the snapped formula (or none), 1 the network's features (then those of <paramref name="others"/>, pruned
    /// networks of other shapes), 2 every feature kind.
    /// </summary>
    public static (Expr? Formula, int Route) FinalLaw(Expr? snapped, SymbolicRegressionResult result, Dataset train, Dataset test,
        string[] names, string mode, SymbolicLibrary? library, double weightSimple, CancellationToken ct, IReadOnlyList<KanNetwork>? others = null)
    {
        if (snapped is not null && RelativeError(snapped, names, train) <= 1e-8 && RelativeError(snapped, names, test) <= 1e-8) return (snapped, 0);
        if (mode is "guided")
            foreach (var net in (KanNetwork[])[result.Pruned, .. others ?? []])
                if (LawSearch.Run(train, test, names, LawSearch.FeaturesFromNetwork(net, train.Inputs, library, perEdge: 3, weightSimple), cancellationToken: ct) is { } guided)
                    return (guided.Formula, 1);
        // the network's suggestions can miss a function (a noisy edge fits sin better than log): then every feature kind
        if (mode is "guided" or "all" && LawSearch.Run(train, test, names, LawSearch.AllFeatures(names.Length), cancellationToken: ct) is { } any)
            return (any.Formula, 2);
        return (snapped, 0);
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
