using Kan.Physics.Networks;
using Kan.Physics.Splines;
using Kan.Physics.Symbolic;

namespace Kan.Physics.Tests.Symbolic;

public class EdgeSymbolicFitTests
{
    [Fact]
    public void AnEdgeHoldingASineIsRecognisedAsSine()
    {
        // edge (0,0) of a [2,1] network computes 0.8 sin(pi x) + 0.3 (its spline on a fine grid), edge (1,0) x^2
        var net = KanNetwork.Create([2, 1], new KanOptions { GridSize = 40, Seed = 1 });
        var layer = net.Layers[0];
        var xs = Enumerable.Range(0, 400).Select(t => -1 + 2 * t / 399.0).ToArray();
        SplineFit.Fit(layer.Basis(0), xs, xs.Select(v => 0.8 * Math.Sin(Math.PI * v) + 0.3).ToArray(), 1).CopyTo(layer.EdgeCoefficients(0, 0));
        SplineFit.Fit(layer.Basis(1), xs, xs.Select(v => v * v).ToArray(), 1).CopyTo(layer.EdgeCoefficients(1, 0));
        Array.Fill(layer.ScaleBase, 0.0);
        Array.Fill(layer.ScaleSpline, 1.0);
        var rng = new Random(2);
        var inputs = Enumerable.Range(0, 600).Select(_ => 2 * rng.NextDouble() - 1).ToArray();

        var sine = EdgeSymbolicFit.Suggest(net, inputs, 0, 0, 0);
        Assert.Equal("sin", sine[0].Function.Name);
        Assert.True(sine[0].RSquared > 0.999999);
        Assert.Equal(0.3, sine[0].D, 3);
        var square = EdgeSymbolicFit.Suggest(net, inputs, 0, 1, 0);
        Assert.Equal("x^2", square[0].Function.Name);
        Assert.Equal("output", Assert.Throws<ArgumentOutOfRangeException>(() => EdgeSymbolicFit.Suggest(net, inputs, 0, 0, 1)).ParamName);
    }
}
