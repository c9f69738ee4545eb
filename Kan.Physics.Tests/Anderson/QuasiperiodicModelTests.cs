using Kan.Physics.Problems.Anderson;

namespace Kan.Physics.Tests.Anderson;

public class QuasiperiodicModelTests
{
    private static void AssertSymmetric(double[] h, int n)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                Assert.Equal(h[i * n + j], h[j * n + i]);
    }

    [Fact]
    public void FibonacciApproximant_NumeratorAndPhases()
    {
        Assert.Equal(377, FibonacciApproximant.Numerator(233));
        Assert.Equal(610, FibonacciApproximant.Numerator(377));
        Assert.Equal(987, FibonacciApproximant.Numerator(610));
        Assert.Equal(1597, FibonacciApproximant.Numerator(987));
        Assert.Equal(13, FibonacciApproximant.Numerator(8));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => FibonacciApproximant.Numerator(200));
        Assert.Equal("n", e.ParamName);
        Assert.Equal(200, e.ActualValue);
        // theta_j = 2 pi (F_{k+1}/N) j + phi, reduced mod 2 pi; and N-periodic: theta_{j+N} = theta_j
        var theta = FibonacciApproximant.Phases(233, 0.4);
        for (int j = 0; j < 233; j += 17)
        {
            Assert.Equal(Math.Cos(2 * Math.PI * 377.0 / 233 * j + 0.4), Math.Cos(theta[j]), 1e-10);
            Assert.Equal(Math.Cos(2 * Math.PI * 377.0 / 233 * (j + 233) + 0.4), Math.Cos(theta[j]), 1e-10);
        }
        // the approximant is close to the golden ratio for the first sites
        double golden = (1 + Math.Sqrt(5)) / 2;
        for (int j = 0; j < 5; j++) Assert.Equal(Math.Cos(2 * Math.PI * golden * j + 0.4), Math.Cos(theta[j]), 1e-3);
    }

    [Fact]
    public void Mosaic_TinyChain_HasPotentialOnEveryKappaThSiteAndPeriodicHops()
    {
        const int n = 8;
        double lambda = 1.7, phi = 0.3;
        var h = new MosaicModel(2).Hamiltonian(n, lambda, 2, phi);
        AssertSymmetric(h, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = i == j
                    ? (i % 2 == 0 ? lambda * Math.Cos(2 * Math.PI * 13.0 / 8 * i + phi) : 0)
                    : (Math.Abs(i - j) == 1 || Math.Abs(i - j) == n - 1 ? 1 : 0);
                Assert.Equal(expected, h[i * n + j], 1e-12);
            }
        var k3 = new MosaicModel(3).Hamiltonian(n, lambda, 3, phi);
        Assert.Equal(0, k3[1 * n + 1]);
        Assert.Equal(0, k3[2 * n + 2]);
        Assert.Equal(lambda * Math.Cos(2 * Math.PI * 13.0 / 8 * 3 + phi), k3[3 * n + 3], 1e-12);
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => new MosaicModel(2).Hamiltonian(n, lambda, 2.5, phi));
        Assert.Equal("parameter", bad.ParamName);
    }

    [Fact]
    public void Gaam_TinyChain_HasRationalPotential()
    {
        const int n = 5;
        double lambda = 0.8, alpha = -0.6, phi = 1.1;
        var h = new GeneralizedAubryAndreModel().Hamiltonian(n, lambda, alpha, phi);
        AssertSymmetric(h, n);
        for (int i = 0; i < n; i++)
        {
            double c = Math.Cos(2 * Math.PI * 8.0 / 5 * i + phi);
            Assert.Equal(2 * lambda * c / (1 - alpha * c), h[i * n + i], 1e-12);
            Assert.Equal(1, h[i * n + (i + 1) % n]);
            Assert.Equal(0, h[i * n + (i + 2) % n]);
        }
        var bad = Assert.Throws<ArgumentOutOfRangeException>(() => new GeneralizedAubryAndreModel().Hamiltonian(n, lambda, 1.0, phi));
        Assert.Equal("parameter", bad.ParamName);
        Assert.Equal(1.0, bad.ActualValue);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.3)]
    public void Maam_TinyChain_HoppingSumsAllPeriodicImages(double p)
    {
        const int n = 8;
        double lambda = 2.2, phi = 0.9;
        var h = new ModifiedAubryAndreModel().Hamiltonian(n, lambda, p, phi);
        AssertSymmetric(h, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                // brute force: t e^{-p|d|} with t = e^p, over every image j + mN of the infinite chain
                double hop = 0;
                for (int m = -200; m <= 200; m++)
                {
                    int d = Math.Abs(i - j + m * n);
                    if (d != 0) hop += Math.Exp(p) * Math.Exp(-p * d);
                }
                double expected = hop + (i == j ? lambda * Math.Cos(2 * Math.PI * 13.0 / 8 * i + phi) : 0);
                Assert.Equal(expected, h[i * n + j], 1e-12);
            }
    }

    [Fact]
    public void MosaicCoefficient_IsChebyshevOfTheSecondKind()
    {
        foreach (double e in new[] { -3.1, -0.4, 0.0, 1.7, 2.6 })
        {
            Assert.Equal(1, MosaicModel.A(1, e));
            Assert.Equal(e, MosaicModel.A(2, e), 1e-14);
            Assert.Equal(e * e - 1, MosaicModel.A(3, e), 1e-13);
            Assert.Equal(e * e * e - 2 * e, MosaicModel.A(4, e), 1e-12);
        }
        // closed form outside the band, |E| > 2
        foreach (double e in new[] { -3.1, 2.6, 4.0 })
        {
            double s = Math.Sqrt(e * e - 4);
            for (int k = 1; k <= 6; k++)
                Assert.Equal((Math.Pow(e + s, k) - Math.Pow(e - s, k)) / (Math.Pow(2, k) * s), MosaicModel.A(k, e), 1e-9 * Math.Pow(Math.Abs(e), k));
        }
    }

    [Fact]
    public void TheoryFormulas_HaveTheDocumentedEdgesAndSides()
    {
        var k2 = new MosaicModel(2).OrderParameter;
        Assert.Equal(0, k2(2 / 1.6, 1.6, 2), 1e-14);        // edge |E| = 2/lambda
        Assert.True(k2(0.5, 1.6, 2) < 0 && k2(-1.5, 1.6, 2) > 0);
        Assert.Equal(0, new MosaicModel(3).OrderParameter(Math.Sqrt(1 + 2 / 2.5), 2.5, 3), 1e-14); // |E^2 - 1| = 2/lambda
        var gaam = new GeneralizedAubryAndreModel().OrderParameter;
        Assert.Equal(0, gaam(2 * (1 - 0.7) / 0.4, 0.7, 0.4), 1e-14); // alpha E = 2 (1 - lambda)
        Assert.True(gaam(0, 1.2, 0.5) > 0 && gaam(0, 0.8, 0.5) < 0); // alpha E = 0: the Aubry-Andre point lambda = 1
        var maam = new ModifiedAubryAndreModel().OrderParameter;
        Assert.Equal(0, maam(1.5 * Math.Cosh(0.8) - Math.Exp(0.8), 1.5, 0.8), 1e-14);
        Assert.True(maam(-5, 1.5, 0.8) > 0 && maam(3, 1.5, 0.8) < 0); // localised below the edge
        foreach (var m in QuasiperiodicModel.All)
        {
            Assert.Contains("g > 0", m.TheoryFormula);
            Assert.Same(m, QuasiperiodicModel.Find(m.Name));
        }
    }
}
