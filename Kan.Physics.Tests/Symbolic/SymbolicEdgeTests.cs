using Kan.Physics.Interpretation;
using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Serialization;
using Kan.Physics.Symbolic;
using Kan.Physics.Tests.Networks;
using Kan.Physics.Training;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Tests.Symbolic;

public class SymbolicEdgeTests
{
    private static readonly SymbolicLibrary Lib = SymbolicLibrary.CreateDefault();

    /// <summary>[2,3,1] with formula edges on both layers, one of them beside its spline ("both" mode).</summary>
    private static KanNetwork MixedNetwork(int seed)
    {
        var net = GradientCheck.RandomNetwork(new Random(seed), [2, 3, 1], 4, 3);
        net.FixSymbolic(0, 0, 1, Lib["sin"], new SymbolicAffine(2.0, 0.3, 0.7, -0.1));
        net.Layers[0].Mask[net.Layers[0].Edge(1, 2)] = 1; // RandomNetwork may have masked it
        net.FixSymbolic(0, 1, 2, Lib["x^2"], new SymbolicAffine(0.8, -0.2, 1.1, 0.05), keepSpline: true);
        net.FixSymbolic(1, 1, 0, Lib["tanh"], new SymbolicAffine(0.9, 0.1, 1.3, 0.2));
        return net;
    }

    [Fact]
    public void FormulaEdgesAddTheirValueAndMaskTheSplineUnlessKept()
    {
        var net = MixedNetwork(1);
        var l0 = net.Layers[0];
        Assert.Equal(0, l0.Mask[l0.Edge(0, 1)]);
        Assert.Equal(1, l0.Mask[l0.Edge(1, 2)]);
        Assert.Equal(0.7 * Math.Sin(2.0 * 0.4 + 0.3) - 0.1, l0.EvaluateEdge(0, 1, 0.4), 14);
        // a network whose every edge is a formula computes the formula
        var f = KanNetwork.Create([2, 1, 1], new KanOptions { Seed = 3 });
        f.FixSymbolic(0, 0, 0, Lib["sin"], new SymbolicAffine(Math.PI, 0, 1, 0));
        f.FixSymbolic(0, 1, 0, Lib["x^2"], SymbolicAffine.Identity);
        f.FixSymbolic(1, 0, 0, Lib["exp"], SymbolicAffine.Identity);
        double[] x = [0.3, -0.7, -0.9, 0.25];
        var y = f.Forward(x);
        for (int s = 0; s < 2; s++)
            Assert.Equal(Math.Exp(Math.Sin(Math.PI * x[2 * s]) + x[2 * s + 1] * x[2 * s + 1]), y[s], 13);
    }

    [Fact]
    public void ParameterAndInputGradientsIncludeFormulaEdgesAndMatchFiniteDifferences()
    {
        var net = MixedNetwork(2);
        var rng = new Random(5);
        var x = GradientCheck.RandomInputs(rng, 40, 2);
        var targets = Enumerable.Range(0, 40).Select(_ => rng.NextDouble()).ToArray();
        var loss = new MseLoss(targets, 40);
        Assert.Equal(net.Layers.Sum(l => l.SplineParameterCount) + 12, net.ParameterCount);
        var grad = new double[net.ParameterCount];
        var gx = new double[x.Length];
        net.Evaluate(x, loss, grad, gx);
        // every formula constant has a non-zero gradient, and all entries match central differences
        Assert.All(grad[^4..], g => Assert.NotEqual(0, g));
        GradientCheck.AssertParameterGradient(net, () => net.Evaluate(x, loss, default).Loss, grad, 1e-5, 1e-9, "mixed network");
        const double h = 1e-6;
        for (int t = 0; t < x.Length; t += 7)
        {
            double keep = x[t];
            x[t] = keep + h; double fp = net.Evaluate(x, loss, default).Loss;
            x[t] = keep - h; double fm = net.Evaluate(x, loss, default).Loss;
            x[t] = keep;
            GradientCheck.AssertClose((fp - fm) / (2 * h), gx[t], 1e-5, 1e-9, $"input {t}");
        }
    }

