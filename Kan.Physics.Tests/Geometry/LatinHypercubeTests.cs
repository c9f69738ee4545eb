using Kan.Physics.Solvers.Geometry;

namespace Kan.Physics.Tests.Geometry;

public class LatinHypercubeTests
{
    private static void AssertOnePerStratum(IEnumerable<double> unitValues, int count)
        => Assert.Equal(Enumerable.Range(0, count), unitValues.Select(u => (int)Math.Floor(u * count)).OrderBy(s => s));

    [Fact]
    public void EachAxisHasExactlyOnePointPerStratum()
    {
        const int n = 50, d = 3;
        double[] p = LatinHypercube.Points(n, d, seed: 4);
        Assert.Equal(n * d, p.Length);
        for (int j = 0; j < d; j++) AssertOnePerStratum(Enumerable.Range(0, n).Select(r => p[r * d + j]), n);
        Assert.All(p, u => Assert.True(u > 0 && u < 1));
    }

    [Fact]
    public void BoxInteriorSamplesAreALatinHypercube()
    {
        double[] lower = [-1, 0, 2], upper = [1, 3, 5];
        var box = new Box(lower, upper);
        const int n = 40;
        double[] p = box.SampleInterior(n, PointDistribution.LatinHypercube, seed: 9);
        Assert.Equal(n * 3, p.Length);
        for (int j = 0; j < 3; j++)
            AssertOnePerStratum(Enumerable.Range(0, n).Select(r => (p[r * 3 + j] - lower[j]) / (upper[j] - lower[j])), n);
    }

    [Fact]
    public void RectangleBoundarySamplesHaveOnePointPerStratumOfArcLength()
    {
        var rect = new Rectangle(0, 2, 0, 1);
        const int n = 60;
        double[] p = rect.SampleBoundary(n, PointDistribution.LatinHypercube, seed: 2);
        // Arc length in the order the sides are listed: left, right, bottom, top (each side traversed upward/rightward).
        var s = Enumerable.Range(0, n).Select(r => ArcLength(rect, p[2 * r], p[2 * r + 1]) / 6.0);
        AssertOnePerStratum(s, n);
    }

    private static double ArcLength(Rectangle rect, double x, double y) => rect.BoundaryPartOf([x, y]) switch
    {
        "left" => y,
        "right" => 1 + y,
        "bottom" => 2 + x,
        "top" => 4 + x,
        _ => throw new InvalidOperationException("not on the boundary"),
    };

    [Fact]
    public void SameSeedSamePointsDifferentSeedDifferentPoints()
    {
        Assert.Equal(LatinHypercube.Points(20, 2, 1), LatinHypercube.Points(20, 2, 1));
        Assert.NotEqual(LatinHypercube.Points(20, 2, 1), LatinHypercube.Points(20, 2, 2));
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => LatinHypercube.Points(-1, 2, 0)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => LatinHypercube.Points(3, 0, 0)).ParamName);
    }
}
