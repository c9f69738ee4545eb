using Kan.Physics.Problems.References;

namespace Kan.Physics.Tests.References;

public class BurgersReferenceTests
{
    private const double Nu = BurgersReference.DefaultViscosity;

    private static readonly double[] Times = [1e-4, 0.05, 0.25, 1 / Math.PI, 0.5, 0.75, 1.0];

    [Fact]
    public void InitialCondition_IsMinusSinPiX()
    {
        for (int i = 0; i <= 20; i++)
        {
            double x = -1 + 0.1 * i;
            Assert.Equal(-Math.Sin(Math.PI * x), BurgersReference.Evaluate(x, 0), 1e-15);
        }
        // and the limit t -> 0+ of the quadrature formula joins it continuously
        for (int i = 0; i <= 20; i++)
        {
            double x = -1 + 0.1 * i;
            Assert.Equal(-Math.Sin(Math.PI * x), BurgersReference.Evaluate(x, 1e-12), 1e-9);
        }
    }

    [Fact]
    public void BoundaryValues_AreZero()
    {
        foreach (double t in Times)
        {
            Assert.Equal(0, BurgersReference.Evaluate(-1, t), 1e-12);
            Assert.Equal(0, BurgersReference.Evaluate(1, t), 1e-12);
        }
    }

    [Fact]
    public void Solution_IsOddInX()
    {
        foreach (double t in Times)
            for (int i = 0; i <= 50; i++)
            {
                double x = 0.02 * i;
                Assert.Equal(-BurgersReference.Evaluate(x, t), BurgersReference.Evaluate(-x, t), 1e-13);
            }
    }

    [Fact]
    public void CompositeGaussLegendre_AgreesWithGaussHermite()
    {
        // two different quadratures of the same Cole-Hopf integrals, the shock region at x = 0 included
        double worst = 0;
        foreach (double t in Times)
            for (int i = 0; i <= 200; i++)
            {
                double x = -1 + 0.01 * i;
                if (i % 10 == 3) x = (i - 100) * 1e-5;
                double a = BurgersReference.Evaluate(x, t);
                double b = BurgersReference.EvaluateGaussHermite(x, t, Nu, 200);
                worst = Math.Max(worst, Math.Abs(a - b));
            }
        Assert.True(worst < 1e-12, $"max difference {worst:E2}");
    }

    [Fact]
    public void PdeResidual_IsSmallAtSmoothPoints()
    {
        // fourth-order central differences of the reference; away from the shock the derivatives are moderate
        const double h = 1e-3;
        double worst = 0;
        foreach (double t in new[] { 0.1, 0.3, 0.6, 0.9 })
            foreach (double x in new[] { -0.8, -0.5, -0.3, 0.2, 0.45, 0.7, 0.9 })
            {
                double U(double xx, double tt) => BurgersReference.Evaluate(xx, tt);
                double u = U(x, t);
                double ux = (-U(x + 2 * h, t) + 8 * U(x + h, t) - 8 * U(x - h, t) + U(x - 2 * h, t)) / (12 * h);
                double uxx = (-U(x + 2 * h, t) + 16 * U(x + h, t) - 30 * u + 16 * U(x - h, t) - U(x - 2 * h, t)) / (12 * h * h);
                double ut = (-U(x, t + 2 * h) + 8 * U(x, t + h) - 8 * U(x, t - h) + U(x, t - 2 * h)) / (12 * h);
                worst = Math.Max(worst, Math.Abs(ut + u * ux - Nu * uxx));
            }
        Assert.True(worst < 1e-7, $"max residual {worst:E2}");  // measured 1.6e-9, the differencing error
    }

    [Fact]
    public void Slope_MatchesFiniteDifferences()
    {
        const double h = 1e-4;
        foreach (double t in new[] { 0, 0.2, 0.5, 1.0 })
            foreach (double x in new[] { -0.6, 0.1, 0.35, 0.8 })
            {
                double fd = (BurgersReference.Evaluate(x + h, t) - BurgersReference.Evaluate(x - h, t)) / (2 * h);
                Assert.Equal(fd, BurgersReference.EvaluateSlope(x, t), 1e-6);
            }
    }

    [Fact]
    public void SteepestSlope_MatchesBasdevant1986()
    {
        // Basdevant et al. (1986) report: max over t of |u_x(0, t)| = 152.00516, reached at t = 1.6037/pi.
        static double Steepness(double t) => -BurgersReference.EvaluateSlope(0, t);
        double lo = 0.45, hi = 0.55, ratio = (Math.Sqrt(5) - 1) / 2;
        for (int i = 0; i < 40; i++)
        {
            double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
            if (Steepness(a) > Steepness(b)) hi = b; else lo = a;
        }
        double tMax = 0.5 * (lo + hi);
        Assert.Equal(152.00516, Steepness(tMax), 5e-5);
        Assert.Equal(1.6037, tMax * Math.PI, 1e-4);
    }

    [Fact]
    public void Grid_MatchesPointwiseEvaluation()
    {
        double[] x = [-1, -0.5, -1e-3, 0, 0.3, 1];
        double[] t = [0, 0.1, 0.5, 1];
        var u = BurgersReference.EvaluateGrid(x, t);
        Assert.Equal(x.Length * t.Length, u.Length);
        for (int i = 0; i < x.Length; i++)
            for (int j = 0; j < t.Length; j++)
                Assert.Equal(BurgersReference.Evaluate(x[i], t[j]), u[i * t.Length + j], 1e-15);
    }

    [Fact]
    public void Solution_IsBoundedByInitialMaximum()
    {
        // maximum principle: |u| <= max |u(., 0)| = 1
        var x = Enumerable.Range(0, 101).Select(i => -1 + 0.02 * i).ToArray();
        var u = BurgersReference.EvaluateGrid(x, Times);
        Assert.All(u, v => Assert.InRange(v, -1.0, 1.0));
    }

    [Fact]
    public void BadArguments_Throw()
    {
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => BurgersReference.Evaluate(0, -0.1)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => BurgersReference.Evaluate(double.NaN, 0.1)).ParamName);
        Assert.Equal("nu", Assert.Throws<ArgumentOutOfRangeException>(() => BurgersReference.Evaluate(0, 0.1, 0)).ParamName);
        Assert.Equal("nodes", Assert.Throws<ArgumentOutOfRangeException>(() => BurgersReference.EvaluateGaussHermite(0, 0.1, Nu, 1)).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => BurgersReference.EvaluateGrid([double.PositiveInfinity], [0.5])).ParamName);
        Assert.Equal("t", Assert.Throws<ArgumentOutOfRangeException>(() => BurgersReference.EvaluateGrid([0.5], [-1])).ParamName);
    }
}
