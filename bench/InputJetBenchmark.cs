using Kan.Physics.Networks;

namespace Kan.Physics.Bench;

/// <summary>
/// Input-derivative throughput of a [2,16,16,1] KAN (G = 10) on 4,096 points, one thread: the existing order-1 and
/// order-2 jets (cubic splines) and the Taylor jets PDE discovery uses (quintic splines: the derivative u_t of order 1
/// and u_x to u_xxxx of order 4), as medians over repeated runs.
/// </summary>
internal static class InputJetBenchmark
{
    public sealed record Result(int[] Widths, int GridSize, int Points, int Threads, double Order1Milliseconds, double Order2Milliseconds,
        double Taylor4PerDirectionMilliseconds, double Taylor1PerDirectionMilliseconds);

    public static Result Run()
    {
        int[] widths = [2, 16, 16, 1];
        const int g = 10, n = 4096;
        int saved = KanNetwork.MaxDegreeOfParallelism;
        KanNetwork.MaxDegreeOfParallelism = 1;
        try
        {
            var rng = new Random(3);
            var x = Enumerable.Range(0, n * 2).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            var cubic = KanNetwork.Create(widths, new KanOptions { GridSize = g, Order = 3, Seed = 1 });
            var quintic = KanNetwork.Create(widths, new KanOptions { GridSize = g, Order = 5, Seed = 1 });
            double t1 = BenchReport.MedianSeconds(() => cubic.ForwardJet(x, 1), 5, 41, 1.0);
            double t2 = BenchReport.MedianSeconds(() => cubic.ForwardJet(x, 2), 5, 41, 1.0);
            double t4 = BenchReport.MedianSeconds(() => TaylorJets.Directional(quintic, x, [1, 0], 4), 5, 41, 1.0);
            double tt = BenchReport.MedianSeconds(() => TaylorJets.Directional(quintic, x, [0, 1], 1), 5, 41, 1.0);
            return new Result(widths, g, n, 1, t1 * 1e3, t2 * 1e3, t4 * 1e3, tt * 1e3);
        }
        finally { KanNetwork.MaxDegreeOfParallelism = saved; }
    }
}
