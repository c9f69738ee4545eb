using Kan.Physics.Solvers.Geometry;

namespace Kan.Physics.Tests.Geometry;

/// <summary>
/// A difference whose hole shares edges with the outer boundary: only parts that keep boundary are listed, every listed
/// part can be sampled, and whole-boundary points fall on each part in proportion to the length it keeps.
/// </summary>
public class TrimmedBoundaryTests
{
    /// <summary>[0,2]^2 minus the corner square [1,2]^2.</summary>
    private static Difference LShape() => new(new Rectangle(0, 2, 0, 2), new Rectangle(1, 2, 1, 2));

    /// <summary>The length each part of the L-shape keeps: 8 in all.</summary>
    private static readonly Dictionary<string, double> Lengths = new()
    {
        ["left"] = 2, ["right"] = 1, ["bottom"] = 2, ["top"] = 1, ["hole:left"] = 1, ["hole:bottom"] = 1,
    };

    [Fact]
    public void OnlyPartsWithBoundaryAreListed()
    {
        Assert.Equal(["left", "right", "bottom", "top", "hole:left", "hole:bottom"], LShape().BoundaryParts);
        var e = Assert.Throws<ArgumentException>(() => LShape().SampleBoundary("hole:right", 10, PointDistribution.Sobol, 0));
        Assert.Contains("Unknown boundary part 'hole:right'", e.Message);
    }

    [Fact]
    public void EdgesTheHoleSharesWithTheOuterBoundaryAreNotBoundary()
    {
        var l = LShape();
        Assert.Equal(PointLocation.Outside, l.Locate([2, 1.5]));
        Assert.Equal(PointLocation.Outside, l.Locate([1.5, 2]));
        Assert.Null(l.BoundaryPartOf([2, 1.5]));
        Assert.Equal("right", l.BoundaryPartOf([2, 0.5]));
        Assert.Equal("top", l.BoundaryPartOf([0.5, 2]));
        Assert.Equal("hole:left", l.BoundaryPartOf([1, 1.5]));
        Assert.Equal([1.0, 0], l.Normal([1, 1.5]));
        Assert.Equal("hole:bottom", l.BoundaryPartOf([1.5, 1]));
        Assert.Equal([0, 1.0], l.Normal([1.5, 1]));
        // the corner where the cut meets the square is still boundary; the re-entrant corner too
        Assert.Equal(PointLocation.Boundary, l.Locate([1, 2]));
        Assert.Equal(PointLocation.Boundary, l.Locate([1, 1]));
        Assert.Equal(PointLocation.Inside, l.Locate([0.5, 1.5]));
    }

    [Theory]
    [InlineData(PointDistribution.UniformRandom)]
    [InlineData(PointDistribution.LatinHypercube)]
    [InlineData(PointDistribution.Sobol)]
    [InlineData(PointDistribution.UniformMesh)]
    public void EveryListedPartSamplesPointsOnItself(PointDistribution distribution)
    {
        var l = LShape();
        foreach (string part in l.BoundaryParts)
        {
            double[] points = l.SampleBoundary(part, 40, distribution, seed: 3);
            DomainSamplingTests.AssertBoundaryPointsWithOutwardNormals(l, points, part);
            for (int r = 0; r < points.Length / 2; r++)
                Assert.Equal(part, l.BoundaryPartOf(points.AsSpan(r * 2, 2)));
        }
    }

    [Theory]
    [InlineData(PointDistribution.UniformRandom)]
    [InlineData(PointDistribution.LatinHypercube)]
    [InlineData(PointDistribution.Sobol)]
    [InlineData(PointDistribution.UniformMesh)]
    public void WholeBoundaryPointsFollowTheLengthEachPartKeeps(PointDistribution distribution)
    {
        var l = LShape();
        double[] points = l.SampleBoundary(8000, distribution, seed: 5);
        int n = points.Length / 2;
        var counts = Lengths.Keys.ToDictionary(k => k, _ => 0);
        for (int r = 0; r < n; r++)
        {
            string? part = l.BoundaryPartOf(points.AsSpan(r * 2, 2));
            Assert.NotNull(part);
            counts[part]++;
        }
        foreach (var (part, length) in Lengths)
        {
            double share = counts[part] / (double)n, expected = length / 8;
            Assert.True(Math.Abs(share - expected) < 0.01, $"{distribution}: part {part} has {share:F4} of the points, its length share is {expected:F4}");
        }
    }

    [Theory]
    [InlineData(PointDistribution.UniformRandom)]
    [InlineData(PointDistribution.Sobol)]
    [InlineData(PointDistribution.UniformMesh)]
    public void ACurvedTrimKeepsPointsInProportionToLength(PointDistribution distribution)
    {
        // a disk of radius 0.3 bites the right side of [0,2]x[0,1]: the side keeps 0.4, the circle its inner half
        var bitten = new Difference(new Rectangle(0, 2, 0, 1), new Disk(2, 0.5, 0.3));
        var lengths = new Dictionary<string, double> { ["left"] = 1, ["right"] = 0.4, ["bottom"] = 2, ["top"] = 2, ["hole:circle"] = 0.3 * Math.PI };
        double total = lengths.Values.Sum();
        double[] points = bitten.SampleBoundary(10000, distribution, seed: 2);
        int n = points.Length / 2;
        var counts = lengths.Keys.ToDictionary(k => k, _ => 0);
        for (int r = 0; r < n; r++) counts[bitten.BoundaryPartOf(points.AsSpan(r * 2, 2))!]++;
        foreach (var (part, length) in lengths)
            Assert.True(Math.Abs(counts[part] / (double)n - length / total) < 0.01,
                $"{distribution}: part {part} has {counts[part] / (double)n:F4} of the points, its length share is {length / total:F4}");
    }

    [Fact]
    public void AHoleOutsideTheOuterDomainSharingAnEdgeRemovesNothing()
    {
        // the hole touches the square's right side from outside: that side stays boundary, owned by the square
        var d = new Difference(new Rectangle(0, 1, 0, 1), new Rectangle(1, 2, 0, 1));
        Assert.Equal(["left", "right", "bottom", "top"], d.BoundaryParts);
        Assert.Equal(PointLocation.Boundary, d.Locate([1, 0.5]));
        Assert.Equal([1.0, 0], d.Normal([1, 0.5]));
    }

    [Fact]
    public void ACubeMinusACornerListsTheFacesThatKeepArea()
    {
        var c = new Difference(new Box([0, 0, 0], [1, 1, 1]), new Box([0.5, 0.5, 0.5], [1, 1, 1]));
        // the corner box's three faces on the cube's faces are gone; its three inner faces remain
        Assert.Equal(9, c.BoundaryParts.Count);
        Assert.All(c.BoundaryParts.Where(p => p.StartsWith("hole:")), p =>
            DomainSamplingTests.AssertBoundaryPointsWithOutwardNormals(c, c.SampleBoundary(p, 30, PointDistribution.Sobol, 1), p));
    }
}
