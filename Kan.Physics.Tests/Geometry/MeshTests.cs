using Kan.Physics.Solvers.Geometry;

namespace Kan.Physics.Tests.Geometry;

public class MeshTests
{
    [Fact]
    public void ExplicitMeshIncludingTheBoundaryIsRowMajorWithTheFirstAxisSlowest()
    {
        double[] p = Box.Mesh([0, 0], [1, 2], [3, 2], includeBoundary: true);
        Assert.Equal([0, 0, 0, 2, 0.5, 0, 0.5, 2, 1, 0, 1, 2], p);
    }

    [Fact]
    public void ExplicitMeshExcludingTheBoundaryUsesTheInteriorNodes()
    {
        Assert.Equal([0.25, 0.5, 0.75], Box.Mesh([0], [1], [3], includeBoundary: false));
        double[] p = Box.Mesh([-1, 0, 0], [1, 1, 3], [4, 1, 2], includeBoundary: false);
        Assert.Equal(8 * 3, p.Length);
        Assert.Equal([-0.6, 0.5, 1], p[..3], new ToleranceComparer(1e-15));
        Assert.Equal([0.6, 0.5, 2], p[^3..], new ToleranceComparer(1e-15));
    }

    [Fact]
    public void ExplicitMeshRejectsBadArguments()
    {
        Assert.Equal("pointsPerAxis", Assert.Throws<ArgumentOutOfRangeException>(() => Box.Mesh([0], [1], [1], true)).ParamName);
        Assert.Equal("pointsPerAxis", Assert.Throws<ArgumentOutOfRangeException>(() => Box.Mesh([0], [1], [0], false)).ParamName);
        Assert.Equal("pointsPerAxis", Assert.Throws<ArgumentException>(() => Box.Mesh([0], [1], [2, 2], false)).ParamName);
        Assert.Equal("upper", Assert.Throws<ArgumentException>(() => Box.Mesh([0, 0], [1, 0], [2, 2], false)).ParamName);
        Assert.Equal("lower", Assert.Throws<ArgumentException>(() => Box.Mesh([], [], [], false)).ParamName);
    }

    [Fact]
    public void UnitSquareMeshOf2601PointsIs51By51InteriorNodes()
    {
        double[] p = new Rectangle(0, 1, 0, 1).SampleInterior(2601, PointDistribution.UniformMesh, 0);
        Assert.Equal(2601 * 2, p.Length);
        var xs = Enumerable.Range(0, 2601).Select(r => p[2 * r]).Distinct().Order().ToArray();
        Assert.Equal(51, xs.Length);
        for (int i = 0; i < 51; i++) Assert.Equal((i + 1) / 52.0, xs[i], 15);
        Assert.Equal(Box.Mesh([0, 0], [1, 1], [51, 51], false), p);
    }

    [Theory]
    [InlineData(7, new[] { 7 })] // interval [0,1]: 7 points at k/8
    [InlineData(1000, new[] { 10, 10, 10 })] // unit cube
    [InlineData(200, new[] { 20, 10 })] // [0,2]x[0,1]: spacing sqrt(2/200) = 0.1
    [InlineData(150, new[] { 3, 3, 3, 3 })] // [-1,1]^4: round(150^(1/4)) = round(3.4996) = 3, so 81 points
    [InlineData(160, new[] { 4, 4, 4, 4 })] // round(160^(1/4)) = round(3.556) = 4, so 256 points
    public void InteriorMeshCountFollowsEqualSpacing(int count, int[] perAxis)
    {
        Domain domain = perAxis.Length switch
        {
            1 => new Interval(0, 1),
            2 => new Rectangle(0, 2, 0, 1),
            3 => new Box([0, 0, 0], [1, 1, 1]),
            _ => new Box([-1, -1, -1, -1], [1, 1, 1, 1]),
        };
        var (lower, upper) = domain.BoundingBox;
        Assert.Equal(Box.Mesh(lower, upper, perAxis, false), domain.SampleInterior(count, PointDistribution.UniformMesh, 0));
    }

