using Kan.Physics.Runs.Hosting;
using System.Diagnostics;
using Kan.Physics.Networks;
using Kan.Physics.Serialization;
using Kan.Physics.Training;
using Kan.Physics.Optimization;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// The KAN paper's toy problem: fit f(x, y) = exp(sin(pi x) + y^2) on [-1, 1]^2 with a [2,5,1] KAN from 1,000 samples,
/// L-BFGS with grid updates, then grid extension along the schedule; prints progress, the test RMSE per grid, and
/// saves the network.
/// </summary>
internal static class ToyFit
{
    public static int Run(ToyFitOptions o, TextWriter log, CancellationToken cancellationToken)
    {
        OutputDirectory.Prepare(o.OutputDirectory);
        static double F(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);
        var train = Dataset.FromFunction(F, 1000, [-1, -1], [1, 1], seed: 1000 + o.Seed);
        var test = Dataset.FromFunction(F, 1000, [-1, -1], [1, 1], seed: 2000 + o.Seed);
        var net = KanNetwork.Create([2, 5, 1], new KanOptions { GridSize = o.Grids[0], Order = 3, Seed = o.Seed });
        log.WriteLine($"Toy fit: f(x,y) = exp(sin(pi x) + y^2), KAN [2,5,1], k=3, grids {string.Join(" -> ", o.Grids)}, {o.Steps} L-BFGS steps each, seed {o.Seed}");
        log.WriteLine($"{"grid",5} {"step",5} {"train RMSE",12} {"test RMSE",12} {"evals",7} {"seconds",8}");
        var clock = Stopwatch.StartNew();
        var summary = new List<(int Grid, double Train, double Test)>();
        var trainer = new Trainer(new TrainingOptions { Steps = o.Steps });
        var run = StageRunner.RunSchedule(net, o.Grids, stage =>
        {
            int g = stage.Grid;
            var result = trainer.Fit(stage.Network, train, test, r =>
            {
                if (r.Step % 10 == 0 || r.Step == o.Steps)
                    log.WriteLine($"{g,5} {r.Step,5} {r.TrainLoss,12:E3} {r.TestLoss,12:E3} {r.Evaluations,7} {clock.Elapsed.TotalSeconds,8:F2}");
            }, cancellationToken);
            summary.Add((g, result.TrainLoss, result.TestLoss));
            return result.StopReason == StopReason.Cancelled ? StageEnd.StopWith(stage.Network) : StageEnd.Next(stage.Network);
        });
        (net, bool cancelled) = (run.Network, run.Stopped);
        log.WriteLine();
        foreach (var (g, tr, te) in summary) log.WriteLine($"G = {g,3}: train RMSE {tr:E3}, test RMSE {te:E3}");
        string path = Path.Combine(o.OutputDirectory, "toy-fit.kan");
        KanNetworkSerializer.Save(net, path, new Dictionary<string, string>
        {
            ["problem"] = "toy-fit",
            ["seed"] = o.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["test_rmse"] = summary.Count > 0 ? summary[^1].Test.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "nan",
            ["cancelled"] = cancelled ? "true" : "false",
        });
        log.WriteLine($"{(cancelled ? "Cancelled; network so far" : "Network")} saved to {path} ({clock.Elapsed.TotalSeconds:F1} s)");
        return cancelled ? 130 : 0;
    }
}
