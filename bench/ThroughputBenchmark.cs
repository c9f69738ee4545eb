using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Bench;

/// <summary>Forward and forward+backward throughput of a [4,16,16,1] KAN, G=10, k=3, double, on MSE.</summary>
internal static class ThroughputBenchmark
{
    public sealed record Result(
        int[] Widths, int GridSize, int Order, int Threads,
        Dictionary<string, double> ForwardSamplesPerSecond,
        Dictionary<string, double> ForwardBackwardSamplesPerSecond,
        double ForwardBackwardSamplesPerSecond65536,
        double FlopsPerSampleForward, double FlopsPerSampleForwardBackward,
        double PeakFlops, string PeakDescription, double FractionOfPeakForwardBackward,
        string FlopModel);

    public static Result Run()
    {
        int[] widths = [4, 16, 16, 1];
        const int g = 10, k = 3;
        var net = KanNetwork.Create(widths, new KanOptions { GridSize = g, Order = k, Seed = 1 });
        var grad = new double[net.ParameterCount];
        var fwd = new Dictionary<string, double>();
        var fb = new Dictionary<string, double>();
        var rng = new Random(2);
        foreach (int n in new[] { 4096, 65536 })
        {
            var x = Enumerable.Range(0, n * widths[0]).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
            var t = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            var loss = new MseLoss(t, n);
            int repeats = n >= 65536 ? 15 : 101;
            double tf = BenchReport.MedianSeconds(() => net.Evaluate(x, loss, default), 5, repeats);
            double tb = BenchReport.MedianSeconds(() => net.Evaluate(x, loss, grad), 5, repeats);
            fwd[n.ToString()] = n / tf;
            fb[n.ToString()] = n / tb;
        }
        // Flop model (multiply and add counted separately): per edge, forward k+2 fused multiply-adds (silu term and k+1
        // basis terms); backward k+2 for the input gradient and k+2 for the weight gradients. Per (sample, input) the
        // Cox-de Boor triangle costs about 3k(k+1)/2 * 3 flops for values and as much again per derivative order.
        long edges = 0, nodes = 0;
        for (int l = 0; l + 1 < widths.Length; l++) { edges += widths[l] * widths[l + 1]; nodes += widths[l]; }
        double basisForward = 4.5 * k * (k + 1), basisBackward = basisForward * 2;
        double flopsF = edges * 2.0 * (k + 2) + nodes * basisForward;
        double flopsFB = edges * 6.0 * (k + 2) + nodes * basisBackward;
        var (peak, desc) = BenchReport.PeakFlops();
        double best = fb["65536"];
        return new Result(widths, g, k, Environment.ProcessorCount, fwd, fb, best, flopsF, flopsFB, peak, desc,
            best * flopsFB / peak,
            "per edge 2(k+2) forward + 4(k+2) backward flops; per input node 4.5k(k+1) per basis derivative level; silu and exp not counted");
    }
}
