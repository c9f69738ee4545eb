using Kan.Physics.Problems.Modules;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Bench;

/// <summary>
/// One loss+gradient evaluation of a PDE problem module's physics-informed loss (all terms, at the initial network and
/// at its first grid), median over repeated runs; the number pykan's per-evaluation figures compare with.
/// </summary>
internal static class PdeEvalBenchmark
{
    public sealed record Result(string Problem, int[] Widths, int GridSize, int CollocationPoints, int ConditionPoints, int Parameters, double EvalMs, int Repeats);

    public static Result Run(string name)
    {
        var module = ProblemCatalog.Find(name) as IPdeModule ?? throw new ArgumentException($"'{name}' is not a PDE problem");
        var run = module.Build(new Kan.Physics.Runs.Hosting.ProblemSettings(module.Name, module.Settings, new Dictionary<string, string>()), 0);
        var problem = run.Problem;
        var net = run.Network;
        var pde = problem.Pde;
        // the solver's own loss terms: output transforms and input embeddings included, the PDE term unnormalised
        var terms = new PinnLoss(problem, 1.0).Terms;
        var grad = new double[net.ParameterCount];
        var g = new double[net.ParameterCount];
        void Eval()
        {
            foreach (var (_, points, loss, _) in terms)
            {
                net.Evaluate(points, loss, g);
                for (int p = 0; p < g.Length; p++) grad[p] += g[p];
            }
            foreach (var c in problem.Periodic) c.Evaluate(net, grad);
        }
        const int repeats = 101;
        double t = BenchReport.MedianSeconds(Eval, 10, repeats, warmupSeconds: 2);
        return new Result(name, net.Widths, net.Layers[0].GridSize, problem.CollocationPoints.Length / pde.Dimension,
            problem.Conditions.Sum(c => c.Points.Length / pde.Dimension) + problem.Periodic.Sum(c => 2 * c.PointsA.Length / pde.Dimension),
            net.ParameterCount, t * 1e3, repeats);
    }
}
