using Kan.Physics.Solvers.Geometry;

namespace Kan.Physics.Tests.Geometry;

public class DomainDefinitionTests
{
    private static string? ParamOf<T>(Action action) where T : ArgumentException => Assert.Throws<T>(action).ParamName;

    [Fact]
    public void BadDefinitionsNameTheArgument()
    {
        Assert.Equal("b", ParamOf<ArgumentException>(() => new Interval(1, 1)));
        Assert.Equal("b", ParamOf<ArgumentException>(() => new Interval(2, 1)));
        Assert.Equal("a", ParamOf<ArgumentException>(() => new Interval(double.NaN, 1)));
        Assert.Equal("b", ParamOf<ArgumentException>(() => new Interval(0, double.PositiveInfinity)));
        Assert.Equal("x1", ParamOf<ArgumentException>(() => new Rectangle(1, 0, 0, 1)));
        Assert.Equal("y1", ParamOf<ArgumentException>(() => new Rectangle(0, 1, 1, 1)));
        Assert.Equal("y0", ParamOf<ArgumentException>(() => new Rectangle(0, 1, double.NaN, 1)));
        Assert.Equal("lower", ParamOf<ArgumentException>(() => new Box([], [])));
        Assert.Equal("lower", ParamOf<ArgumentNullException>(() => new Box(null!, [1])));
        Assert.Equal("upper", ParamOf<ArgumentException>(() => new Box([0, 0], [1])));
        Assert.Equal("upper", ParamOf<ArgumentException>(() => new Box([0, 1], [1, 1])));
        Assert.Equal("lower", ParamOf<ArgumentException>(() => new Box([0, double.NaN], [1, 1])));
        Assert.Equal("r", ParamOf<ArgumentOutOfRangeException>(() => new Disk(0, 0, 0)));
        Assert.Equal("r", ParamOf<ArgumentOutOfRangeException>(() => new Disk(0, 0, -1)));
        Assert.Equal("r", ParamOf<ArgumentOutOfRangeException>(() => new Disk(0, 0, double.NaN)));
        Assert.Equal("cx", ParamOf<ArgumentException>(() => new Disk(double.NaN, 0, 1)));
        Assert.Equal("cy", ParamOf<ArgumentException>(() => new Disk(0, double.NegativeInfinity, 1)));
        var square = new Rectangle(0, 1, 0, 1);
        Assert.Equal("holes", ParamOf<ArgumentException>(() => new Difference(square, new Box([0, 0, 0], [1, 1, 1]))));
        Assert.Equal("holes", ParamOf<ArgumentException>(() => new Difference(square)));
        Assert.Equal("holes", ParamOf<ArgumentException>(() => new Difference(square, new Disk(0, 0, 1), null!)));
        Assert.Equal("outer", ParamOf<ArgumentNullException>(() => new Difference(null!, new Disk(0, 0, 1))));
        Assert.Equal("t1", ParamOf<ArgumentException>(() => new TimeDomain(square, 1, 0)));
        Assert.Equal("t1", ParamOf<ArgumentException>(() => new TimeDomain(square, 1, 1)));
        Assert.Equal("t0", ParamOf<ArgumentException>(() => new TimeDomain(square, double.NaN, 1)));
        Assert.Equal("space", ParamOf<ArgumentNullException>(() => new TimeDomain(null!, 0, 1)));
    }

