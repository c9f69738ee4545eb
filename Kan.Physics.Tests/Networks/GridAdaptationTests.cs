using Kan.Physics.Networks;
using Kan.Physics.Splines;
using static Kan.Physics.Tests.Networks.GradientCheck;

namespace Kan.Physics.Tests.Networks;

public class GridAdaptationTests
{
    private static double MaxRelativeDifference(double[] a, double[] b)
    {
        double scale = a.Max(Math.Abs), max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max / scale;
    }

    /// <summary>A network whose every edge spline is a smooth function, fitted on a fine grid.</summary>
    private static KanNetwork SmoothNetwork(int[] widths, int g, int k, int seed)
    {
        var rng = new Random(seed);
        var net = KanNetwork.Create(widths, new KanOptions { GridSize = g, Order = k, Seed = seed });
        foreach (var layer in net.Layers)
            for (int i = 0; i < layer.InputCount; i++)
            {
                var basis = layer.Basis(i);
                var x = Enumerable.Range(0, 400).Select(t => basis.GridMin + (basis.GridMax - basis.GridMin) * t / 399.0).ToArray();
                for (int j = 0; j < layer.OutputCount; j++)
                {
                    double a = 0.5 + rng.NextDouble(), b = rng.NextDouble();
                    var y = x.Select(v => Math.Sin(a * v + b)).ToArray();
                    SplineFit.Fit(basis, x, y, 1).CopyTo(layer.EdgeCoefficients(i, j));
                    // small scales keep every hidden value inside the next layer's grid [-1, 1]
                    layer.ScaleBase[layer.Edge(i, j)] = 0.1 * (rng.NextDouble() - 0.5);
                    layer.ScaleSpline[layer.Edge(i, j)] = 0.8 / layer.InputCount;
                }
            }
        return net;
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)]
    public void RefiningByAnIntegerFactorKeepsTheNetworkExactly(int k)
    {
        var rng = new Random(1);
        var net = RandomNetwork(rng, [2, 3, 1], 5, k);
        var x = RandomInputs(rng, 300, 2, -1.3, 1.3); // inside and past the grid
        foreach (int g in new[] { 10, 20, 15 })
        {
            var fine = net.Refine(g);
            Assert.Equal(g, fine.Layers[0].GridSize);
            // compare where the fine network's splines are defined: every layer input within its outer knots
            var inside = Enumerable.Range(0, 300).Where(s => fine.Layers.Select((l, li) => (l, li)).All(p =>
                Enumerable.Range(0, p.l.InputCount).All(i =>
                {
                    double v = fine.LayerInputs(x[(2 * s)..(2 * s + 2)])[p.li][i];
                    return v >= p.l.Basis(i).Knots[0] && v <= p.l.Basis(i).Knots[^1];
                }))).ToArray();
            Assert.True(inside.Length > 100, $"only {inside.Length} samples inside the fine knots");
            var xs = inside.SelectMany(s => new[] { x[2 * s], x[2 * s + 1] }).ToArray();
            double rel = MaxRelativeDifference(net.Forward(xs), fine.Forward(xs));
            Assert.True(rel < 1e-9, $"G 5 -> {g}: {rel:E2}");
        }
    }

    [Fact]
    public void RefiningToAnUnrelatedGridKeepsASmoothNetworkUpToTheCoarseGridsError()
    {
        var net = SmoothNetwork([2, 2, 1], 8, 3, 2);
        var x = RandomInputs(new Random(3), 300, 2, -1, 1);
        var y = net.Forward(x);
        var fine = net.Refine(13);
        // a cubic spline on G=8 approximates sin to about h^4/384 ~ 1e-5; the refit must not add more than that
        double rel = MaxRelativeDifference(y, fine.Forward(x));
        Assert.True(rel < 1e-5, $"{rel:E2}");
    }

    [Fact]
    public void GridUpdateMovesKnotsToTheSamplesAndKeepsTheOutputs()
    {
        var net = SmoothNetwork([2, 3, 1], 20, 3, 4);
        var rng = new Random(5);
        // clustered, non-uniform samples inside [-1, 1]
        var x = Enumerable.Range(0, 2000).Select(_ => Math.Tanh(1.5 * (2 * rng.NextDouble() - 1))).ToArray();
        var y = net.Forward(x);
        net.UpdateGrid(x, 0.02);
        var grid = net.Layers[0].Basis(0).GridPoints.ToArray();
        var column = x.Where((_, t) => t % 2 == 0).ToArray();
        Assert.Equal(column.Min(), grid[0], 12);
        Assert.Equal(column.Max(), grid[^1], 12);
        // tanh piles samples up towards the ends, so the quantile knots must be denser there than in the middle
        Assert.True(grid[1] - grid[0] < 0.7 * (grid[11] - grid[10]), "quantile knots should be denser where samples are");
        double rel = MaxRelativeDifference(y, net.Forward(x));
        Assert.True(rel < 1e-6, $"grid update changed outputs by {rel:E2} relative");
    }

    [Fact]
    public void GridUpdateRejectsBadArguments()
    {
        var net = KanNetwork.Create([2, 1]);
        Assert.Equal("gridEps", Assert.Throws<ArgumentOutOfRangeException>(() => net.UpdateGrid([0.1, 0.2], 1.5)).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => net.UpdateGrid([0.1, double.NaN])).ParamName);
        Assert.Equal("gridSize", Assert.Throws<ArgumentOutOfRangeException>(() => net.Refine(0)).ParamName);
    }

    [Fact]
    public void An_input_domain_stretches_the_first_layer_grids_to_its_ends_and_keeps_the_inner_knots()
    {
        var net = SmoothNetwork([2, 3, 1], 20, 3, 4);
        var x = RandomInputs(new Random(3), 400, 2, -0.8, 0.9);
        var plain = net.Clone();
        plain.UpdateGrid(x);
        var stretched = net.Clone();
        stretched.UpdateGrid(x, 0.02, [(-1.0, 1.0), (-2.0, 0.5)]);
        // input 0: every sample inside [-1, 1], so the grid runs from -1 to 1
        var b0 = stretched.Layers[0].Basis(0);
        Assert.Equal(-1.0, b0.GridMin);
        Assert.Equal(1.0, b0.GridMax);
        // input 1: samples reach past 0.5, so the upper end stays at the largest sample
        var b1 = stretched.Layers[0].Basis(1);
        Assert.Equal(-2.0, b1.GridMin);
        Assert.Equal(plain.Layers[0].Basis(1).GridMax, b1.GridMax);
        Assert.True(b1.GridMax > 0.5);
        // the inner knots still follow the samples, as without a domain
        for (int i = 0; i < 2; i++)
            Assert.Equal(plain.Layers[0].Basis(i).GridPoints[1..^1].ToArray(), stretched.Layers[0].Basis(i).GridPoints[1..^1].ToArray());
        // the network computes the same function on the samples as before the update, up to the refit's error
        double change = MaxRelativeDifference(net.Forward(x), stretched.Forward(x));
        Assert.True(change < 1e-5, $"the update moved the outputs by {change:E2} relative");
        // a point inside the domain but below every sample is now on the grid, not past it
        double below = x.Where((_, s) => s % 2 == 0).Min() - 0.1;
        Assert.True(below > b0.GridMin && below < plain.Layers[0].Basis(0).GridMin);
    }

    [Fact]
    public void A_wrong_input_domain_is_refused_naming_the_input()
    {
        var net = KanNetwork.Create([2, 1], new KanOptions { GridSize = 3 });
        double[] x = [0, 0, 0.5, 0.5, 1, 1];
        var count = Assert.Throws<ArgumentException>(() => net.UpdateGrid(x, 0.02, [(0.0, 1.0)]));
        Assert.Contains("1 ranges for 2 inputs", count.Message);
        var empty = Assert.Throws<ArgumentException>(() => net.UpdateGrid(x, 0.02, [(0.0, 1.0), (1.0, 1.0)]));
        Assert.Contains("input 1", empty.Message);
        var nan = Assert.Throws<ArgumentException>(() => net.UpdateGrid(x, 0.02, [(double.NaN, 1.0), (0.0, 1.0)]));
        Assert.Contains("input 0", nan.Message);
        // the grids are untouched by a refused update
        Assert.Equal(-1.0, net.Layers[0].Basis(0).GridMin);
    }

    [Fact]
    public void Repeated_samples_fall_back_to_uniform_knots_over_the_input_domain()
    {
        var net = KanNetwork.Create([1, 1], new KanOptions { GridSize = 4 });
        // three quarters of the samples at 0 and pure quantile knots (gridEps 0): the knots would repeat, so the update
        // spaces them uniformly
        var x = Enumerable.Range(0, 200).Select(s => s < 150 ? 0.0 : 0.5 + s / 400.0).ToArray();
        var plain = net.Clone();
        plain.UpdateGrid(x, 0);
        static void Knots(double[] expected, KanNetwork n)
        {
            var actual = n.Layers[0].Basis(0).GridPoints.ToArray();
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
        }
        Knots([0.0, 0.25 * x.Max(), 0.5 * x.Max(), 0.75 * x.Max(), x.Max()], plain);
        net.UpdateGrid(x, 0, [(-1.0, 2.0)]);
        Knots([-1.0, -0.25, 0.5, 1.25, 2.0], net);
    }
}

