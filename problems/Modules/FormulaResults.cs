using Kan.Physics.Solvers.Results;
using Kan.Physics.Symbolic;

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
        doc.Training["seconds"] = result.Stages.Select(t => t.Seconds).ToArray();
        doc.Metrics["kept_seed"] = result.Seed;
        doc.Metrics["pruned_edges"] = result.Pruned.Layers.Sum(l => l.Mask.Count(m => m != 0));
    }
}
