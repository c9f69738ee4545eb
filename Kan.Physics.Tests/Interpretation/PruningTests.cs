using Kan.Physics.Interpretation;
using Kan.Physics.Networks;
using Kan.Physics.Tests.Networks;

namespace Kan.Physics.Tests.Interpretation;

public class PruningTests
{
    /// <summary>A [2,5,1] network whose hidden nodes 2, 3, 4 have every incoming and outgoing edge scaled to zero.</summary>
    private static KanNetwork WithDeadNodes()
    {
        var net = KanNetwork.Create([2, 5, 1], new KanOptions { Seed = 11, NoiseScale = 3.0 });
        var (l0, l1) = (net.Layers[0], net.Layers[1]);
        for (int e = 0; e < l0.EdgeCount; e++) l0.ScaleBase[e] = 1.0; // keep the live part clearly above thresholds
        for (int e = 0; e < l1.EdgeCount; e++) l1.ScaleBase[e] = 1.0;
        foreach (int h in new[] { 2, 3, 4 })
        {
            for (int i = 0; i < 2; i++) { l0.ScaleBase[l0.Edge(i, h)] = 0; l0.ScaleSpline[l0.Edge(i, h)] = 0; }
            l1.ScaleBase[l1.Edge(h, 0)] = 0; l1.ScaleSpline[l1.Edge(h, 0)] = 0;
        }
        // Give the pruned copy non-default grids so the copy of per-input knots is checked by the forward comparison.
        net.UpdateGrid(GradientCheck.RandomInputs(new Random(12), 50, 2, -0.8, 1.1));
        return net;
    }

    private static void AssertSameOutputs(KanNetwork expected, KanNetwork actual, double[] x)
    {
        var a = expected.Forward(x);
        var b = actual.Forward(x);
        Assert.Equal(a.Length, b.Length);
        for (int t = 0; t < a.Length; t++) Assert.True(Math.Abs(a[t] - b[t]) <= 1e-12, $"output {t}: {a[t]} vs {b[t]}");
    }

    [Fact]
    public void PruneRemovesDeadHiddenNodesWithoutChangingOutputs()
    {
        var net = WithDeadNodes();
        var x = GradientCheck.RandomInputs(new Random(13), 100, 2);
        var before = net.GetParameters();
        var result = Pruning.Prune(net, x, nodeThreshold: 1e-2, edgeThreshold: 0);
        Assert.Equal([2, 2, 1], result.Network.Widths);
        Assert.Equal([0, 1], result.KeptNodes[1]);
        Assert.Equal([0, 1], result.KeptNodes[0]);
        Assert.Equal([0], result.KeptNodes[2]);
        AssertSameOutputs(net, result.Network, GradientCheck.RandomInputs(new Random(14), 30, 2, -1.5, 1.5));
        Assert.Equal(before, net.GetParameters());
        Assert.Equal([2, 5, 1], net.Widths);
    }

    [Fact]
    public void PruneMasksWeakEdgesWithDefaultThresholds()
    {
        var net = WithDeadNodes();
        var l0 = net.Layers[0];
        l0.ScaleBase[l0.Edge(1, 0)] = 1e-4;
        l0.ScaleSpline[l0.Edge(1, 0)] = 0;
        var x = GradientCheck.RandomInputs(new Random(15), 100, 2);
        var result = Pruning.Prune(net, x);
        Assert.Equal([2, 2, 1], result.Network.Widths);
        var p0 = result.Network.Layers[0];
        Assert.Equal(0.0, p0.Mask[p0.Edge(1, 0)]);
        Assert.Equal(1.0, p0.Mask[p0.Edge(0, 0)]);
        Assert.Equal(1.0, l0.Mask[l0.Edge(1, 0)]); // original untouched
    }

    [Fact]
    public void PruneKeepsBestNodeWhenAllWouldGo()
    {
        var net = KanNetwork.Create([2, 5, 1], new KanOptions { Seed = 16 });
        foreach (var layer in net.Layers)
            for (int e = 0; e < layer.EdgeCount; e++) { layer.ScaleBase[e] = 1e-6; layer.ScaleSpline[e] = 0; }
        net.Layers[0].ScaleBase[net.Layers[0].Edge(0, 3)] = 1e-4;
        net.Layers[1].ScaleBase[net.Layers[1].Edge(3, 0)] = 1e-4;
        var result = Pruning.Prune(net, GradientCheck.RandomInputs(new Random(17), 50, 2));
        Assert.Equal([2, 1, 1], result.Network.Widths);
        Assert.Equal([3], result.KeptNodes[1]);
    }

    [Fact]
    public void RemoveNodeOfDeadNodeKeepsOutputs()
    {
        var net = WithDeadNodes();
        var smaller = Pruning.RemoveNode(net, 1, 3);
        Assert.Equal([2, 4, 1], smaller.Widths);
        Assert.Equal([2, 5, 1], net.Widths);
        AssertSameOutputs(net, smaller, GradientCheck.RandomInputs(new Random(18), 30, 2));
        var live = Pruning.RemoveNode(net, 1, 0);
        var x = GradientCheck.RandomInputs(new Random(19), 30, 2);
        Assert.NotEqual(net.Forward(x), live.Forward(x));
    }

    [Fact]
    public void RemoveEdgeMasksInPlace()
    {
        var net = WithDeadNodes();
        var x = GradientCheck.RandomInputs(new Random(20), 30, 2);
        var y = net.Forward(x);
        Pruning.RemoveEdge(net, 1, 0, 0);
        Assert.Equal(0.0, net.Layers[1].Mask[net.Layers[1].Edge(0, 0)]);
        Assert.NotEqual(y, net.Forward(x));
        var scores = Attribution.L1(net, x);
        Assert.Equal(0.0, scores.EdgeScores[1][net.Layers[1].Edge(0, 0)]);
    }

    [Fact]
    public void BadIndicesThrowNamingTheArgument()
    {
        var net = WithDeadNodes();
        var x = GradientCheck.RandomInputs(new Random(21), 10, 2);
        Assert.Equal("layer", Assert.Throws<ArgumentOutOfRangeException>(() => Pruning.RemoveEdge(net, 2, 0, 0)).ParamName);
        Assert.Equal("layer", Assert.Throws<ArgumentOutOfRangeException>(() => Pruning.RemoveEdge(net, -1, 0, 0)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentOutOfRangeException>(() => Pruning.RemoveEdge(net, 0, 2, 0)).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentOutOfRangeException>(() => Pruning.RemoveEdge(net, 1, 0, 1)).ParamName);
        Assert.Equal("layer", Assert.Throws<ArgumentOutOfRangeException>(() => Pruning.RemoveNode(net, 0, 0)).ParamName);
        Assert.Equal("layer", Assert.Throws<ArgumentOutOfRangeException>(() => Pruning.RemoveNode(net, 2, 0)).ParamName);
        Assert.Equal("node", Assert.Throws<ArgumentOutOfRangeException>(() => Pruning.RemoveNode(net, 1, 5)).ParamName);
        Assert.Equal("node", Assert.Throws<ArgumentException>(() => Pruning.RemoveNode(KanNetwork.Create([2, 1, 1]), 1, 0)).ParamName);
        Assert.Equal("nodeThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => Pruning.Prune(net, x, -1)).ParamName);
        Assert.Equal("edgeThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => Pruning.Prune(net, x, 0.01, double.NaN)).ParamName);
        Assert.Equal("net", Assert.Throws<ArgumentNullException>(() => Pruning.RemoveEdge(null!, 0, 0, 0)).ParamName);
    }
}
