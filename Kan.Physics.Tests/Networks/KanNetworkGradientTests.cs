using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Training;
using static Kan.Physics.Tests.Networks.GradientCheck;
using Kan.Physics.Jets;

namespace Kan.Physics.Tests.Networks;

// shares KanNetwork.MaxDegreeOfParallelism (a process-wide setting) with the batch runner tests
[Collection(Kan.Physics.Tests.Hosting.BatchCollection.Name)]
public class KanNetworkGradientTests
{
    public static TheoryData<int[], int, int> Shapes() => new()
    {
        { new[] { 2, 3, 1 }, 5, 3 },
        { new[] { 3, 2, 2 }, 4, 2 },
        { new[] { 2, 4, 3, 1 }, 3, 1 },
        { new[] { 1, 2, 1 }, 7, 3 },
        { new[] { 3, 3, 2 }, 6, 2 },
        { new[] { 2, 11, 9 }, 4, 3 }, // wider than one 512-bit vector, with remainders
    };

    [Theory, MemberData(nameof(Shapes))]
    public void ForwardEqualsTheSumOfEdgeFunctions(int[] widths, int g, int k)
    {
        var rng = new Random(1);
        var net = RandomNetwork(rng, widths, g, k);
        var x = RandomInputs(rng, 50, widths[0], -3, 3); // includes points beyond the outer knots
        var y = net.Forward(x);
        for (int s = 0; s < 50; s++)
        {
            double[] act = x.Skip(s * widths[0]).Take(widths[0]).ToArray();
            foreach (KanLayer layer in net.Layers)
            {
                var next = new double[layer.OutputCount];
                for (int i = 0; i < layer.InputCount; i++)
                    for (int j = 0; j < layer.OutputCount; j++) next[j] += layer.EvaluateEdge(i, j, act[i]);
                act = next;
            }
            for (int j = 0; j < act.Length; j++) AssertClose(act[j], y[s * act.Length + j], 1e-12, 1e-12, "forward");
        }
    }

    [Theory, MemberData(nameof(Shapes))]
    public void JetDerivativesMatchFiniteDifferences(int[] widths, int g, int k)
    {
        var rng = new Random(2);
        var net = RandomNetwork(rng, widths, g, k);
        var x = RandomInputs(rng, 9, widths[0]);
        GradientCheck.AssertNetworkJetMatchesFiniteDifferences(net, x, order1: net.ForwardJet(x, 1));
    }

    [Theory, MemberData(nameof(Shapes))]
    public void ParameterAndInputGradientsOfAJetLossMatchFiniteDifferences(int[] widths, int g, int k)
    {
        foreach (int order in new[] { 0, 1, 2 })
        {
            var rng = new Random(3 + order);
            var net = RandomNetwork(rng, widths, g, k);
            int d = widths[0], n = 6;
            var x = RandomInputs(rng, n, d);
            var adjoint = new JetBlock(n, widths[^1], d, order);
            for (int t = 0; t < adjoint.Values.Length; t++) adjoint.Values[t] = rng.NextDouble() - 0.5;
            for (int t = 0; t < adjoint.First.Length; t++) adjoint.First[t] = rng.NextDouble() - 0.5;
            for (int t = 0; t < adjoint.Second.Length; t++) adjoint.Second[t] = rng.NextDouble() - 0.5;

            double F(KanNetwork nw, double[] xs)
            {
                var jet = nw.ForwardJet(xs, order);
                double sum = 0;
                for (int t = 0; t < jet.Values.Length; t++) sum += jet.Values[t] * adjoint.Values[t];
                for (int t = 0; t < jet.First.Length; t++) sum += jet.First[t] * adjoint.First[t];
                for (int t = 0; t < jet.Second.Length; t++) sum += jet.Second[t] * adjoint.Second[t];
                return sum;
            }

            var grad = new double[net.ParameterCount];
            var inGrad = new double[x.Length];
            double value = net.Backward(x, adjoint, grad, inGrad);
            Assert.Equal(F(net, x), value, 12);

            GradientCheck.AssertParameterGradient(net, () => F(net, x), grad, 1e-5, 1e-7, $"order {order}");
            const double h = 1e-6;
            for (int t = 0; t < x.Length; t++)
            {
                var xp = (double[])x.Clone(); xp[t] += h;
                var xm = (double[])x.Clone(); xm[t] -= h;
                AssertClose((F(net, xp) - F(net, xm)) / (2 * h), inGrad[t], 1e-5, 1e-6, $"order {order}, input {t}");
            }
        }
    }