    [Fact]
    public void RectangleBoundaryMeshIsEvenlySpacedAroundThePerimeterAndAvoidsCorners()
    {
        var square = new Rectangle(0, 1, 0, 1);
        double[] p = square.SampleBoundary(100, PointDistribution.UniformMesh, 0);
        Assert.Equal(200, p.Length);
        var s = Enumerable.Range(0, 100).Select(r => Perimeter(square, p[2 * r], p[2 * r + 1])).Order().ToArray();
        for (int i = 0; i < 100; i++)
            Assert.Equal(0.04, (i + 1 < 100 ? s[i + 1] : s[0] + 4) - s[i], 12);
        foreach (string part in square.BoundaryParts)
            Assert.Equal(25, Enumerable.Range(0, 100).Count(r => square.BoundaryPartOf(p.AsSpan(2 * r, 2)) == part));
    }

    /// <summary>Counter-clockwise arc length from (0, 0).</summary>
    private static double Perimeter(Rectangle square, double x, double y) => square.BoundaryPartOf([x, y]) switch
    {
        "bottom" => x,
        "right" => 1 + y,
        "top" => 3 - x,
        "left" => 4 - y,
        _ => throw new InvalidOperationException(),
    };

    [Fact]
    public void PartMeshSplitsTheCountInProportionToLength()
    {
        var rect = new Rectangle(0, 2, 0, 1);
        double[] p = rect.SampleBoundary(100, PointDistribution.UniformMesh, 0);
        Assert.Equal(200, p.Length);
        var counts = rect.BoundaryParts.Select(part => Enumerable.Range(0, 100).Count(r => rect.BoundaryPartOf(p.AsSpan(2 * r, 2)) == part)).ToArray();
        Assert.Equal([17, 17, 33, 33], counts);
        Assert.Equal(36 * 2, rect.SampleBoundary("top", 36, PointDistribution.UniformMesh, 0).Length);
    }

    [Fact]
    public void DiskBoundaryMeshHasTheExactCountAtEqualAngles()
    {
        var disk = new Disk(0, 0, 2);
        double[] p = disk.SampleBoundary(64, PointDistribution.UniformMesh, 0);
        Assert.Equal(128, p.Length);
        var angles = Enumerable.Range(0, 64).Select(r => Math.Atan2(p[2 * r + 1], p[2 * r])).Order().ToArray();
        for (int i = 0; i + 1 < 64; i++) Assert.Equal(2 * Math.PI / 64, angles[i + 1] - angles[i], 12);
    }

    [Fact]
    public void CubeFaceMeshesHaveEqualSpacing()
    {
        var cube = new Box([0, 0, 0], [1, 1, 1]);
        double[] p = cube.SampleBoundary(600, PointDistribution.UniformMesh, 0);
        Assert.Equal(600 * 3, p.Length);
        double[] top = cube.SampleBoundary("z+", 100, PointDistribution.UniformMesh, 0);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (i + 0.5) / 10), Enumerable.Range(0, 100).Select(r => top[3 * r]).Distinct().Order(), new ToleranceComparer(1e-12));
    }

    [Fact]
    public void NonBoxMeshesHoldAboutTheRequestedCount()
    {
        int disk = new Disk(0, 0, 1).SampleInterior(1000, PointDistribution.UniformMesh, 0).Length / 2;
        Assert.InRange(disk, 900, 1100);
        var holed = DomainCatalog.SquareMinusTwoDisks();
        Assert.InRange(holed.SampleInterior(1000, PointDistribution.UniformMesh, 0).Length / 2, 900, 1100);
        Assert.InRange(holed.SampleBoundary(300, PointDistribution.UniformMesh, 0).Length / 2, 285, 315);
        Assert.InRange(holed.SampleBoundary("hole:2:circle", 50, PointDistribution.UniformMesh, 0).Length / 2, 50, 50);
        var bitten = DomainCatalog.Domains["rectangle-bitten-by-disk"]();
        Assert.InRange(bitten.SampleBoundary("right", 40, PointDistribution.UniformMesh, 0).Length / 2, 36, 44);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