    [Fact]
    public void BadCallsNameTheArgument()
    {
        var square = new Rectangle(0, 1, 0, 1);
        Assert.Equal("count", ParamOf<ArgumentOutOfRangeException>(() => square.SampleInterior(0, PointDistribution.UniformRandom, 0)));
        Assert.Equal("count", ParamOf<ArgumentOutOfRangeException>(() => square.SampleBoundary("top", -3, PointDistribution.UniformRandom, 0)));
        Assert.Equal("distribution", ParamOf<ArgumentOutOfRangeException>(() => square.SampleBoundary(5, (PointDistribution)42, 0)));
        var big = new Box(new double[22], Enumerable.Repeat(1.0, 22).ToArray());
        Assert.Equal("distribution", ParamOf<ArgumentOutOfRangeException>(() => big.SampleInterior(5, PointDistribution.Sobol, 0)));
        Assert.Equal(5 * 22, big.SampleBoundary(5, PointDistribution.Sobol, 0).Length);
        Assert.Equal("point", ParamOf<ArgumentException>(() => square.Contains([0.5])));
        Assert.Equal("point", ParamOf<ArgumentException>(() => square.BoundaryPartOf([0.5, 0.5, 0.5])));
        Assert.Equal("tolerance", ParamOf<ArgumentOutOfRangeException>(() => square.OnBoundary([0, 0.5], -1)));
        Assert.Equal("boundaryPoint", ParamOf<ArgumentException>(() => square.Normal([0.5, 0.5])));
        Assert.Equal("boundaryPoints", ParamOf<ArgumentException>(() => square.BoundaryNormals([0, 0.5, 1])));
        Assert.Equal("boundaryPoints", ParamOf<ArgumentException>(() => square.BoundaryNormals([0, 0.5, 0.5, 0.5])));
        Assert.Equal("part", ParamOf<ArgumentNullException>(() => square.SampleBoundary(null!, 3, PointDistribution.UniformRandom, 0)));
        Assert.Equal("point", ParamOf<ArgumentException>(() => new TimeDomain(square, 0, 1).OnInitial([0.5, 0.5])));
    }

    [Fact]
    public void BoundaryPartNamesFollowTheConventions()
    {
        Assert.Equal(["left", "right"], new Interval(0, 1).BoundaryParts);
        Assert.Equal(["left", "right", "bottom", "top"], new Rectangle(0, 1, 0, 1).BoundaryParts);
        Assert.Equal(["x-", "x+"], new Box([0], [1]).BoundaryParts);
        Assert.Equal(["x-", "x+", "y-", "y+", "z-", "z+"], new Box([0, 0, 0], [1, 1, 1]).BoundaryParts);
        Assert.Equal(["x0-", "x0+", "x1-", "x1+", "x2-", "x2+", "x3-", "x3+"], new Box(new double[4], [1, 1, 1, 1]).BoundaryParts);
        Assert.Equal(["circle"], new Disk(0, 0, 1).BoundaryParts);
        var square = new Rectangle(0, 1, 0, 1);
        Assert.Equal(["left", "right", "bottom", "top", "hole:circle"], new Difference(square, new Disk(0.5, 0.5, 0.2)).BoundaryParts);
        Assert.Equal(["left", "right", "bottom", "top", "hole:1:circle", "hole:2:circle"], DomainCatalog.SquareMinusTwoDisks().BoundaryParts);
        Assert.Equal(["left", "right", "bottom", "top", "hole:left", "hole:right", "hole:bottom", "hole:top"],
            new Difference(square, new Rectangle(0.2, 0.4, 0.2, 0.4)).BoundaryParts);
        Assert.Equal(["left", "right"], new TimeDomain(new Interval(0, 1), 0, 1).BoundaryParts);
        // Nesting that would repeat a name is refused rather than producing ambiguous parts.
        var nested = new Difference(square, new Disk(0.2, 0.2, 0.1));
        Assert.Equal("holes", ParamOf<ArgumentException>(() => new Difference(nested, new Disk(0.7, 0.7, 0.1))));
    }