    public static TheoryData<int[], int, int> PlanarShapes()
    {
        var data = Shapes();
        data.Add(new[] { 2, 3, 1 }, 20, 3); // more than 16 pieces: coefficients looked up lane by lane
        data.Add(new[] { 3, 2, 1 }, 14, 2); // 16 pieces: two-register permute
        return data;
    }

    [Theory, MemberData(nameof(PlanarShapes))]
    public void PlanarJetKernelMatchesTheSampleMajorKernel(int[] widths, int g, int k)
    {
        foreach (int order in new[] { 1, 2 })
            foreach (bool regularise in new[] { false, true })
            {
                var rng = new Random(11 + order);
                var net = RandomNetwork(rng, widths, g, k);
                int d = widths[0], n = 333; // several partitions, a partial block, a partial vector
                var x = RandomInputs(rng, n, d, -3, 3);
                var adjoint = new JetBlock(n, widths[^1], d, order);
                for (int t = 0; t < adjoint.Values.Length; t++) adjoint.Values[t] = rng.NextDouble() - 0.5;
                for (int t = 0; t < adjoint.First.Length; t++) adjoint.First[t] = rng.NextDouble() - 0.5;
                for (int t = 0; t < adjoint.Second.Length; t++) adjoint.Second[t] = rng.NextDouble() - 0.5;
                var loss = new SquaredJetLoss(adjoint);
                var reg = regularise ? new SparsityRegularization(0.3, 1.0, 2.0) : null;
                (EvaluationResult R, double[] G, double[] X, JetBlock J) Run(bool planar)
                {
                    var ev = new NetworkEvaluator(net) { UsePlanarKernel = planar };
                    var grad = new double[net.ParameterCount];
                    var inGrad = new double[x.Length];
                    var r = ev.Evaluate(x, n, loss, order, grad, inGrad, reg);
                    var jet = new JetBlock(n, widths[^1], d, order);
                    ev.Evaluate(x, n, null, order, default, null, null, (start, w) =>
                    {
                        var top = w.Acts[^1];
                        for (int s = 0; s < top.Count; s++)
                            for (int j = 0; j < top.Width; j++)
                            {
                                jet.Value(s + start, j) = top.Value(s, j);
                                for (int a = 0; a < d; a++) jet.Gradient(s + start, j, a) = top.Gradient(s, j, a);
                                for (int a = 0; a < d && order >= 2; a++)
                                    for (int b = a; b < d; b++) jet.Hessian(s + start, j, a, b) = top.Hessian(s, j, a, b);
                            }
                    });
                    return (r, grad, inGrad, jet);
                }
                var (r0, g0, x0, j0) = Run(false);
                var (r1, g1, x1, j1) = Run(true);
                string what = $"order {order}, regularised {regularise}";
                // the kernels sum in different orders: agreement to 1e-12 relative to each array's largest entry
                void Same(double[] expected, double[] actual, string part)
                {
                    double scale = expected.Length == 0 ? 0 : expected.Max(Math.Abs);
                    for (int t = 0; t < expected.Length; t++) AssertClose(expected[t], actual[t], 1e-12, 1e-12 * scale, $"{what}, {part} {t}");
                }
                AssertClose(r0.Loss, r1.Loss, 1e-12, 0, what + " loss");
                AssertClose(r0.Regularization, r1.Regularization, 1e-12, 0, what + " penalty");
                Same(g0, g1, "parameter");
                Same(x0, x1, "input");
                Same(j0.Values.ToArray(), j1.Values.ToArray(), "value");
                Same(j0.First.ToArray(), j1.First.ToArray(), "first");
                Same(j0.Second.ToArray(), j1.Second.ToArray(), "second");
            }
    }

