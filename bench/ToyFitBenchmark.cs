using System.Diagnostics;
using Kan.Physics.Networks;
using Kan.Physics.Training;
using Kan.Physics.Optimization;

namespace Kan.Physics.Bench;

/// <summary>
/// The KAN paper's toy fit, [2,5,1], G=5, k=3, 1,000 training and 1,000 test samples of exp(sin(pi x) + y^2):
/// time of one loss+gradient evaluation, of one L-BFGS iteration and of one outer step (20 iterations, as pykan's),
/// medians over repeated runs, next to the pykan 0.2.8 figures measured on this kind of machine (issue #2).
/// </summary>
internal static class ToyFitBenchmark
{
    private const double PykanEvalMs = 7.9, PykanOuterStepMs = 175;

    public sealed record Result(
        int[] Widths, int GridSize, int Order, int TrainSamples, int Steps, int Repeats,
        double TestRmse, double TrainRmse, int Evaluations, int Iterations,
        double EvalMs, double IterationMs, double OuterStepMs, double FitSeconds,
        double PykanEvalMs, double PykanOuterStepMs, double SpeedupPerEvaluation, double SpeedupPerOuterStep);

    public static Result Run()
    {
        static double F(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);
        var train = Dataset.FromFunction(F, 1000, [-1, -1], [1, 1], 1);
        var test = Dataset.FromFunction(F, 1000, [-1, -1], [1, 1], 2);
        const int steps = 50, repeats = 7;
        var fitSeconds = new List<double>();
        TrainingResult? last = null;
        KanNetwork? trained = null;
        for (int rep = 0; rep < repeats; rep++)
        {
            var net = KanNetwork.Create([2, 5, 1], new KanOptions { GridSize = 5, Order = 3, Seed = 0 });
            long t0 = Stopwatch.GetTimestamp();
            last = new Trainer(new TrainingOptions { Steps = steps }).Fit(net, train, test);
            fitSeconds.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds);
            trained = net;
        }
        fitSeconds.Sort();
        double fit = fitSeconds[repeats / 2];
        int iterations = steps * 20; // every outer step ran its 20 iterations (the result says IterationLimit)
        if (last!.StopReason != StopReason.IterationLimit) iterations = last.History.Count * 20;

        var loss = new MseLoss(train.Targets, train.Count);
        var grad = new double[trained!.ParameterCount];
        double eval = BenchReport.MedianSeconds(() => trained.Evaluate(train.Inputs, loss, grad), 50, 1001);
        return new Result([2, 5, 1], 5, 3, train.Count, steps, repeats, last.TestLoss, last.TrainLoss, last.Evaluations, iterations,
            eval * 1e3, fit / iterations * 1e3, fit / steps * 1e3, fit,
            PykanEvalMs, PykanOuterStepMs, PykanEvalMs / (eval * 1e3), PykanOuterStepMs / (fit / steps * 1e3));
    }
}