public class StretchInputGridsTests
{
    [Fact]
    public void EveryFirstLayerSplineBecomesTheSameFunctionOfTheRescaledInput()
    {
        var net = KanNetwork.Create([2, 3, 1], new KanOptions { GridSize = 5, Seed = 4 });
        var before = net.Clone();
        (double Lo, double Hi)[] ranges = [(0, 2), (-0.5, 1.5)];
        GridAdaptation.StretchInputGrids(net, ranges);
        var layer = net.Layers[0];
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(ranges[i].Lo, layer.Basis(i).GridMin, 14);
            Assert.Equal(ranges[i].Hi, layer.Basis(i).GridMax, 14);
            for (int q = 0; q <= 40; q++)
            {
                // x in the new range (and a little past it, into the extension knots) against z = the old grid's coordinate
                double x = ranges[i].Lo - 0.1 + (ranges[i].Hi - ranges[i].Lo + 0.2) * q / 40;
                double z = -1 + 2 * (x - ranges[i].Lo) / (ranges[i].Hi - ranges[i].Lo);
                for (int j = 0; j < 3; j++)
                    Assert.Equal(before.Layers[0].EvaluateSpline(i, j, z), layer.EvaluateSpline(i, j, x), 12);
            }
        }
        // later layers keep their grids and coefficients
        Assert.Equal(before.Layers[1].Basis(0).GridPoints.ToArray(), net.Layers[1].Basis(0).GridPoints.ToArray());
        Assert.Equal(before.Layers[1].Coefficients, net.Layers[1].Coefficients);
    }

    [Fact]
    public void ABadRangeIsNamed()
    {
        var net = KanNetwork.Create([2, 1], new KanOptions { GridSize = 5 });
        var e = Assert.Throws<ArgumentException>(() => GridAdaptation.StretchInputGrids(net, [(0, 1), (1, 1)]));
        Assert.Contains("input 1", e.Message);
        Assert.Throws<ArgumentException>(() => GridAdaptation.StretchInputGrids(net, [(0, 1)]));
    }
}
