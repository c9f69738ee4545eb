using Kan.Physics.Networks;

namespace Kan.Physics.Tests.Networks;

/// <summary>Helpers for central finite-difference checks.</summary>
internal static class GradientCheck
{
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