    [Fact]
    public void CornersTakeThePartAndNormalOfTheFirstListedFace()
    {
        var rect = new Rectangle(0, 2, -1, 1);
        Assert.Equal("left", rect.BoundaryPartOf([0, -1]));
        Assert.Equal([-1.0, 0], rect.Normal([0, -1]));
        Assert.Equal("left", rect.BoundaryPartOf([0, 1]));
        Assert.Equal("right", rect.BoundaryPartOf([2, 1]));
        Assert.Equal([1.0, 0], rect.Normal([2, 1]));
        Assert.Equal("bottom", rect.BoundaryPartOf([1, -1]));
        Assert.Equal([0, -1.0], rect.Normal([1, -1]));
        Assert.Equal("top", rect.BoundaryPartOf([1, 1]));
        var box = new Box([0, 0, 0], [1, 1, 1]);
        Assert.Equal("x+", box.BoundaryPartOf([1, 0, 1]));
        Assert.Equal([1.0, 0, 0], box.Normal([1, 0, 1]));
        Assert.Equal("y-", box.BoundaryPartOf([0.5, 0, 1]));
        Assert.Null(box.BoundaryPartOf([0.5, 0.5, 0.5]));
        Assert.Null(box.BoundaryPartOf([1.5, 0, 0]));
    }

    [Fact]
    public void LocationUsesTheTolerance()
    {
        var box = new Box([0, 0], [1, 1]);
        Assert.Equal(PointLocation.Inside, box.Locate([0.5, 0.5]));
        Assert.Equal(PointLocation.Boundary, box.Locate([1 + 1e-12, 0.5]));
        Assert.Equal(PointLocation.Outside, box.Locate([1 + 1e-8, 0.5]));
        Assert.True(box.OnBoundary([1 + 1e-8, 0.5], tolerance: 1e-6));
        Assert.Equal(PointLocation.Inside, box.Locate([1 - 1e-8, 0.5]));
        Assert.False(box.Contains([double.NaN, 0.5]));
        var disk = new Disk(1, 1, 2);
        Assert.True(disk.OnBoundary([3, 1]));
        Assert.Equal("circle", disk.BoundaryPartOf([1, -1]));
        Assert.Equal([0, -1.0], disk.Normal([1, -1]));
        Assert.False(disk.Contains([2.5, 2.5]));
        Assert.True(disk.Contains([2.4, 2.4]));
    }

    [Fact]
    public void DifferenceBoundaryExcludesOuterBoundaryInsideHolesAndHoleBoundaryOutsideOuter()
    {
        var bitten = new Difference(new Rectangle(0, 2, 0, 1), new Disk(2, 0.5, 0.3));
        Assert.Equal(PointLocation.Outside, bitten.Locate([2, 0.5]));
        Assert.Null(bitten.BoundaryPartOf([2, 0.5]));
        Assert.Equal("right", bitten.BoundaryPartOf([2, 0.9]));
        Assert.Equal(PointLocation.Outside, bitten.Locate([2.3, 0.5]));
        Assert.Equal("hole:circle", bitten.BoundaryPartOf([1.7, 0.5]));
        Assert.Equal([1.0, 0], bitten.Normal([1.7, 0.5]));
        // Where the circle meets the right side the outer part wins.
        Assert.Equal("right", bitten.BoundaryPartOf([2, 0.8]));
        Assert.Equal(PointLocation.Inside, bitten.Locate([1, 0.5]));
        var (lower, upper) = bitten.BoundingBox;
        Assert.Equal([0.0, 0], lower);
        Assert.Equal([2.0, 1], upper);
    }

    [Fact]
    public void BoundingBoxesAreTightAndCopied()
    {
        var disk = new Disk(1, -2, 0.5);
        var (lower, upper) = disk.BoundingBox;
        Assert.Equal([0.5, -2.5], lower);
        Assert.Equal([1.5, -1.5], upper);
        lower[0] = 100;
        Assert.Equal(0.5, disk.BoundingBox.Lower[0]);
        var time = new TimeDomain(disk, 2, 5);
        Assert.Equal(3, time.Dimension);
        Assert.Equal([0.5, -2.5, 2], time.BoundingBox.Lower);
        Assert.Equal([1.5, -1.5, 5], time.BoundingBox.Upper);
    }
}
