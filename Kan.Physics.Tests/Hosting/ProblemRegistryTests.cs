using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Tests.Hosting;

/// <summary>The registry: case-sensitive lookup, duplicates rejected, unknown names answered with the valid ones.</summary>
public sealed class ProblemRegistryTests
{
    [Fact]
    public void Get_FindsByExactName_AndAllIsSortedByName()
    {
        var b = new FakeProblem("burgers");
        var p = new FakeProblem("poisson2d");
        var a = new FakeProblem("allen_cahn");
        var registry = new ProblemRegistry([p, b]).Add(a);

        Assert.Same(p, registry.Get("poisson2d"));
        Assert.Equal(["allen_cahn", "burgers", "poisson2d"], registry.All.Select(x => x.Name));
        Assert.Equal(["allen_cahn", "burgers", "poisson2d"], registry.Names);
        Assert.Equal(3, registry.Count);
        Assert.False(registry.Contains("Poisson2d"));
    }

    [Fact]
    public void Get_UnknownName_ListsValidNames()
    {
        var registry = new ProblemRegistry([new FakeProblem("poisson2d"), new FakeProblem("burgers")]);
        var ex = Assert.Throws<UnknownProblemException>(() => registry.Get("Poisson2d"));
        Assert.Equal("Unknown problem 'Poisson2d'; valid problems: burgers, poisson2d.", ex.Message);
        Assert.Equal("Poisson2d", ex.Name);
        Assert.Equal(["burgers", "poisson2d"], ex.ValidNames);
        Assert.IsAssignableFrom<ArgumentException>(ex);
    }

    [Fact]
    public void Add_RejectsDuplicateAndBlankNames()
    {
        var registry = new ProblemRegistry().Add(new FakeProblem("poisson2d"));
        var duplicate = Assert.Throws<ArgumentException>(() => registry.Add(new FakeProblem("poisson2d")));
        Assert.Contains("'poisson2d' is already registered", duplicate.Message);
        Assert.Throws<ArgumentException>(() => registry.Add(new FakeProblem(" x")));
        Assert.Throws<ArgumentException>(() => registry.Add(new FakeProblem("")));
        Assert.Equal(1, registry.Count);
    }
}
