using Kan.Physics.EdgeFunctions;
using Kan.Physics.Expressions;
using Kan.Physics.Interpretation;
using Kan.Physics.Jets;
using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Serialization;
using Kan.Physics.Symbolic;
using static Kan.Physics.Tests.Networks.GradientCheck;

namespace Kan.Physics.Tests.Networks;

public class MultiplicationNodeTests
{
    /// <summary>A random network with multiplication nodes, randomised scales and one masked edge per layer.</summary>
    private static KanNetwork RandomMultNetwork(Random rng, string widths, int arity = 2, int g = 5, int k = 3)
    {
        var net = KanNetwork.Create(NodeWidth.ParseList(widths),
            new KanOptions { GridSize = g, Order = k, Seed = rng.Next(), NoiseScale = 3.0 * g, MultiplicationArity = arity });
        foreach (var layer in net.Layers)
        {
            for (int e = 0; e < layer.EdgeCount; e++) { layer.ScaleSpline[e] = 0.5 + rng.NextDouble(); layer.ScaleBase[e] = rng.NextDouble() - 0.5; }
            if (layer.EdgeCount > 1) layer.Mask[rng.Next(layer.EdgeCount)] = 0;
        }
        return net;
    }

    public static TheoryData<string, int> Shapes() => new()
    {
        { "2,[1,1],1", 2 },
        { "[3,[2,2],1]", 2 },
        { "2,[0,2],[1,1],1", 2 },
        { "3,[1,1],1", 3 },
        { "2,[2,1],[1,1]", 2 }, // a multiplication node as an output
    };

    [Fact]
    public void NotationReadsSumAndMultiplicationNodes()
    {
        var w = NodeWidth.ParseList(" [2, [3,2], 1] ");
        Assert.Equal([new NodeWidth(2), new NodeWidth(3, 2), new NodeWidth(1)], w);
        Assert.Equal("[2,[3,2],1]", NodeWidth.FormatList(w));
        Assert.Equal([new NodeWidth(2), new NodeWidth(5), new NodeWidth(1)], NodeWidth.ParseList("2,5,1"));
        var net = KanNetwork.Create(w, new KanOptions { MultiplicationArity = 3 });
        Assert.Equal([2, 5, 1], net.Widths);
        Assert.Equal(w, net.NodeWidths);
        Assert.Equal(3 + 3 * 2, net.Layers[0].OutputCount);
        Assert.Equal(5, net.Layers[1].InputCount);
        Assert.Equal((3, 3), net.Layers[0].OutputsOfNode(3));
        Assert.Equal(4, net.Layers[0].NodeOfOutput(8));
        foreach (var bad in new[] { "2,[3],1", "2,x,1", "2,,1", "2,[3,2,1" })
            Assert.Contains($"'{bad}'", Assert.Throws<FormatException>(() => NodeWidth.ParseList(bad)).Message);
        Assert.Throws<ArgumentException>(() => KanNetwork.Create(NodeWidth.ParseList("[0,1],1")));
    }

    [Fact]
    public void WithoutMultiplicationNodesTheNetworkIsThePlainOne()
    {
        var plain = KanNetwork.Create([3, 4, 1], new KanOptions { Seed = 5 });
        var viaNodes = KanNetwork.Create(NodeWidth.ParseList("3,4,1"), new KanOptions { Seed = 5 });
        Assert.Equal(plain.GetParameters(), viaNodes.GetParameters());
        Assert.False(viaNodes.HasMultiplicationNodes);
    }

    [Theory, MemberData(nameof(Shapes))]
    public void ForwardMultipliesTheSubNodeSums(string widths, int arity)
    {
        var rng = new Random(1);
        var net = RandomMultNetwork(rng, widths, arity);
        int d = net.InputDimension, n = 40;
        var x = RandomInputs(rng, n, d, -2, 2);
        var y = net.Forward(x);
        for (int s = 0; s < n; s++)
        {
            double[] act = x.Skip(s * d).Take(d).ToArray();
            foreach (KanLayer layer in net.Layers)
            {
                var sub = new double[layer.OutputCount];
                for (int i = 0; i < layer.InputCount; i++)
                    for (int j = 0; j < layer.OutputCount; j++) sub[j] += layer.EvaluateEdge(i, j, act[i]);
                act = new double[layer.NodeCount];
                for (int m = 0; m < act.Length; m++)
                {
                    var (first, count) = layer.OutputsOfNode(m);
                    act[m] = 1;
                    for (int t = 0; t < count; t++) act[m] *= sub[first + t];
                }
            }
            for (int j = 0; j < act.Length; j++) AssertClose(act[j], y[s * act.Length + j], 1e-12, 1e-12, "forward");
        }
    }