    [Fact]
    public void PlanarJetKernelResultsAreBitIdenticalForAnyNumberOfThreads()
    {
        var rng = new Random(13);
        var net = RandomNetwork(rng, [2, 8, 8, 1], 5, 3);
        int n = 5000;
        var x = RandomInputs(rng, n, 2);
        var target = new JetBlock(n, 1, 2, 2);
        for (int t = 0; t < target.Second.Length; t++) target.Second[t] = rng.NextDouble() - 0.5;
        var loss = new SquaredJetLoss(target);
        var many = new double[net.ParameterCount];
        double lossMany = net.Evaluate(x, loss, many).Loss;
        var (lossOne, one) = OnOneThread(net, x, loss);
        Assert.Equal(lossMany, lossOne);
        Assert.Equal(many, one);
    }

    /// <summary>sum over the jet of (jet - target)^2: a nonlinear loss touching every jet component.</summary>
    private sealed class SquaredJetLoss(JetBlock target) : IJetLoss
    {
        public int Order => target.Order;

        public double Accumulate(int start, JetBlock outputs, JetBlock adjoint)
        {
            double sum = 0;
            void Part(double[] t, double[] y, double[] g, int stride)
            {
                for (int q = 0; q < outputs.Count * stride; q++)
                {
                    double r = y[q] - t[(long)start * stride + q];
                    sum += r * r;
                    g[q] = 2 * r;
                }
            }
            Part(target.V, outputs.V, adjoint.V, outputs.Width);
            if (Order >= 1) Part(target.D1, outputs.D1, adjoint.D1, outputs.Dimension * outputs.Width);
            if (Order >= 2) Part(target.D2, outputs.D2, adjoint.D2, outputs.Pairs * outputs.Width);
            return sum;
        }
    }

    [Fact]
    public void MaskedEdgesGetNoGradientAndContributeNothing()
    {
        var rng = new Random(4);
        var net = RandomNetwork(rng, [2, 2, 1], 5, 3);
        foreach (var l in net.Layers) Array.Fill(l.Mask, 1.0);
        var layer = net.Layers[0];
        layer.Mask[layer.Edge(1, 0)] = 0;
        var x = RandomInputs(rng, 20, 2);
        var grad = new double[net.ParameterCount];
        net.Evaluate(x, new MseLoss(new double[20], 20), grad);
        int nb = layer.BasisCount, e = layer.Edge(1, 0);
        for (int c = 0; c < nb; c++) Assert.Equal(0.0, grad[e * nb + c]);
        Assert.Equal(0.0, grad[layer.EdgeCount * nb + e]);
        Assert.Equal(0.0, grad[layer.EdgeCount * nb + layer.EdgeCount + e]);
        Assert.NotEqual(0.0, grad[layer.Edge(0, 0) * nb + 2]);
    }

    [Theory]
    [InlineData(new[] { 2, 3, 1 }, 5)]
    [InlineData(new[] { 2, 2, 1 }, 4)]      // two outputs per input: the scalar order-0 loops
    [InlineData(new[] { 2, 5, 2, 1 }, 6)]   // five: the vector helpers' backward, the scalar forward
    [InlineData(new[] { 2, 9, 1 }, 3)]      // nine: vector paths throughout
    public void RegularisedLossGradientMatchesFiniteDifferences(int[] widths, int g)
    {
        var rng = new Random(5);
        var net = RandomNetwork(rng, widths, g, 3);
        var x = RandomInputs(rng, 40, 2);
        var t = x.Chunk(2).Select(p => Math.Sin(p[0]) + p[1] * p[1]).ToArray();
        var loss = new MseLoss(t, 40);
        var reg = new SparsityRegularization(0.3, 1.0, 2.0);
        var grad = new double[net.ParameterCount];
        var inputGrad = new double[x.Length];
        var r = net.Evaluate(x, loss, grad, inputGrad, reg);
        Assert.True(r.Regularization > 0);
        GradientCheck.AssertParameterGradient(net, () => net.Evaluate(x, loss, default, null, reg).Total, grad, 1e-5, 1e-7, "loss");
        // the input gradient, penalty included, by central differences on a few inputs
        foreach (int q in new[] { 0, 7, 33, 78 })
        {
            double h = 1e-6, keep = x[q];
            x[q] = keep + h; double up = net.Evaluate(x, loss, default, null, reg).Total;
            x[q] = keep - h; double down = net.Evaluate(x, loss, default, null, reg).Total;
            x[q] = keep;
            GradientCheck.AssertClose((up - down) / (2 * h), inputGrad[q], 1e-5, 1e-8, $"d loss / d x[{q}]");
        }
    }

