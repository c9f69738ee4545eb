using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Splines;
using Kan.Physics.Tests.Networks;
using Kan.Physics.Jets;

namespace Kan.Physics.Tests.Pdes;

public class ResidualLossTests
{
    private sealed class Poisson2D(Func<double, double, double> source) : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + p.U.Dyy - source(p.X, p.Y);
    }

    /// <summary>u_xy = c: exercises the mixed second derivative.</summary>
    private sealed class MixedConstant(double c) : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxy - c;
    }

    /// <summary>Heat equation u_t = u_xx in one space dimension plus time.</summary>
    private sealed class Heat() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - p.U.Dxx;
    }

    /// <summary>A nonlinear residual with every kind of term: u_t + u u_x - 0.1 u_xx + sin(u) u_xt^2 - x t.</summary>
    private sealed class Nonlinear() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            var u = p.U;
            return u.Dt + u.Value * u.Dx - 0.1 * u.Dxx + T.Sin(u.Value) * u.Dxt * u.Dxt - p.X * p.Time;
        }
    }

    /// <summary>A two-field system: u_x = v, v_x = -u (so u = sin, v = cos solves it).</summary>
    private sealed class Oscillator() : Pde(1, fields: 2, equations: 2, order: 1)
    {
        public override void Residuals<T>(PdePoint<T> p, Span<T> r)
        {
            r[0] = p.Field(0).Dx - p.Field(1).Value;
            r[1] = p.Field(1).Dx + p.Field(0).Value;
        }
    }

    /// <summary>A network that computes exactly sum_i g_i(x_i) then h(.) on its hidden node: splines of degree 3 hold polynomials up to cubic exactly.</summary>
    private static KanNetwork ExactNetwork(Func<double, double>[] inner, Func<double, double> outer, double hiddenMin, double hiddenMax)
    {
        var l0 = new KanLayer(inner.Length, 1, 4, 3);
        var l1 = new KanLayer(1, 1, 4, 3, hiddenMin, hiddenMax);
        var xs = Enumerable.Range(0, 50).Select(t => -1 + 2 * t / 49.0).ToArray();
        for (int i = 0; i < inner.Length; i++)
            SplineFit.Fit(l0.Basis(i), xs, xs.Select(inner[i]).ToArray(), 1).CopyTo(l0.EdgeCoefficients(i, 0));
        var hs = Enumerable.Range(0, 50).Select(t => hiddenMin + (hiddenMax - hiddenMin) * t / 49.0).ToArray();
        SplineFit.Fit(l1.Basis(0), hs, hs.Select(outer).ToArray(), 1).CopyTo(l1.EdgeCoefficients(0, 0));
        return new KanNetwork([l0, l1]);
    }

    private static double Loss(KanNetwork net, IResidualFunction r, double[] x, int dim, int spatial, int fields = 1)
        => net.Evaluate(x, new ResidualLoss(r, x, null, dim, spatial, fields), default).Loss;

    [Fact]
    public void ExactSolutionsHaveZeroResidualThroughTheJetPipeline()
    {
        var x = GradientCheck.RandomInputs(new Random(1), 200, 2, -1, 1);
        // u = x^2 + y^2: u_xx + u_yy = 4
        var quad = ExactNetwork([v => v * v, v => v * v], h => h, 0, 2);
        double lq = Loss(quad, new Poisson2D((_, _) => 4), x, 2, 2);
        Assert.True(lq < 1e-20, $"{lq:E2}");
        Assert.True(Loss(quad, new Poisson2D((_, _) => 3.9), x, 2, 2) > 1e-3); // the check can fail
        // u = (x + y)^2: u_xy = 2 through the hidden node
        var mixed = ExactNetwork([v => v, v => v], h => h * h, -2, 2);
        double lm = Loss(mixed, new MixedConstant(2), x, 2, 2);
        Assert.True(lm < 1e-20, $"{lm:E2}");
        // u = x^2 + 2t: u_t = u_xx = 2 (time is the last coordinate)
        var heat = ExactNetwork([v => v * v, v => 2 * v], h => h, -3, 3);
        double lh = Loss(heat, new Heat(), x, 2, 1);
        Assert.True(lh < 1e-20, $"{lh:E2}");
    }

    [Fact]
    public void PdeLossGradientMatchesFiniteDifferences()
    {
        var rng = new Random(2);
        var net = GradientCheck.RandomNetwork(rng, [2, 3, 1], 5, 3);
        var x = GradientCheck.RandomInputs(rng, 40, 2, -1, 1);
        var loss = new ResidualLoss(new Nonlinear(), x, null, 2, 1, 1, weight: 0.7);
        var grad = new double[net.ParameterCount];
        var inGrad = new double[x.Length];
        double value = net.Evaluate(x, loss, grad, inGrad).Loss;
        Assert.True(value > 0);
        GradientCheck.AssertParameterGradient(net, () => net.Evaluate(x, loss, default).Loss, grad, 1e-5, 1e-8, "loss");
    }

    [Fact]
    public void PointWeightedLossIsTheWeightedMeanAndItsGradientMatchesFiniteDifferences()
    {
        // the network and points of the unweighted check above (no hidden value sits on a knot), plus random weights
        var rng = new Random(2);
        var net = GradientCheck.RandomNetwork(rng, [2, 3, 1], 5, 3);
        var x = GradientCheck.RandomInputs(rng, 40, 2, -1, 1);
        var weights = Enumerable.Range(0, 40).Select(_ => 3 * rng.NextDouble()).ToArray();
        var loss = new ResidualLoss(new Nonlinear(), x, null, 2, 1, 1, weight: 0.7) { PointWeights = weights };
        // the weighted loss is 0.7 * mean(w_i r_i^2), with r_i^2 from the unweighted per-point residuals
        double[] sq = loss.PointwiseSquaredResiduals(net.ForwardJet(x, 2));
        double expected = 0.7 * sq.Select((r, i) => weights[i] * r).Sum() / 40;
        var grad = new double[net.ParameterCount];
        double value = net.Evaluate(x, loss, grad).Loss;
        Assert.Equal(expected, value, 1e-12 * expected);
        GradientCheck.AssertParameterGradient(net, () => net.Evaluate(x, loss, default).Loss, grad, 1e-5, 1e-8, "weighted loss");
        Assert.Throws<ArgumentException>(() => loss.PointWeights = new double[39]);
    }

    [Fact]
    public void SystemsOfEquationsWithSeveralFieldsGetExactGradients()
    {
        var rng = new Random(3);
        var net = GradientCheck.RandomNetwork(rng, [1, 3, 2], 5, 3);
        var x = GradientCheck.RandomInputs(rng, 30, 1, -1, 1);
        var loss = new ResidualLoss(new Oscillator(), x, null, 1, 1, 2);
        var grad = new double[net.ParameterCount];
        net.Evaluate(x, loss, grad);
        GradientCheck.AssertParameterGradient(net, () => net.Evaluate(x, loss, default).Loss, grad, 1e-5, 1e-8, "loss", stride: 2);
    }

    /// <summary>Every operation of <see cref="IPdeNumber{T}"/> on a 2-D jet of order 2 (six components).</summary>
    private sealed class Everything() : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            var u = p.U;
            var a = u.Value * u.Dx - u.Dy / (2.0 + u.Value * u.Value) + T.Sin(u.Dxy) * T.Cos(u.Dxx) + T.Tan(0.3 * u.Dyy);
            var b = T.Exp(-u.Value) + T.Log(1.5 + T.Tanh(u.Dx)) + T.Sqrt(2.0 + u.Dy * u.Dy) + T.Abs(u.Dxx - 0.1) + T.Pow(1.2 + u.Value * u.Value, 1.5);
            var c = T.Pow(u.Dx - 3.0, 3) + T.Pow(u.Dy + 4.0, -2) - (1.0 - u.Value) + (2.0 - u.Dyy) * 0.5 - 1.0 / (3.0 + u.Dx * u.Dx);
            return a + b - c + (-u.Dxy) / 4.0 + p.X * p.Y;
        }
    }

    [Fact]
    public void VectorDualsMatchMultiDuals()
    {
        var rng = new Random(12);
        foreach (IResidualFunction pde in new IResidualFunction[] { new Everything(), new Nonlinear(), new Oscillator() })
        {
            var p = (Pde)pde;
            int d = p.Dimension, n = 50;
            var x = GradientCheck.RandomInputs(rng, n, d, -1, 1);
            var jet = new JetBlock(n, p.Fields, d, p.Order);
            for (int t = 0; t < jet.Values.Length; t++) jet.Values[t] = rng.NextDouble() - 0.5;
            for (int t = 0; t < jet.First.Length; t++) jet.First[t] = rng.NextDouble() - 0.5;
            for (int t = 0; t < jet.Second.Length; t++) jet.Second[t] = rng.NextDouble() - 0.5;
            var weights = Enumerable.Range(0, n).Select(_ => rng.NextDouble()).ToArray();
            (double Loss, JetBlock Adjoint) Run(bool vector)
            {
                var loss = new ResidualLoss(pde, x, null, d, p.SpatialDimension, p.Fields, 0.7) { PointWeights = weights, UseVectorDuals = vector };
                var adjoint = new JetBlock(n, p.Fields, d, p.Order);
                return (loss.Accumulate(0, jet, adjoint), adjoint);
            }
            var (l0, a0) = Run(false);
            var (l1, a1) = Run(true);
            Assert.Equal(l0, l1, 1e-12 * Math.Abs(l0));
            foreach (var (e, v) in new[] { (a0.Values.ToArray(), a1.Values.ToArray()), (a0.First.ToArray(), a1.First.ToArray()), (a0.Second.ToArray(), a1.Second.ToArray()) })
                for (int t = 0; t < e.Length; t++) GradientCheck.AssertClose(e[t], v[t], 1e-12, 1e-15, $"{pde.GetType().Name} adjoint {t}");
        }
    }

    [Fact]
    public void DualNumbersDifferentiateEveryFunction()
    {
        foreach (var (name, f, df) in new (string, Func<Dual, Dual>, Func<double, double>)[]
        {
            ("sin", Dual.Sin, Math.Cos), ("cos", Dual.Cos, v => -Math.Sin(v)), ("tan", Dual.Tan, v => 1 / (Math.Cos(v) * Math.Cos(v))),
            ("exp", Dual.Exp, Math.Exp), ("log", Dual.Log, v => 1 / v), ("sqrt", Dual.Sqrt, v => 0.5 / Math.Sqrt(v)),
            ("tanh", Dual.Tanh, v => 1 - Math.Tanh(v) * Math.Tanh(v)), ("pow2.5", v => Dual.Pow(v, 2.5), v => 2.5 * Math.Pow(v, 1.5)),
            ("pow-3", v => Dual.Pow(v, -3), v => -3 * Math.Pow(v, -4)), ("div", v => 2.0 / (v * v + 1), v => -4 * v / Math.Pow(v * v + 1, 2)),
        })
        {
            double x = 0.7;
            Assert.True(Math.Abs(f(new Dual(x, 1)).Derivative - df(x)) < 1e-12, name);
        }
    }

    [Fact]
    public void ANaNResidualNamesThePoint()
    {
        var net = KanNetwork.Create([2, 1]);
        var x = new double[] { 0.5, 0.25, -0.5, 0.1 };
        var bad = new Poisson2D((px, _) => px < 0 ? Math.Log(px) : 0);
        var e = Assert.Throws<InvalidOperationException>(() => Loss(net, bad, x, 2, 2));
        Assert.Contains("-0.5", e.Message);
        Assert.Contains("NaN", e.Message);
    }

    [Fact]
    public void DefinitionsAreChecked()
    {
        Assert.Equal("spatialDimension", Assert.Throws<ArgumentOutOfRangeException>(() => new Heat2(4)).ParamName);
        var net = KanNetwork.Create([2, 1]);
        var x = new double[] { 0.5, 0.25 };
        // a 1-D PDE asked for Dy
        var e = Assert.Throws<InvalidOperationException>(() => Loss(net, new WrongAxis(), x, 2, 1));
        Assert.Contains("Dy", e.Message);
        Assert.Equal("points", Assert.Throws<ArgumentException>(() => new ResidualLoss(new Heat(), [1.0, 2.0, 3.0], null, 2, 1, 1)).ParamName);
    }

    private sealed class Heat2(int d) : Pde(d);
    private sealed class WrongAxis() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dy;
    }
}