    [Theory, MemberData(nameof(Shapes))]
    public void JetsMatchFiniteDifferences(string widths, int arity)
    {
        var rng = new Random(2);
        var net = RandomMultNetwork(rng, widths, arity);
        var x = RandomInputs(rng, 7, net.InputDimension);
        GradientCheck.AssertNetworkJetMatchesFiniteDifferences(net, x);
    }

    [Theory, MemberData(nameof(Shapes))]
    public void ParameterAndInputGradientsMatchFiniteDifferences(string widths, int arity)
    {
        foreach (int order in new[] { 0, 1, 2 })
        {
            var rng = new Random(3 + order);
            var net = RandomMultNetwork(rng, widths, arity);
            int d = net.InputDimension, n = 5;
            var x = RandomInputs(rng, n, d);
            var adjoint = new JetBlock(n, net.OutputDimension, d, order);
            for (int t = 0; t < adjoint.Values.Length; t++) adjoint.Values[t] = rng.NextDouble() - 0.5;
            for (int t = 0; t < adjoint.First.Length; t++) adjoint.First[t] = rng.NextDouble() - 0.5;
            for (int t = 0; t < adjoint.Second.Length; t++) adjoint.Second[t] = rng.NextDouble() - 0.5;
            double F(double[] xs)
            {
                var jet = net.ForwardJet(xs, order);
                double sum = 0;
                for (int t = 0; t < jet.Values.Length; t++) sum += jet.Values[t] * adjoint.Values[t];
                for (int t = 0; t < jet.First.Length; t++) sum += jet.First[t] * adjoint.First[t];
                for (int t = 0; t < jet.Second.Length; t++) sum += jet.Second[t] * adjoint.Second[t];
                return sum;
            }
            var grad = new double[net.ParameterCount];
            var inGrad = new double[x.Length];
            double value = net.Backward(x, adjoint, grad, inGrad);
            AssertClose(F(x), value, 1e-12, 1e-12, "backward value");
            AssertParameterGradient(net, () => F(x), grad, 1e-5, 1e-7, $"{widths}, order {order}");
            const double h = 1e-6;
            for (int t = 0; t < x.Length; t++)
            {
                var xp = (double[])x.Clone(); xp[t] += h;
                var xm = (double[])x.Clone(); xm[t] -= h;
                AssertClose((F(xp) - F(xm)) / (2 * h), inGrad[t], 1e-5, 1e-6, $"{widths}, order {order}, input {t}");
            }
        }
    }

    [Fact]
    public void SparsityRegularisedGradientMatchesFiniteDifferences()
    {
        var rng = new Random(9);
        var net = RandomMultNetwork(rng, "2,[2,1],1");
        var x = RandomInputs(rng, 30, 2);
        var target = new double[30];
        for (int s = 0; s < 30; s++) target[s] = x[2 * s] * x[2 * s + 1];
        var loss = new Kan.Physics.Training.MseLoss(target, 30);
        var reg = new SparsityRegularization(0.1, 1.0, 1.0);
        var grad = new double[net.ParameterCount];
        net.Evaluate(x, loss, grad, regularization: reg);
        AssertParameterGradient(net, () => { var r = net.Evaluate(x, loss, [], regularization: reg); return r.Loss + r.Regularization; }, grad, 1e-5, 1e-7, "regularised", stride: 3);
    }

    [Fact]
    public void RefineKeepsTheMultiplicationNodes()
    {
        var rng = new Random(4);
        var net = RandomMultNetwork(rng, "2,[1,1],1", g: 3);
        var fine = net.Refine(6);
        Assert.Equal(net.NodeWidths, fine.NodeWidths);
        var x = RandomInputs(rng, 20, 2, -0.9, 0.9);
        var a = net.Forward(x); var b = fine.Forward(x);
        for (int t = 0; t < a.Length; t++) AssertClose(a[t], b[t], 1e-9, 1e-9, "refined");
    }

