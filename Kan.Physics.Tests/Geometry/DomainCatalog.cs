using Kan.Physics.Solvers.Geometry;

namespace Kan.Physics.Tests.Geometry;

/// <summary>Domains every sampling contract is checked on, by name so xunit can show and enumerate the cases.</summary>
internal static class DomainCatalog
{
    public static readonly IReadOnlyDictionary<string, Func<Domain>> Domains = new Dictionary<string, Func<Domain>>
    {
        ["interval"] = () => new Interval(-1, 2),
        ["rectangle"] = () => new Rectangle(0, 2, -1, 1),
        ["box3"] = () => new Box([0, 0, 0], [1, 2, 0.5]),
        ["box4"] = () => new Box([-1, -1, -1, -1], [1, 1, 1, 1]),
        ["disk"] = () => new Disk(0.5, -0.5, 0.75),
        ["square-minus-two-disks"] = SquareMinusTwoDisks,
        ["rectangle-bitten-by-disk"] = () => new Difference(new Rectangle(0, 2, 0, 1), new Disk(2, 0.5, 0.3)),
        ["l-shape"] = () => new Difference(new Rectangle(0, 2, 0, 2), new Rectangle(1, 2, 1, 2)),
        ["cube-minus-corner"] = () => new Difference(new Box([0, 0, 0], [1, 1, 1]), new Box([0.5, 0.5, 0.5], [1, 1, 1])),
        ["cube-minus-cube"] = () => new Difference(new Box([0, 0, 0], [1, 1, 1]), new Box([0.25, 0.25, 0.25], [0.75, 0.75, 0.75])),
        ["interval-x-time"] = () => new TimeDomain(new Interval(0, 1), 0, 2),
        ["holed-square-x-time"] = () => new TimeDomain(SquareMinusTwoDisks(), -1, 1),
    };

    public static Difference SquareMinusTwoDisks()
        => new(new Rectangle(0, 1, 0, 1), new Disk(0.3, 0.3, 0.15), new Disk(0.7, 0.65, 0.2));

    public static IEnumerable<object[]> DomainsAndDistributions()
        => from name in Domains.Keys from distribution in Enum.GetValues<PointDistribution>() select new object[] { name, distribution };

    public static IEnumerable<object[]> Names() => Domains.Keys.Select(name => new object[] { name });
}
