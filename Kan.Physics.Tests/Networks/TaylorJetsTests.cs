using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Splines;

namespace Kan.Physics.Tests.Networks;

/// <summary>Higher-order input derivatives by Taylor propagation, against the order-2 jets and finite differences.</summary>
public class TaylorJetsTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Basis_taylor_coefficients_match_the_derivatives_inside_and_outside_the_grid(int k)
    {
        var basis = BSplineBasis.Uniform(-1, 1.5, 7, k);
        Span<double> v = stackalloc double[k + 1], d1 = stackalloc double[k + 1], d2 = stackalloc double[k + 1], d3 = stackalloc double[k + 1];
        var t = new double[6 * (k + 1)];
        foreach (double x in new[] { -2.3, -1.0, -0.41, 0.0, 0.77, 1.5, 3.1 })
        {
            int first = basis.Evaluate(x, 3, v, d1, d2, d3);
            Assert.Equal(first, basis.TaylorCoefficients(x, 5, t));
            for (int r = 0; r <= k; r++)
            {
                Assert.Equal(v[r], t[r], 12);
                Assert.Equal(d1[r], t[(k + 1) + r], 10);
                Assert.Equal(d2[r] / 2, t[2 * (k + 1) + r], 9);
                Assert.Equal(d3[r] / 6, t[3 * (k + 1) + r], 8);
            }
        }
        // a fourth derivative exists only for k >= 4; order 5 and above vanish for k = 3 and 5 inside pieces
        Assert.All(t.Skip(5 * (k + 1)).Take(k + 1), c => Assert.Equal(0.0, c, 12 - k));
    }

    [Fact]
    public void Silu_taylor_coefficients_match_the_closed_derivatives_and_stay_finite()
    {
        var c = new double[6];
        foreach (double x in new[] { -30.0, -3.2, -0.5, 0.0, 0.7, 4.0, 25.0 })
        {
            Silu.TaylorCoefficients(x, c);
            Silu.Evaluate(x, 3, out double s0, out double s1, out double s2, out double s3);
            Assert.Equal(s0, c[0], 13);
            Assert.Equal(s1, c[1], 12);
            Assert.Equal(s2 / 2, c[2], 12);
            Assert.Equal(s3 / 6, c[3], 11);
            // the fourth derivative against a central difference of the closed third one
            const double h = 1e-4;
            Silu.Evaluate(x + h, 3, out _, out _, out _, out double p3);
            Silu.Evaluate(x - h, 3, out _, out _, out _, out double m3);
            GradientCheck.AssertClose((p3 - m3) / (2 * h), 24 * c[4], 1e-6, 1e-9, $"silu'''' at {x}");
        }
        foreach (double x in new[] { -800.0, 800.0 })
        {
            Silu.TaylorCoefficients(x, c);
            Assert.All(c, v => Assert.True(double.IsFinite(v)));
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public void Orders_up_to_two_match_the_existing_jets(int k)
    {
        var rng = new Random(11);
        var net = GradientCheck.RandomNetwork(rng, [3, 4, 3, 2], 6, k);
        var x = GradientCheck.RandomInputs(rng, 40, 3);
        var jet = net.ForwardJet(x, 2);
        int[][] wanted = [[0, 0, 0], [1, 0, 0], [0, 0, 1], [2, 0, 0], [0, 2, 0], [1, 1, 0], [0, 1, 1], [1, 0, 1]];
        var p = TaylorJets.Partials(net, x, wanted);
        for (int s = 0; s < 40; s++)
            for (int j = 0; j < 2; j++)
            {
                double At(int w) => p[(s * wanted.Length + w) * 2 + j];
                double tol(double v) => 1e-10 * (1 + Math.Abs(v));
                Assert.True(Math.Abs(At(0) - jet.Value(s, j)) <= tol(jet.Value(s, j)));
                Assert.True(Math.Abs(At(1) - jet.Gradient(s, j, 0)) <= tol(jet.Gradient(s, j, 0)));
                Assert.True(Math.Abs(At(2) - jet.Gradient(s, j, 2)) <= tol(jet.Gradient(s, j, 2)));
                Assert.True(Math.Abs(At(3) - jet.Hessian(s, j, 0, 0)) <= tol(jet.Hessian(s, j, 0, 0)));
                Assert.True(Math.Abs(At(4) - jet.Hessian(s, j, 1, 1)) <= tol(jet.Hessian(s, j, 1, 1)));
                Assert.True(Math.Abs(At(5) - jet.Hessian(s, j, 0, 1)) <= 1e-9 * (1 + Math.Abs(jet.Hessian(s, j, 0, 1))));
                Assert.True(Math.Abs(At(6) - jet.Hessian(s, j, 1, 2)) <= 1e-9 * (1 + Math.Abs(jet.Hessian(s, j, 1, 2))));
                Assert.True(Math.Abs(At(7) - jet.Hessian(s, j, 0, 2)) <= 1e-9 * (1 + Math.Abs(jet.Hessian(s, j, 0, 2))));
            }
    }

    [Fact]
    public void Third_and_fourth_derivatives_match_finite_differences_of_the_second()
    {
        // quintic splines: the network is C^4, so five-point differences of its second derivative give its 3rd and 4th
        var rng = new Random(5);
        var net = GradientCheck.RandomNetwork(rng, [2, 3, 2], 5, 5);
        const int n = 12;
        var x = GradientCheck.RandomInputs(rng, n, 2);
        var p = TaylorJets.Partials(net, x, [[3, 0], [4, 0], [0, 3], [0, 4]]);
        const double h = 1e-3;
        for (int a = 0; a < 2; a++)
        {
            var jets = new[] { -2, -1, 0, 1, 2 }.Select(m =>
            {
                var xs = (double[])x.Clone();
                for (int s = 0; s < n; s++) xs[2 * s + a] += m * h;
                return net.ForwardJet(xs, 2);
            }).ToArray();
            for (int s = 0; s < n; s++)
                for (int o = 0; o < 2; o++)
                {
                    double H(int m) => jets[m + 2].Hessian(s, o, a, a);
                    double third = (-H(2) + 8 * H(1) - 8 * H(-1) + H(-2)) / (12 * h);
                    double fourth = (-H(2) + 16 * H(1) - 30 * H(0) + 16 * H(-1) - H(-2)) / (12 * h * h);
                    GradientCheck.AssertClose(third, p[(s * 4 + 2 * a) * 2 + o], 1e-5, 1e-6 * (1 + Math.Abs(third)), $"d3/dz{a}^3 at sample {s}, output {o}");
                    GradientCheck.AssertClose(fourth, p[(s * 4 + 2 * a + 1) * 2 + o], 1e-4, 1e-4 * (1 + Math.Abs(fourth)), $"d4/dz{a}^4 at sample {s}, output {o}");
                }
        }
    }

    [Fact]
    public void Directional_derivatives_match_the_jets_and_finite_differences_along_the_direction()
    {
        var rng = new Random(8);
        var net = GradientCheck.RandomNetwork(rng, [2, 4, 1], 4, 5);
        const int n = 10;
        var x = GradientCheck.RandomInputs(rng, n, 2);
        double[] dir = [0.6, -0.8];
        var t = TaylorJets.Directional(net, x, dir, 3);
        var jet = net.ForwardJet(x, 2);
        const double h = 1e-3;
        double[] Shift(double by) => x.Select((v, i) => v + by * dir[i % 2]).ToArray();
        var shifted = new[] { -2, -1, 1, 2 }.Select(m => net.ForwardJet(Shift(m * h), 2)).ToArray();
        double Curvature(Kan.Physics.Jets.JetBlock j, int s)
            => dir[0] * dir[0] * j.Hessian(s, 0, 0, 0) + 2 * dir[0] * dir[1] * j.Hessian(s, 0, 0, 1) + dir[1] * dir[1] * j.Hessian(s, 0, 1, 1);
        for (int s = 0; s < n; s++)
        {
            GradientCheck.AssertClose(dir[0] * jet.Gradient(s, 0, 0) + dir[1] * jet.Gradient(s, 0, 1), t[s * 4 + 1], 1e-10, 1e-10, "first directional derivative");
            GradientCheck.AssertClose(Curvature(jet, s), t[s * 4 + 2], 1e-9, 1e-9, "second directional derivative");
            double d3 = (-Curvature(shifted[3], s) + 8 * Curvature(shifted[2], s) - 8 * Curvature(shifted[1], s) + Curvature(shifted[0], s)) / (12 * h);
            GradientCheck.AssertClose(d3, t[s * 4 + 3], 1e-5, 1e-6 * (1 + Math.Abs(d3)), "third directional derivative");
        }
    }

    [Theory]
    [InlineData("2,[1,1],1", 2)]
    [InlineData("2,[2,1],[1,1]", 2)]
    [InlineData("2,[1,1],1", 3)]
    public void Multiplication_nodes_match_the_existing_jets_and_finite_differences(string widths, int arity)
    {
        var rng = new Random(21);
        var net = KanNetwork.Create(NodeWidth.ParseList(widths), new KanOptions { GridSize = 5, Order = 5, Seed = 4, NoiseScale = 10, MultiplicationArity = arity });
        foreach (var layer in net.Layers)
            for (int e = 0; e < layer.EdgeCount; e++) layer.ScaleBase[e] = rng.NextDouble() - 0.5;
        const int n = 8;
        var x = GradientCheck.RandomInputs(rng, n, 2);
        int m = net.OutputDimension;
        var p = TaylorJets.Partials(net, x, [[0, 0], [1, 0], [1, 1], [0, 2], [3, 0]]);
        var jet = net.ForwardJet(x, 2);
        const double h = 1e-3;
        var shifted = new[] { -2, -1, 1, 2 }.Select(k =>
        {
            var xs = (double[])x.Clone();
            for (int s = 0; s < n; s++) xs[2 * s] += k * h;
            return net.ForwardJet(xs, 2);
        }).ToArray();
        for (int s = 0; s < n; s++)
            for (int j = 0; j < m; j++)
            {
                double At(int w) => p[(s * 5 + w) * m + j];
                GradientCheck.AssertClose(jet.Value(s, j), At(0), 1e-10, 1e-10, "value");
                GradientCheck.AssertClose(jet.Gradient(s, j, 0), At(1), 1e-10, 1e-10, "u_x");
                GradientCheck.AssertClose(jet.Hessian(s, j, 0, 1), At(2), 1e-9, 1e-9, "u_xy");
                GradientCheck.AssertClose(jet.Hessian(s, j, 1, 1), At(3), 1e-9, 1e-9, "u_yy");
                double third = (-shifted[3].Hessian(s, j, 0, 0) + 8 * shifted[2].Hessian(s, j, 0, 0) - 8 * shifted[1].Hessian(s, j, 0, 0) + shifted[0].Hessian(s, j, 0, 0)) / (12 * h);
                GradientCheck.AssertClose(third, At(4), 1e-5, 1e-6 * (1 + Math.Abs(third)), "u_xxx");
            }
    }

    [Fact]
    public void Rejects_unsupported_requests_with_a_clear_message()
    {
        var net = KanNetwork.Create([2, 2, 1]);
        var x = new double[] { 0.1, 0.2 };
        Assert.Throws<NotSupportedException>(() => TaylorJets.Partials(net, x, [[2, 1]]));
        Assert.Throws<ArgumentException>(() => TaylorJets.Partials(net, x, [[1, 0, 0]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaylorJets.Directional(net, x, [1, 0], 9));
    }
}
