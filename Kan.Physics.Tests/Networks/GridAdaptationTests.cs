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
}
