using Kan.Physics.Networks;
using Kan.Physics.Training;
using Kan.Physics.Optimization;

namespace Kan.Physics.Tests.Training;

public class TrainerTests
{
    private static double Toy(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);
    private static Dataset ToyData(int seed) => Dataset.FromFunction(Toy, 1000, [-1, -1], [1, 1], seed);

    [Fact]
    public void PaperToyProblemReachesPykansAccuracyWithinItsBudget()
    {
        // pykan: test RMSE 9.4e-3 after 50 L-BFGS steps (about 1,100 evaluations). Training from random
        // initialisations lands in different minima, so the claim is checked on the median of three seeds.
        var test = ToyData(2);
        var rmse = new List<double>();
        foreach (int seed in new[] { 0, 1, 2 })
        {
            var net = KanNetwork.Create([2, 5, 1], new KanOptions { GridSize = 5, Order = 3, Seed = seed });
            var result = new Trainer(new TrainingOptions { Steps = 50 }).Fit(net, ToyData(1), test);
            Assert.Equal(StopReason.IterationLimit, result.StopReason);
            Assert.Equal(50, result.Steps);
            Assert.Equal(50, result.History.Count);
            Assert.InRange(result.Evaluations, 1000, 1250); // at most 25 per step, as torch's L-BFGS
            Assert.True(result.History[^1].TrainLoss < result.History[0].TrainLoss / 5);
            rmse.Add(result.TestLoss);
        }
        rmse.Sort();
        Assert.True(rmse[1] <= 1e-2, $"test RMSE {string.Join(", ", rmse.Select(r => r.ToString("E2")))}");
    }

    [Fact]
    public void GridExtensionMakesTheTestErrorFallAtLeastLikeGToTheMinusThree()
    {
        // the paper's alpha = k + 1 = 4 holds for the training error; the test error at G = 40 is limited by the few
        // test points whose hidden value lies beyond the training range, so the claim is the median over data seeds
        int[] grids = [5, 10, 20, 40];
        var slopes = new List<double>();
        var report = new List<string>();
        foreach (int seed in new[] { 1, 3, 5 })
        {
            var train = ToyData(seed);
            var test = ToyData(seed + 1);
            var net = KanNetwork.Create([2, 1, 1], new KanOptions { GridSize = 5, Order = 3, Seed = 0 });
            var rmse = new List<double>();
            StageRunner.RunSchedule(net, grids, stage =>
            {
                rmse.Add(new Trainer(new TrainingOptions { Steps = 50 }).Fit(stage.Network, train, test).TestLoss);
                return StageEnd.Next(stage.Network);
            });
            Assert.True(rmse.Zip(rmse.Skip(1), (a, b) => b < a).All(x => x), "every refinement must lower the test error");
            // least-squares slope of log RMSE against log G
            var lx = grids.Select(g => Math.Log(g)).ToArray();
            var ly = rmse.Select(r => Math.Log(r)).ToArray();
            double mx = lx.Average(), my = ly.Average();
            slopes.Add(lx.Zip(ly, (a, b) => (a - mx) * (b - my)).Sum() / lx.Sum(a => (a - mx) * (a - mx)));
            report.Add($"seed {seed}: {string.Join(", ", rmse.Select(r => r.ToString("E2")))} slope {slopes[^1]:F2}");
        }
        slopes.Sort();
        Assert.True(slopes[1] <= -3.0, string.Join("; ", report));
    }

    [Fact]
    public void SameSeedSameResult()
    {
        TrainingResult Run()
        {
            var net = KanNetwork.Create([2, 3, 1], new KanOptions { Seed = 4 });
            return new Trainer(new TrainingOptions { Steps = 6, BatchSize = 200, Seed = 9 }).Fit(net, ToyData(3), ToyData(4));
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a.History.Select(h => h.TrainLoss), b.History.Select(h => h.TrainLoss));
        Assert.Equal(a.History.Select(h => h.TestLoss), b.History.Select(h => h.TestLoss));
    }