    [Fact]
    public void ParametersRoundTripAndCopiesKeepFormulaEdges()
    {
        var net = MixedNetwork(3);
        var p = net.GetParameters();
        var x = GradientCheck.RandomInputs(new Random(1), 20, 2);
        var y0 = net.Forward(x);
        var clone = net.Clone();
        Assert.Equal(y0, clone.Forward(x));
        clone.SetParameters(p.Select(v => v * 1.01).ToArray());
        Assert.Equal(y0, net.Forward(x)); // the clone's constants are its own
        Assert.Equal(0.9 * 1.01, clone.Layers[1].Symbolic.Affine(1, 0).A, 14);

        var refined = net.Refine(8);
        Assert.True(refined.Layers[1].Symbolic.IsActive(1, 0));
        Assert.Equal(net.Layers[0].Symbolic.Affine(0, 1), refined.Layers[0].Symbolic.Affine(0, 1));

        net.RemoveSymbolic(0, 0, 1);
        Assert.False(net.Layers[0].Symbolic.IsActive(0, 1));
        Assert.Equal(1, net.Layers[0].Mask[net.Layers[0].Edge(0, 1)]);
        Assert.Equal(net.Layers.Sum(l => l.SplineParameterCount) + 8, net.ParameterCount);
    }

    [Fact]
    public void PruningKeepsFormulaEdgesOfKeptNodes()
    {
        var net = KanNetwork.Create([2, 3, 1], new KanOptions { Seed = 4 });
        // node 2 of the hidden layer is dead: its incoming and outgoing edges are masked
        foreach (int i in new[] { 0, 1 }) net.Layers[0].Mask[net.Layers[0].Edge(i, 2)] = 0;
        net.Layers[1].Mask[net.Layers[1].Edge(2, 0)] = 0;
        foreach (int i in new[] { 0, 1 }) net.Layers[0].ScaleBase[net.Layers[0].Edge(i, 0)] = 1; // node 0 clearly alive
        net.Layers[1].ScaleBase[net.Layers[1].Edge(0, 0)] = 1;
        net.FixSymbolic(0, 1, 1, Lib["sin"], new SymbolicAffine(3, 0, 1, 0));
        net.FixSymbolic(1, 1, 0, Lib["x"], new SymbolicAffine(1, 0, 2, 0));
        var x = GradientCheck.RandomInputs(new Random(2), 50, 2);
        var pruned = Pruning.Prune(net, x, nodeThreshold: 1e-2, edgeThreshold: 0).Network;
        Assert.Equal([2, 2, 1], pruned.Widths);
        Assert.Equal(2, pruned.Layers.Sum(l => l.Symbolic.ActiveCount));
        var a = net.Forward(x); var b = pruned.Forward(x);
        for (int s = 0; s < a.Length; s++) Assert.Equal(a[s], b[s], 12);
    }

    [Fact]
    public void SavedNetworksWithFormulaEdgesReloadExactlyAsVersion2()
    {
        var net = MixedNetwork(5);
        var x = GradientCheck.RandomInputs(new Random(3), 20, 2);
        using var ms = new MemoryStream();
        KanNetworkSerializer.Save(net, ms);
        Assert.Equal(2, BitConverter.ToInt32(ms.ToArray(), 6));
        ms.Position = 0;
        var back = KanNetworkSerializer.Load(ms);
        Assert.Equal(net.Forward(x), back.Forward(x));
        Assert.Equal(net.GetParameters(), back.GetParameters());

        using var plain = new MemoryStream();
        KanNetworkSerializer.Save(KanNetwork.Create([2, 1]), plain);
        Assert.Equal(1, BitConverter.ToInt32(plain.ToArray(), 6)); // no formulas: still version 1
    }

    [Fact]
    public void DerivativeJetsOfFormulaEdgesAreRefusedClearly()
    {
        var net = MixedNetwork(6);
        var ex = Assert.Throws<NotSupportedException>(() => net.ForwardJet([0.1, 0.2], 1));
        Assert.Contains("jet order 0", ex.Message);
        Assert.Throws<ArgumentException>(() => net.FixSymbolic(0, 0, 0, Lib["sin"], new SymbolicAffine(double.NaN, 0, 1, 0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.FixSymbolic(2, 0, 0, Lib["sin"], SymbolicAffine.Identity));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.FixSymbolic(0, 2, 0, Lib["sin"], SymbolicAffine.Identity));
    }
}
