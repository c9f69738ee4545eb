using System.Globalization;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Serialization;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Training;

namespace Kan.Physics.Problems;

/// <summary>`kan run PROBLEM [--set key=value ...] [--seed N] [--out DIR]`: one PDE solve with progress and final errors.</summary>
internal static class PdeRunner
{
    public static int Run(string[] args, TextWriter log, CancellationToken cancellationToken)
    {
        if (args.Length == 0) throw new ArgumentException("run needs a problem name; try 'list'");
        var module = ProblemCatalog.Find(args[0]);
        var settings = new Dictionary<string, string>();
        int seed = 0;
        string output = "results";
        for (int i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"option {args[i]} needs a value");
            switch (args[i])
            {
                case "--set":
                    string kv = Value();
                    int eq = kv.IndexOf('=');
                    if (eq <= 0) throw new ArgumentException($"--set expects key=value, got '{kv}'");
                    settings[kv[..eq]] = kv[(eq + 1)..];
                    break;
                case "--seed":
                    string sv = Value();
                    if (!int.TryParse(sv, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed) || seed < 0)
                        throw new ArgumentException($"--seed must be a non-negative integer, got '{sv}'");
                    break;
                case "--out": output = Value(); break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }
        OutputDirectory.Prepare(output);
        var run = module.Create(new ProblemSettings(settings, seed));
        log.WriteLine($"{module.Name}: {module.Description}; seed {seed}");
        log.WriteLine($"{"grid",5} {"step",5} {"loss",11} {"pde",11} {"boundary",11} {"rel L2",10} {"MSE",10} {"seconds",8}");
        var result = new PinnSolver(run.Options).Solve(run.Network, run.Problem, r =>
        {
            if (r.Step % 10 != 0) return;
            var e = r.Errors;
            double boundary = r.Terms.Where(t => t.Key != "pde").Sum(t => t.Value);
            log.WriteLine($"{r.GridSize,5} {r.Step,5} {r.Loss,11:E3} {r.Terms["pde"],11:E3} {boundary,11:E3} {e?.RelativeL2 ?? double.NaN,10:E3} {e?.Mse ?? double.NaN,10:E3} {r.Seconds,8:F2}");
        }, cancellationToken);
        log.WriteLine();
        log.WriteLine($"stopped: {result.StopReason} after {result.History.Count} steps, {result.Evaluations} evaluations, {result.Seconds:F2} s " +
                      $"({1000 * result.Seconds / Math.Max(1, result.Evaluations):F2} ms per evaluation including bookkeeping)");
        if (result.Errors is { } m)
            log.WriteLine($"errors: MSE {m.Mse:E3}, relative L2 {m.RelativeL2:E3}, max {m.MaxAbs:E3}, relative H1 seminorm {m.RelativeH1Seminorm:E3}");
        string path = Path.Combine(output, $"{module.Name}.kan");
        KanNetworkSerializer.Save(result.Network, path, new Dictionary<string, string>
        {
            ["problem"] = module.Name,
            ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
            ["rel_l2"] = (result.Errors?.RelativeL2 ?? double.NaN).ToString("R", CultureInfo.InvariantCulture),
            ["mse"] = (result.Errors?.Mse ?? double.NaN).ToString("R", CultureInfo.InvariantCulture),
            ["final_loss"] = result.FinalLoss.ToString("R", CultureInfo.InvariantCulture),
        });
        log.WriteLine($"network saved to {path}");
        return result.StopReason == StopReason.Cancelled ? 130 : 0;
    }
}
