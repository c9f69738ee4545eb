using Kan.Physics.Networks;
using Kan.Physics.Symbolic;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Tests.Symbolic;

public class AutoSymbolicLayerLibraryTests
{
    private static SymbolicLibrary Of(params string[] names)
    {
        var all = SymbolicLibrary.CreateDefault();
        var lib = new SymbolicLibrary();
        foreach (var n in names) lib.Add(all[n]);
        return lib;
    }

    [Fact]
    public void EachLayerSnapsToItsOwnLibraryAndFallsBackToTheCommonOne()
    {
        var net = KanNetwork.Create([2, 2, 1, 1], new KanOptions { Seed = 5 });
        var rng = new Random(2);
        var x = Enumerable.Range(0, 200).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        var choices = AutoSymbolic.Run(net, x, new AutoSymbolicOptions
        {
            Library = Of("sin", "x^3"),
            LayerLibraries = [null, Of("x^2"), Of("x")],
        });
        Assert.Equal(4 + 2 + 1, choices.Count);
        Assert.All(choices.Where(c => c.Layer == 0), c => Assert.Contains(c.Fit!.Function.Name, new[] { "sin", "x^3" }));
        Assert.All(choices.Where(c => c.Layer == 1), c => Assert.Equal("x^2", c.Fit!.Function.Name));
        Assert.Equal("x", Assert.Single(choices, c => c.Layer == 2).Fit!.Function.Name);
        Assert.Throws<ArgumentException>(() => AutoSymbolic.Run(KanNetwork.Create([1, 1]), [0.1, 0.2, 0.3],
            new AutoSymbolicOptions { LayerLibraries = [new SymbolicLibrary()] }));
    }
}