    [Fact]
    public void KanFileAndSnapshotRoundTripMultiplicationNodes()
    {
        var rng = new Random(5);
        var net = RandomMultNetwork(rng, "3,[2,2],[0,1]", arity: 3);
        var lib = SymbolicLibrary.CreateDefault();
        net.FixSymbolic(1, 0, 1, lib["sin"], new SymbolicAffine(1.5, 0.2, 0.7, 0.1));
        using var stream = new MemoryStream();
        KanNetworkSerializer.Save(net, stream);
        var bytes = stream.ToArray();
        Assert.Equal(3, BitConverter.ToInt32(bytes, 6)); // format version 3: multiplication nodes
        stream.Position = 0;
        var back = KanNetworkSerializer.Load(stream);
        Assert.Equal(net.NodeWidths, back.NodeWidths);
        Assert.Equal(3, back.Layers[0].MultiplicationArity);
        var x = RandomInputs(rng, 10, 3);
        Assert.Equal(net.Forward(x), back.Forward(x));

        // a plain network is still written as version 1, byte for byte as before
        using var plain = new MemoryStream();
        KanNetworkSerializer.Save(KanNetwork.Create([2, 3, 1]), plain);
        Assert.Equal(1, BitConverter.ToInt32(plain.ToArray(), 6));

        // a forged snapshot whose widths do not match its multiplication nodes is refused with a message
        var snap = NetworkSnapshot.FromNetwork(net);
        var forged = snap with { Widths = [3, 5, 1] };
        Assert.Contains("multiplication nodes", Assert.Throws<ArgumentException>(() => forged.ToNetwork()).Message);
    }

    [Fact]
    public void FormulaComposesProducts()
    {
        // y = (x1 + 1) * x2 as a [2,[0,1],1] network with formula edges
        var net = KanNetwork.Create(NodeWidth.ParseList("2,[0,1],1"));
        var lib = SymbolicLibrary.CreateDefault();
        var x = lib["x"];
        net.FixSymbolic(0, 0, 0, x, new SymbolicAffine(1, 0, 1, 1));
        net.FixSymbolic(0, 1, 0, lib["0"], new SymbolicAffine(1, 0, 1, 0));
        net.FixSymbolic(0, 0, 1, lib["0"], new SymbolicAffine(1, 0, 1, 0));
        net.FixSymbolic(0, 1, 1, x, new SymbolicAffine(1, 0, 1, 0));
        net.FixSymbolic(1, 0, 0, x, new SymbolicAffine(1, 0, 1, 0));
        var f = NetworkFormula.Compose(net, ["a", "b"])[0].Simplify();
        var inputs = new double[] { 0.3, -0.7, 1.1, 0.4 };
        var y = net.Forward(inputs);
        for (int s = 0; s < 2; s++)
        {
            double a = inputs[2 * s], b = inputs[2 * s + 1];
            AssertClose((a + 1) * b, y[s], 1e-14, 1e-14, "network");
            AssertClose((a + 1) * b, f.Evaluate(new Dictionary<string, double> { ["a"] = a, ["b"] = b }), 1e-14, 1e-14, f.ToString());
        }
    }

    [Fact]
    public void PruningKeepsFactorsTogetherAndDropsDeadNodes()
    {
        var rng = new Random(6);
        var net = RandomMultNetwork(rng, "2,[2,2],1");
        foreach (var l in net.Layers) Array.Fill(l.Mask, 1.0);
        // kill sum node 1 and multiplication node 1 (node 3): no edge enters them, none leaves them
        var first = net.Layers[0];
        foreach (int j in new[] { 1, 4, 5 })
            for (int i = 0; i < 2; i++) first.Mask[first.Edge(i, j)] = 0;
        var second = net.Layers[1];
        foreach (int i in new[] { 1, 3 }) second.Mask[second.Edge(i, 0)] = 0;
        var x = RandomInputs(rng, 200, 2);
        var scores = Attribution.Backward(net, x);
        Assert.Equal(0.0, scores.NodeScores[1][1]);
        Assert.Equal(0.0, scores.NodeScores[1][3]);
        Assert.True(scores.NodeScores[1][2] > 0);
        var pruned = Pruning.Prune(net, x, nodeThreshold: 1e-6, edgeThreshold: 0);
        Assert.Equal([0, 2], pruned.KeptNodes[1]);
        Assert.Equal([new NodeWidth(2), new NodeWidth(1, 1), new NodeWidth(1)], pruned.Network.NodeWidths);
        Assert.Equal(3, pruned.Network.Layers[0].OutputCount);
        var a = net.Forward(x); var b = pruned.Network.Forward(x);
        for (int t = 0; t < a.Length; t++) AssertClose(a[t], b[t], 1e-12, 1e-12, "pruning dead nodes is lossless");
        var l1 = Attribution.L1(net, x);
        Assert.Equal(0.0, l1.IncomingScores[1][3]);
    }
}
