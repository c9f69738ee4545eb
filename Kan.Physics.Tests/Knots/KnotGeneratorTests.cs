using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Tests.Knots;

public class KnotGeneratorTests
{
    [Fact]
    public void SameSeedSameKnotsAllDistinctAllKnots()
    {
        var a = new KnotGenerator(11).Generate(40);
        var b = new KnotGenerator(11).Generate(40);
        Assert.Equal(40, a.Count);
        Assert.Equal(a.Select(k => k.Braid.ToString()), b.Select(k => k.Braid.ToString()));
        Assert.Equal(40, a.Select(k => k.Invariants.DistinctnessKey).Distinct().Count());
        Assert.All(a, k =>
        {
            Assert.True(k.Braid.IsKnot);
            Assert.InRange(k.Braid.Strands, 1, 6);
            Assert.True(k.Diagram.IsKnot);
            Assert.Equal(k.Braid.Length, k.Invariants.Crossings);
        });
        Assert.NotEqual(a.Select(k => k.Braid.ToString()), new KnotGenerator(12).Generate(40).Select(k => k.Braid.ToString()));
    }

    [Fact]
    public void LaterCallsDoNotRepeatEarlierKnots()
    {
        var g = new KnotGenerator(5);
        var first = g.Generate(20).Select(k => k.Invariants.DistinctnessKey).ToHashSet();
        var second = g.Generate(20).Select(k => k.Invariants.DistinctnessKey).ToList();
        Assert.DoesNotContain(second, first.Contains);
        Assert.Equal(40, g.Distinct);
        Assert.Equal(g.Draws, g.Links + g.Duplicates + g.Distinct);
    }

    [Fact]
    public void StopsWhenTheOptionsAllowNoMoreKnots()
    {
        // two strands and at most 4 letters: only the unknot and T(2,+-3) can come out
        var g = new KnotGenerator(1, new KnotGeneratorOptions(MaxStrands: 2, MaxLettersPerStrand: 2, MaxDrawsWithoutNewKnot: 500));
        var knots = g.Generate(10);
        Assert.Equal(["-2", "0", "2"], knots.Select(k => k.Invariants.Signature.ToString()).Order());
    }

    [Fact]
    public void BadOptionsAreNamed()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new KnotGenerator(0, new KnotGeneratorOptions(MinStrands: 4, MaxStrands: 3)));
        Assert.Equal("MaxStrands", e.ParamName);
        Assert.Equal("PositiveFraction", Assert.Throws<ArgumentOutOfRangeException>(() => new KnotGenerator(0, new KnotGeneratorOptions(PositiveFraction: 1.5))).ParamName);
    }
}
