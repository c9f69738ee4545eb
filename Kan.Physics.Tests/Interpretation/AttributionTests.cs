using Kan.Physics.Interpretation;
using Kan.Physics.Networks;
using Kan.Physics.Tests.Networks;

namespace Kan.Physics.Tests.Interpretation;

public class AttributionTests
{
    /// <summary>A [3,4,2] network whose every parameter is non-trivial, so every live edge varies on random inputs.</summary>
    private static KanNetwork Network(int seed)
    {
        var rng = new Random(seed);
        var net = KanNetwork.Create([3, 4, 2], new KanOptions { GridSize = 5, Order = 3, Seed = seed, NoiseScale = 5.0 });
        foreach (var layer in net.Layers)
            for (int e = 0; e < layer.EdgeCount; e++)
            {
                layer.ScaleBase[e] = 0.5 + rng.NextDouble();
                layer.ScaleSpline[e] = 0.5 + rng.NextDouble();
            }
        return net;
    }

    [Fact]
    public void DeadEdgeScoresZeroAndLiveEdgesPositive()
    {
        var net = Network(1);
        net.Layers[0].Mask[net.Layers[0].Edge(1, 2)] = 0;
        var x = GradientCheck.RandomInputs(new Random(2), 64, 3);
        foreach (var scores in new[] { Attribution.L1(net, x), Attribution.Backward(net, x) })
        {
            Assert.Equal(2, scores.LayerCount);
            for (int l = 0; l < 2; l++)
                for (int e = 0; e < net.Layers[l].EdgeCount; e++)
                {
                    if (l == 0 && e == net.Layers[0].Edge(1, 2)) Assert.Equal(0.0, scores.EdgeScores[l][e]);
                    else Assert.True(scores.EdgeScores[l][e] > 0, $"edge {e} of layer {l} should be live");
                }
            Assert.All(scores.InputScores, s => Assert.True(s > 0));
        }
    }

    [Fact]
    public void InputWithOnlyDeadEdgesScoresZero()
    {
        var net = Network(3);
        var first = net.Layers[0];
        for (int j = 0; j < first.OutputCount; j++) { first.ScaleBase[first.Edge(0, j)] = 0; first.ScaleSpline[first.Edge(0, j)] = 0; }
        var x = GradientCheck.RandomInputs(new Random(4), 64, 3);
        foreach (var scores in new[] { Attribution.L1(net, x), Attribution.Backward(net, x) })
        {
            Assert.Equal(0.0, scores.InputScores[0]);
            Assert.Equal(0.0, scores.OutgoingScores[0][0]);
            Assert.True(scores.InputScores[1] > 0);
            Assert.True(scores.InputScores[2] > 0);
        }
    }

    [Fact]
    public void L1EdgeScoreIsMeanAbsoluteActivation()
    {
        var net = Network(5);
        var x = GradientCheck.RandomInputs(new Random(6), 40, 3);
        var scores = Attribution.L1(net, x);
        var hidden = net.LayerInputs(x)[1];
        double expected = 0;
        for (int s = 0; s < 40; s++) expected += Math.Abs(net.Layers[1].EvaluateEdge(2, 1, hidden[s * 4 + 2]));
        expected /= 40;
        Assert.Equal(expected, scores.EdgeScores[1][net.Layers[1].Edge(2, 1)], 12);
        // A hidden node's score is the smaller of its largest incoming and largest outgoing edge scores.
        for (int i = 0; i < 4; i++)
            Assert.Equal(Math.Min(scores.IncomingScores[1][i], scores.OutgoingScores[1][i]), scores.NodeScores[1][i]);
    }

    [Fact]
    public void BackwardScoresConserveOutputMass()
    {
        var net = Network(7);
        var x = GradientCheck.RandomInputs(new Random(8), 64, 3);
        var scores = Attribution.Backward(net, x);
        Assert.All(scores.NodeScores[2], s => Assert.Equal(1.0, s));
        for (int l = 0; l <= 2; l++) Assert.Equal(2.0, scores.NodeScores[l].Sum(), 12);
        // Each output's score is split among its incoming edges.
        for (int j = 0; j < 2; j++)
            Assert.Equal(1.0, Enumerable.Range(0, 4).Sum(i => scores.EdgeScores[1][i * 2 + j]), 12);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        var net = Network(9);
        Assert.Equal("net", Assert.Throws<ArgumentNullException>(() => Attribution.L1(null!, [0.0, 0, 0])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => Attribution.Backward(net, [0.0, 0])).ParamName);
    }
}