    [Fact]
    public void CancellationStopsCleanlyAndKeepsTheBestPoint()
    {
        var net = KanNetwork.Create([2, 3, 1], new KanOptions { Seed = 1 });
        using var cts = new CancellationTokenSource();
        var train = ToyData(5);
        var result = new Trainer(new TrainingOptions { Steps = 100 }).Fit(net, train, null, r => { if (r.Step == 3) cts.Cancel(); }, cts.Token);
        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.InRange(result.Steps, 3, 4);
        double rmse = Math.Sqrt(net.Evaluate(train.Inputs, new MseLoss(train.Targets, train.Count), default).Loss);
        Assert.True(double.IsFinite(rmse));
        Assert.True(rmse <= result.History[2].TrainLoss + 1e-12);
        Assert.True(double.IsNaN(result.TestLoss));
    }

    [Fact]
    public void AdamWithMiniBatchesLowersTheLoss()
    {
        var data = Dataset.FromFunction(p => Math.Sin(2 * p[0]), 512, [-1], [1], 6);
        var net = KanNetwork.Create([1, 3, 1], new KanOptions { Seed = 2 });
        var result = new Trainer(new TrainingOptions { Optimizer = OptimizerKind.Adam, LearningRate = 0.02, Steps = 300, BatchSize = 64, UpdateGrid = false })
            .Fit(net, data);
        Assert.Equal(300, result.Steps);
        Assert.True(result.TrainLoss < 0.05 * result.History[0].TrainLoss, $"{result.History[0].TrainLoss:E2} -> {result.TrainLoss:E2}");
    }

    [Fact]
    public void SparsityRegularisationShrinksTheEdges()
    {
        double EdgeL1(KanNetwork n, Dataset d)
        {
            var reg = new SparsityRegularization(1.0, 1.0, 0.0);
            return n.Evaluate(d.Inputs, new MseLoss(d.Targets, d.Count), default, null, reg).Regularization;
        }
        var data = ToyData(7);
        var plain = KanNetwork.Create([2, 5, 1], new KanOptions { Seed = 3 });
        var sparse = plain.Clone();
        new Trainer(new TrainingOptions { Steps = 20 }).Fit(plain, data);
        new Trainer(new TrainingOptions { Steps = 20, Regularization = new SparsityRegularization(0.01) }).Fit(sparse, data);
        Assert.True(EdgeL1(sparse, data) < 0.8 * EdgeL1(plain, data), $"{EdgeL1(sparse, data):F3} vs {EdgeL1(plain, data):F3}");
    }

    [Fact]
    public void CrossEntropyTrainingSeparatesTwoClasses()
    {
        var rng = new Random(8);
        var x = Enumerable.Range(0, 800).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var labels = x.Chunk(2).Select(p => p[0] * p[0] + p[1] > 0.3 ? 1.0 : 0.0).ToArray();
        var data = new Dataset(x, labels, 2);
        var net = KanNetwork.Create([2, 2, 1], new KanOptions { Seed = 4 });
        new Trainer(new TrainingOptions { Loss = TrainingLoss.CrossEntropy, Steps = 20 }).Fit(net, data);
        var y = net.Forward(x);
        double accuracy = y.Select((v, s) => (v > 0 ? 1.0 : 0.0) == labels[s] ? 1.0 : 0.0).Average();
        Assert.True(accuracy > 0.97, $"accuracy {accuracy:P1}");
    }

    [Fact]
    public void BadDataIsRejectedWithTheArgumentNamed()
    {
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new Dataset([1.0, double.NaN], [1.0], 2)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new Dataset([1.0, 2.0], [double.PositiveInfinity], 2)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => new Dataset([], [], 2)).ParamName);
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new Dataset([1.0, 2.0], [1.0, 2.0], 2)).ParamName);
        var net = KanNetwork.Create([3, 1]);
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => new Trainer().Fit(net, ToyData(1))).ParamName);
        var net2 = KanNetwork.Create([2, 1]);
        var labels = new Dataset([0.1, 0.2], [2.0], 2);
        Assert.Equal("train", Assert.Throws<ArgumentException>(() => new Trainer(new TrainingOptions { Loss = TrainingLoss.CrossEntropy }).Fit(net2, labels)).ParamName);
        Assert.Equal("Steps", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new TrainingOptions { Steps = -1 })).ParamName);
    }
}
