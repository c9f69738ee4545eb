using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Bench;

/// <summary>
/// Cost of one loss-and-gradient evaluation of the small networks the Feynman module trains (800 rows, one thread, as
/// in a `kan batch --parallel 2` job on two cores), with and without the sparsity penalty of the sparse training.
/// Per edge-row figures that fall as the network widens show a fixed cost per node and row (the basis evaluation).
/// </summary>
internal static class SmallFitBenchmark
{
    public sealed record Case(int[] Widths, int GridSize, bool Sparsity, int Edges, double MicrosecondsPerEvaluation, double NanosecondsPerEdgeRow);

    public sealed record Result(int Rows, int Threads, IReadOnlyList<Case> Cases);

    public static Result Run()
    {
        const int rows = 800;
        int saved = KanNetwork.MaxDegreeOfParallelism;
        KanNetwork.MaxDegreeOfParallelism = 1;
        try
        {
            var data = Dataset.FromFunction(x => x[0] * x[1] + Math.Sin(x[2]), rows, [-1, -1, -1], [1, 1, 1], seed: 1);
            var loss = new MseLoss(data.Targets, data.Count);
            var cases = new List<Case>();
            foreach (int[] widths in new[] { new[] { 3, 1, 1 }, [3, 2, 1], [3, 3, 1], [3, 5, 1], [3, 5, 5, 1] })
                foreach (int g in new[] { 3, 50 })
                    foreach (bool sparsity in new[] { false, true })
                    {
                        var net = KanNetwork.Create(widths, new KanOptions { GridSize = g, Seed = 0 });
                        // knots at the data's quantiles, as training has them after its first grid update (uneven grids)
                        net.UpdateGrid(data.Inputs);
                        var grad = new double[net.ParameterCount];
                        var reg = sparsity ? new SparsityRegularization(1e-3) : null;
                        const int batch = 20;
                        double seconds = BenchReport.MedianSeconds(() =>
                        {
                            for (int i = 0; i < batch; i++) net.Evaluate(data.Inputs, loss, grad, null, reg);
                        }, warmup: 5, repeats: 31, warmupSeconds: 1) / batch;
                        int edges = 0;
                        for (int l = 0; l + 1 < widths.Length; l++) edges += widths[l] * widths[l + 1];
                        cases.Add(new Case(widths, g, sparsity, edges, seconds * 1e6, seconds * 1e9 / (rows * edges)));
                    }
            return new Result(rows, 1, cases);
        }
        finally { KanNetwork.MaxDegreeOfParallelism = saved; }
    }
}
