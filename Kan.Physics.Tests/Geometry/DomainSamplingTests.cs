using Kan.Physics.Solvers.Geometry;

namespace Kan.Physics.Tests.Geometry;

public class DomainSamplingTests
{
    private const double Eps = 1e-6;

    private static Domain Make(string name) => DomainCatalog.Domains[name]();

    public static IEnumerable<object[]> Cases() => DomainCatalog.DomainsAndDistributions();

    public static IEnumerable<object[]> Names() => DomainCatalog.Names();

    /// <summary>On the boundary, in the closed domain, unit outward normal: a small step along it leaves, a step against it stays.</summary>
    internal static void AssertBoundaryPointsWithOutwardNormals(Domain domain, double[] points, string? part = null)
    {
        int d = domain.Dimension;
        Assert.True(points.Length > 0);
        Assert.Equal(0, points.Length % d);
        double[] normals = domain.BoundaryNormals(points);
        var step = new double[d];
        for (int r = 0; r < points.Length / d; r++)
        {
            var p = points.AsSpan(r * d, d);
            var n = normals.AsSpan(r * d, d);
            string at = $"row {r} ({string.Join(", ", p.ToArray())})";
            Assert.True(domain.OnBoundary(p), $"{at} is not on the boundary");
            Assert.True(domain.Contains(p), $"{at} is not in the closed domain");
            Assert.NotNull(domain.BoundaryPartOf(p));
            if (part is not null) Assert.Equal(part, domain.BoundaryPartOf(p));
            Assert.Equal(domain.Normal(p), n.ToArray());
            double norm = 0;
            foreach (double c in n) norm += c * c;
            Assert.True(Math.Abs(Math.Sqrt(norm) - 1) < 1e-12, $"{at}: |n| = {Math.Sqrt(norm)}");
            for (int i = 0; i < d; i++) step[i] = p[i] + Eps * n[i];
            Assert.False(domain.Contains(step), $"{at}: p + eps n is still in the domain");
            for (int i = 0; i < d; i++) step[i] = p[i] - Eps * n[i];
            Assert.True(domain.Contains(step), $"{at}: p - eps n is outside the domain");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BoundarySamplesLieOnTheBoundaryWithOutwardUnitNormals(string name, PointDistribution distribution)
    {
        var domain = Make(name);
        double[] points = domain.SampleBoundary(120, distribution, seed: 5);
        if (distribution != PointDistribution.UniformMesh) Assert.Equal(120 * domain.Dimension, points.Length);
        AssertBoundaryPointsWithOutwardNormals(domain, points);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryBoundaryPartCanBeSampledOnItsOwn(string name, PointDistribution distribution)
    {
        var domain = Make(name);
        foreach (string part in domain.BoundaryParts)
        {
            double[] points = domain.SampleBoundary(part, 30, distribution, seed: 8);
            if (distribution != PointDistribution.UniformMesh) Assert.Equal(30 * domain.Dimension, points.Length);
            AssertBoundaryPointsWithOutwardNormals(domain, points, part);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void InteriorSamplesAreInsideAndOffTheBoundary(string name, PointDistribution distribution)
    {
        var domain = Make(name);
        int d = domain.Dimension;
        double[] points = domain.SampleInterior(150, distribution, seed: 11);
        if (distribution != PointDistribution.UniformMesh) Assert.Equal(150 * d, points.Length);
        else Assert.True(points.Length > 0);
        for (int r = 0; r < points.Length / d; r++)
        {
            var p = points.AsSpan(r * d, d);
            Assert.True(domain.Contains(p), $"row {r} is outside");
            Assert.False(domain.OnBoundary(p), $"row {r} is on the boundary");
            Assert.Equal(PointLocation.Inside, domain.Locate(p));
            Assert.Null(domain.BoundaryPartOf(p));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SameSeedGivesSamePointsAndDifferentSeedDifferentPoints(string name, PointDistribution distribution)
    {
        var domain = Make(name);
        Assert.Equal(domain.SampleInterior(64, distribution, 1), domain.SampleInterior(64, distribution, 1));
        Assert.Equal(domain.SampleBoundary(64, distribution, 1), domain.SampleBoundary(64, distribution, 1));
        if (distribution == PointDistribution.UniformMesh)
        {
            Assert.Equal(domain.SampleInterior(64, distribution, 1), domain.SampleInterior(64, distribution, 2));
            return;
        }
        Assert.NotEqual(domain.SampleInterior(64, distribution, 1), domain.SampleInterior(64, distribution, 2));
        // An interval's boundary is two points, so only the order of the ends can change there.
        if (domain.Dimension > 1)
            Assert.NotEqual(domain.SampleBoundary(64, distribution, 1), domain.SampleBoundary(64, distribution, 2));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void UnknownBoundaryPartListsTheValidNames(string name)
    {
        var domain = Make(name);
        var e = Assert.Throws<ArgumentException>(() => domain.SampleBoundary("nowhere", 10, PointDistribution.UniformRandom, 0));
        Assert.Equal("part", e.ParamName);
        Assert.Contains("nowhere", e.Message);
        foreach (string part in domain.BoundaryParts) Assert.Contains($"'{part}'", e.Message);
    }

    [Fact]
    public void TrimmedBoundaryIsSampledInProportionToArcLength()
    {
        // Rectangle [0,2]x[0,1] with a disk of radius 0.3 biting the right side: the right side loses 0.6 of its length
        // and the half circle inside the rectangle, of length 0.3 pi, becomes boundary.
        var domain = DomainCatalog.Domains["rectangle-bitten-by-disk"]();
        double[] p = domain.SampleBoundary(4000, PointDistribution.UniformRandom, seed: 1);
        var parts = Enumerable.Range(0, 4000).Select(r => domain.BoundaryPartOf(p.AsSpan(2 * r, 2))).ToArray();
        double arc = 0.3 * Math.PI, total = 6 - 0.6 + arc;
        Assert.InRange(parts.Count(s => s == "hole:circle") / 4000.0, arc / total - 0.03, arc / total + 0.03);
        Assert.InRange(parts.Count(s => s == "right") / 4000.0, 0.4 / total - 0.02, 0.4 / total + 0.02);
        for (int r = 0; r < 4000; r++)
            if (parts[r] == "right") Assert.True(Math.Abs(p[2 * r + 1] - 0.5) >= 0.3 - 1e-9);
    }

    [Fact]
    public void DiskInteriorSamplesAreUniformInArea()
    {
        var disk = new Disk(1, 2, 0.5);
        foreach (var distribution in new[] { PointDistribution.UniformRandom, PointDistribution.LatinHypercube, PointDistribution.Sobol })
        {
            double[] p = disk.SampleInterior(4000, distribution, seed: 3);
            int inner = Enumerable.Range(0, 4000).Count(r => Math.Pow(p[2 * r] - 1, 2) + Math.Pow(p[2 * r + 1] - 2, 2) < 0.0625);
            Assert.InRange(inner / 4000.0, 0.22, 0.28);
        }
    }

    [Theory]
    [InlineData(PointDistribution.UniformMesh)]
    [InlineData(PointDistribution.UniformRandom)]
    [InlineData(PointDistribution.LatinHypercube)]
    [InlineData(PointDistribution.Sobol)]
    public void DifferenceWithEmptyInteriorFailsClearlyWhenSampling(PointDistribution distribution)
    {
        var empty = new Difference(new Rectangle(0, 1, 0, 1), new Disk(0.5, 0.5, 1));
        var e = Assert.Throws<InvalidOperationException>(() => empty.SampleInterior(10, distribution, 0));
        Assert.Contains("empty", e.Message);
        Assert.Throws<InvalidOperationException>(() => empty.SampleBoundary(10, distribution, 0));
    }

    [Fact]
    public void TimeDomainInitialSamplesSitAtT0InsideTheSpatialDomain()
    {
        var space = DomainCatalog.SquareMinusTwoDisks();
        var domain = new TimeDomain(space, -1, 1);
        foreach (var distribution in Enum.GetValues<PointDistribution>())
        {
            double[] p = domain.SampleInitial(100, distribution, seed: 2);
            if (distribution != PointDistribution.UniformMesh) Assert.Equal(300, p.Length);
            for (int r = 0; r < p.Length / 3; r++)
            {
                var point = p.AsSpan(3 * r, 3);
                Assert.Equal(-1, point[2]);
                Assert.True(domain.OnInitial(point));
                Assert.True(domain.Contains(point));
                Assert.False(domain.OnBoundary(point));
                Assert.Equal(PointLocation.Inside, space.Locate(point[..2]));
            }
        }
    }

    [Fact]
    public void TimeDomainLateralBoundaryCoversTheTimeRangeWithSpatialNormals()
    {
        var domain = new TimeDomain(new Disk(0, 0, 1), 0, 3);
        double[] p = domain.SampleBoundary(500, PointDistribution.Sobol, seed: 4);
        double[] n = domain.BoundaryNormals(p);
        var times = Enumerable.Range(0, 500).Select(r => p[3 * r + 2]).ToArray();
        Assert.True(times.Min() < 0.1 && times.Max() > 2.9);
        for (int r = 0; r < 500; r++)
        {
            Assert.Equal(0, n[3 * r + 2]);
            Assert.Equal(p[3 * r], n[3 * r], 12);
            Assert.Equal(p[3 * r + 1], n[3 * r + 1], 12);
        }
        // the spatial normals, as conditions take them, are the same without the time column
        double[] spatial = domain.SpatialNormals(p);
        Assert.Equal(1000, spatial.Length);
        for (int r = 0; r < 500; r++) Assert.Equal([n[3 * r], n[3 * r + 1]], spatial[(2 * r)..(2 * r + 2)]);
        Assert.False(domain.OnInitial([0.2, 0.1, 0.5]));
        Assert.True(domain.OnInitial([0.2, 0.1, 0]));
        Assert.Equal(PointLocation.Outside, domain.Locate([0.2, 0.1, 3.01]));
        Assert.Equal(PointLocation.Inside, domain.Locate([0.2, 0.1, 0]));
    }
}
