using Kan.Physics.Networks;

namespace Kan.Physics.Tests.Networks;

/// <summary>Helpers for central finite-difference checks.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Checks the first and second derivatives of an order-2 jet of one output against central differences (step 1e-5)
    /// of order-1 jets, at the first <paramref name="rows"/> of the N x <paramref name="dimension"/> points
    /// <paramref name="x"/>; <paramref name="evaluate"/> gives the jet of a point set at an order.
    /// </summary>
    public static void AssertJetMatchesFiniteDifferences(Func<double[], int, Kan.Physics.Jets.JetBlock> evaluate, double[] x, int dimension, int rows, double hessianAbsTol)
    {
        var u2 = evaluate(x, 2);
        const double h = 1e-5;
        for (int s = 0; s < rows; s++)
            for (int a = 0; a < dimension; a++)
            {
                var xp = (double[])x.Clone(); xp[dimension * s + a] += h;
                var xm = (double[])x.Clone(); xm[dimension * s + a] -= h;
                var up = evaluate(xp, 1); var um = evaluate(xm, 1);
                AssertClose((up.Value(s, 0) - um.Value(s, 0)) / (2 * h), u2.Gradient(s, 0, a), 1e-6, 1e-8, "du");
                for (int b = 0; b < dimension; b++)
                    AssertClose((up.Gradient(s, 0, b) - um.Gradient(s, 0, b)) / (2 * h), u2.Hessian(s, 0, a, b), 1e-5, hessianAbsTol, "d2u");
            }
    }

    /// <summary>
    /// Checks a network's order-2 jet at the n points <paramref name="x"/> (n x inputs), every output: the value against
    /// <see cref="KanNetwork.Forward"/>, the gradient against central differences (step 1e-6) of the forward pass and, if
    /// given, against the order-1 jet <paramref name="order1"/>, and the Hessian against central differences of order-1 jets.
    /// </summary>
    public static void AssertNetworkJetMatchesFiniteDifferences(KanNetwork net, double[] x, Kan.Physics.Jets.JetBlock? order1 = null)
    {
        int d = net.InputDimension, m = net.OutputDimension, n = x.Length / d;
        var jet2 = net.ForwardJet(x, 2);
        var y = net.Forward(x);
        const double h = 1e-6;
        for (int s = 0; s < n; s++)
            for (int j = 0; j < m; j++)
            {
                AssertClose(y[s * m + j], jet2.Value(s, j), 1e-13, 1e-14, "jet value");
                for (int a = 0; a < d; a++)
                {
                    var xp = (double[])x.Clone(); xp[s * d + a] += h;
                    var xm = (double[])x.Clone(); xm[s * d + a] -= h;
                    double fd = (net.Forward(xp)[s * m + j] - net.Forward(xm)[s * m + j]) / (2 * h);
                    AssertClose(fd, jet2.Gradient(s, j, a), 1e-6, 1e-7, $"dy{j}/dx{a} sample {s}");
                    if (order1 != null) AssertClose(order1.Gradient(s, j, a), jet2.Gradient(s, j, a), 1e-13, 1e-14, "order-1 vs order-2 jet");
                    var jp = net.ForwardJet(xp, 1); var jm = net.ForwardJet(xm, 1);
                    for (int b = 0; b < d; b++)
                        AssertClose((jp.Gradient(s, j, b) - jm.Gradient(s, j, b)) / (2 * h), jet2.Hessian(s, j, a, b), 1e-5, 1e-6, $"d2y{j}/dx{a}dx{b} sample {s}");
                }
            }
    }

    public static double[] RandomInputs(Random rng, int n, int d, double lo = -1.2, double hi = 1.2)
        => Enumerable.Range(0, n * d).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();

    /// <summary>Random network with randomised scales, coefficients and one masked edge, so every parameter matters.</summary>
    public static KanNetwork RandomNetwork(Random rng, int[] widths, int g, int k)
    {
        var net = KanNetwork.Create(widths, new KanOptions { GridSize = g, Order = k, Seed = rng.Next(), NoiseScale = 3.0 * g });
        foreach (var layer in net.Layers)
        {
            for (int e = 0; e < layer.EdgeCount; e++) layer.ScaleSpline[e] = 0.5 + rng.NextDouble();
            if (layer.EdgeCount > 1) layer.Mask[rng.Next(layer.EdgeCount)] = 0;
        }
        return net;
    }

    public static void AssertClose(double expected, double actual, double relTol, double absTol, string what)
    {
        double err = Math.Abs(expected - actual);
        Assert.True(err <= absTol + relTol * Math.Abs(expected), $"{what}: analytic {actual}, finite difference {expected}, |diff| {err}");
    }

    /// <summary>
    /// Checks every <paramref name="stride"/>-th entry of <paramref name="gradient"/> against the central difference
    /// (h = 1e-6) of <paramref name="f"/> with respect to the network's parameters.
    /// </summary>
    public static void AssertParameterGradient(KanNetwork net, Func<double> f, double[] gradient, double relTol, double absTol, string what, int stride = 1)
    {
        var theta = net.GetParameters();
        const double h = 1e-6;
        for (int p = 0; p < theta.Length; p += stride)
        {
            double keep = theta[p];
            theta[p] = keep + h; net.SetParameters(theta); double fp = f();
            theta[p] = keep - h; net.SetParameters(theta); double fm = f();
            theta[p] = keep; net.SetParameters(theta);
            AssertClose((fp - fm) / (2 * h), gradient[p], relTol, absTol, $"{what}, parameter {p}");
        }
    }
}