    [Fact]
    public void CrossEntropyGradientMatchesFiniteDifferences()
    {
        var rng = new Random(6);
        foreach (int classes in new[] { 1, 3 })
        {
            var net = RandomNetwork(rng, [2, 3, classes], 4, 3);
            var x = RandomInputs(rng, 30, 2);
            var labels = Enumerable.Range(0, 30).Select(_ => rng.Next(Math.Max(2, classes))).ToArray();
            var loss = new CrossEntropyLoss(labels);
            var grad = new double[net.ParameterCount];
            net.Evaluate(x, loss, grad);
            GradientCheck.AssertParameterGradient(net, () => net.Evaluate(x, loss, default).Loss, grad, 1e-5, 1e-8, $"classes {classes}", stride: 3);
        }
    }

    [Fact]
    public void LargeBatchesAreDeterministicAndSplitIntoPartitionsConsistently()
    {
        var rng = new Random(7);
        var a = RandomNetwork(new Random(9), [3, 5, 2], 6, 3);
        var b = RandomNetwork(new Random(9), [3, 5, 2], 6, 3);
        var x = RandomInputs(rng, 5000, 3);
        var t = RandomInputs(rng, 5000, 2);
        var ga = new double[a.ParameterCount]; var gb = new double[b.ParameterCount];
        double la = a.Evaluate(x, new MseLoss(t, 5000), ga).Loss;
        double lb = b.Evaluate(x, new MseLoss(t, 5000), gb).Loss;
        Assert.Equal(la, lb);
        Assert.Equal(ga, gb);
        // forward is per sample: a large batch equals its pieces exactly
        var y = a.Forward(x);
        var y2 = a.Forward(x[..300]);
        Assert.Equal(y2, y[..200]);
    }

    [Fact]
    public void ResultsAreBitIdenticalForAnyNumberOfThreads()
    {
        var rng = new Random(8);
        var net = RandomNetwork(rng, [3, 6, 2], 7, 3);
        var x = RandomInputs(rng, 9000, 3);
        var t = RandomInputs(rng, 9000, 2);
        var loss = new MseLoss(t, 9000);
        var many = new double[net.ParameterCount];
        double lossMany = net.Evaluate(x, loss, many).Loss;
        var (lossOne, one) = OnOneThread(net, x, loss);
        Assert.Equal(lossMany, lossOne);
        Assert.Equal(many, one);
        Assert.Throws<ArgumentOutOfRangeException>(() => KanNetwork.MaxDegreeOfParallelism = 0);
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        Assert.Equal("widths", Assert.Throws<ArgumentException>(() => KanNetwork.Create([2])).ParamName);
        Assert.Equal("widths", Assert.Throws<ArgumentException>(() => KanNetwork.Create([2, 0, 1])).ParamName);
        Assert.Equal("GridSize", Assert.Throws<ArgumentOutOfRangeException>(() => KanNetwork.Create([2, 1], new KanOptions { GridSize = 0 })).ParamName);
        Assert.Equal("Order", Assert.Throws<ArgumentOutOfRangeException>(() => KanNetwork.Create([2, 1], new KanOptions { Order = 0 })).ParamName);
        Assert.Equal("layers", Assert.Throws<ArgumentException>(() => new KanNetwork([new KanLayer(2, 3, 5, 3), new KanLayer(2, 1, 5, 3)])).ParamName);
        var net = KanNetwork.Create([2, 1]);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => net.Forward([])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => net.Forward([1.0, double.NaN])).ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => net.Forward([1.0, 2.0, 3.0])).ParamName);
    }

    /// <summary>Loss and parameter gradient evaluated with the network's parallelism limited to one thread.</summary>
    private static (double Loss, double[] Gradient) OnOneThread(KanNetwork net, double[] x, IJetLoss loss)
    {
        var gradient = new double[net.ParameterCount];
        try
        {
            KanNetwork.MaxDegreeOfParallelism = 1;
            return (net.Evaluate(x, loss, gradient).Loss, gradient);
        }
        finally { KanNetwork.MaxDegreeOfParallelism = -1; }
    }
}
