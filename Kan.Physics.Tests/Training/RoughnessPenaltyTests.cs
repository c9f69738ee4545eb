using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Training;

public class RoughnessPenaltyTests
{
    private static KanNetwork Network()
    {
        var net = KanNetwork.Create([2, 3, 1], new KanOptions { GridSize = 6, Seed = 3 });
        var p = net.GetParameters();
        var rng = new Random(9);
        for (int i = 0; i < p.Length; i++) p[i] += 0.3 * (rng.NextDouble() - 0.5);
        net.SetParameters(p);
        net.Layers[0].Mask[1] = 0; // a pruned edge carries no penalty
        return net;
    }

    [Fact]
    public void Gradient_matches_central_differences()
    {
        var net = Network();
        var x = net.GetParameters();
        var g = new double[x.Length];
        double f0 = RoughnessPenalty.Add(net, 1e-3, x, g);
        Assert.True(f0 > 0);
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            var xp = (double[])x.Clone(); xp[i] += h;
            var xm = (double[])x.Clone(); xm[i] -= h;
            double fd = (RoughnessPenalty.Add(net, 1e-3, xp, new double[x.Length]) - RoughnessPenalty.Add(net, 1e-3, xm, new double[x.Length])) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) <= 1e-7 * (1 + Math.Abs(fd)), $"parameter {i}: analytic {g[i]:E6}, differences {fd:E6}");
        }
    }

    [Fact]
    public void Linear_splines_and_masked_edges_cost_nothing_and_a_kink_costs_its_curvature()
    {
        var net = KanNetwork.Create([1, 1], new KanOptions { GridSize = 8, Seed = 0 });
        var layer = net.Layers[0];
        var c = layer.EdgeCoefficients(0, 0);
        // B-spline coefficients on a line give a line (the second differences vanish)
        for (int j = 0; j < c.Length; j++) c[j] = 0.5 - 0.25 * j;
        layer.ScaleSpline[0] = 2;
        var x = net.GetParameters();
        Assert.Equal(0, RoughnessPenalty.Add(net, 1, x, new double[x.Length]), 15);
        // one coefficient raised by 1: second differences 1, -2, 1; weight s^2 / h^3 with h = 2/8
        c[5] += 1;
        x = net.GetParameters();
        double expected = 4 * 6 / Math.Pow(0.25, 3);
        Assert.Equal(expected, RoughnessPenalty.Add(net, 1, x, new double[x.Length]), 9);
        layer.Mask[0] = 0;
        Assert.Equal(0, RoughnessPenalty.Add(net, 1, net.GetParameters(), new double[x.Length]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(new TrainingOptions { Smoothness = -1 }));
    }
}
