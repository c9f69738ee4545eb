using Kan.Physics.EdgeFunctions;
using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Serialization;

namespace Kan.Physics.Tests.Serialization;

/// <summary>The shared network description: copies, rebuilds exactly, and its one validation names what is wrong.</summary>
public class NetworkSnapshotTests
{
    [Fact]
    public void FromNetworkThenToNetwork_RebuildsTheSameNetwork()
    {
        var net = FormatFixtures.SymbolicNetwork();
        var snapshot = NetworkSnapshot.FromNetwork(net);
        var back = snapshot.ToNetwork();
        Assert.Equal(net.Widths, back.Widths);
        Assert.Equal(net.GetParameters(), back.GetParameters());
        for (int l = 0; l < net.Layers.Count; l++)
            for (int i = 0; i < net.Layers[l].InputCount; i++)
                Assert.Equal(net.Layers[l].Basis(i).Knots.ToArray(), back.Layers[l].Basis(i).Knots.ToArray());
        Assert.Equal(3, back.Layers.Sum(l => l.Symbolic.ActiveCount));
        var x = Enumerable.Range(0, 30).Select(i => Math.Sin(i)).ToArray();
        Assert.Equal(net.Forward(x), back.Forward(x));
        Assert.Equal(NetworkSnapshot.LibraryVersion, snapshot.KanPhysicsVersion);
    }

    [Fact]
    public void Snapshot_IsACopy()
    {
        var net = FormatFixtures.PlainNetwork();
        var snapshot = NetworkSnapshot.FromNetwork(net);
        double before = snapshot.Layers[0].Coefficients[0];
        net.Layers[0].Coefficients[0] = before + 1;
        Assert.Equal(before, snapshot.Layers[0].Coefficients[0]);
    }

    public static TheoryData<string, Func<NetworkSnapshot, NetworkSnapshot>, string> Problems => new()
    {
        { "widths", s => s with { Widths = [3, 0, 2] }, "the widths are [3, 0, 2]" },
        { "layer shape", s => s with { Layers = [s.Layers[0] with { OutputCount = 5 }, s.Layers[1]] }, "layer 0 has 3 inputs and 5 outputs, but the widths give 3 and 4" },
        { "short mask", s => s with { Layers = [s.Layers[0], s.Layers[1] with { Mask = new double[3] }] }, "holds 3 values; the layer's shape needs 8" },
        { "NaN scale", s => Spoil(s, l => l.ScaleBase[2] = double.NaN), "scale_base value 2 of layer 1 is non-finite (NaN)" },
        { "grid", s => Spoil(s, l => l.GridPoints[9] = l.GridPoints[8]), "of layer 1 (input-major) is " },
        { "edge", s => s with { Layers = [s.Layers[0] with { SymbolicEdges = [new SymbolicEdgeSnapshot(3, 0, "sin", SymbolicAffine.Identity)] }, s.Layers[1]] }, "formula edge 0 of layer 0 is edge (3,0), outside the layer's 3x4 edges" },
        { "function", s => s with { Layers = [s.Layers[0] with { SymbolicEdges = [new SymbolicEdgeSnapshot(1, 0, "cube_root", SymbolicAffine.Identity)] }, s.Layers[1]] }, "is 'cube_root', which is not in the default symbolic library" },
        { "constant", s => s with { Layers = [s.Layers[0] with { SymbolicEdges = [new SymbolicEdgeSnapshot(1, 0, "sin", new SymbolicAffine(1, 0, double.PositiveInfinity, 0))] }, s.Layers[1]] }, "constant c of formula edge 0 of layer 0 is non-finite (Infinity)" },
    };

    private static NetworkSnapshot Spoil(NetworkSnapshot s, Action<LayerSnapshot> spoil)
    {
        var copy = s with { Layers = [s.Layers[0], s.Layers[1] with { GridPoints = (double[])s.Layers[1].GridPoints.Clone(), ScaleBase = (double[])s.Layers[1].ScaleBase.Clone() }] };
        spoil(copy.Layers[1]);
        return copy;
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Validation_NamesTheProblem(string what, Func<NetworkSnapshot, NetworkSnapshot> spoil, string expected)
    {
        var snapshot = spoil(NetworkSnapshot.FromNetwork(FormatFixtures.PlainNetwork()));
        var ex = Assert.Throws<ArgumentException>(() => snapshot.ToNetwork());
        Assert.True(ex.Message.Contains(expected, StringComparison.Ordinal), $"{what}: {ex.Message}");
    }

    [Fact]
    public void KanSave_RefusesAFormulaItCouldNotLoadBack()
    {
        // Before the shared validation, .kan saved such a network and only failed when loading it.
        var net = FormatFixtures.PlainNetwork();
        var custom = new SymbolicFunction("cube_root", 3, Math.Cbrt, x => 1 / (3 * Math.Cbrt(x * x)), _ => true, "all real x", "cbrt({0})");
        net.FixSymbolic(0, 1, 1, custom, SymbolicAffine.Identity);
        var ex = Assert.Throws<ArgumentException>(() => KanNetworkSerializer.Save(net, new MemoryStream()));
        Assert.Contains("'cube_root', which is not in the default symbolic library", ex.Message);
    }
}
