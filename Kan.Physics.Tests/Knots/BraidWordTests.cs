using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Tests.Knots;

public class BraidWordTests
{
    [Theory]
    [InlineData("{1}", 2, 1)]
    [InlineData("{1,1}", 2, 2)]
    [InlineData("{1,1,1}", 2, 1)]
    [InlineData("{1,1,1,1}", 2, 2)]
    [InlineData("{1,2}", 3, 1)]
    [InlineData("{1,-2,1,-2}", 3, 1)]
    [InlineData("{1,2,1,2,1,2}", 3, 3)] // (s1 s2)^3 is a full twist: pure braid, T(3,3) has 3 components
    [InlineData("{1,2,1,2,1,2,1,2}", 3, 1)] // T(3,4)
    [InlineData("{1,1,3,3}", 4, 4)] // two separate Hopf links
    [InlineData("{1,3}", 4, 2)]
    [InlineData("{}", 1, 1)]
    public void ClosureComponentsAreThePermutationCycles(string word, int strands, int components)
    {
        var braid = BraidWord.Parse(word);
        Assert.Equal(strands, braid.Strands);
        Assert.Equal(components, braid.ComponentCount);
        Assert.Equal(components == 1, braid.IsKnot);
        var diagram = braid.ToPlanarDiagram();
        Assert.Equal(braid.Length, diagram.CrossingCount);
        if (braid.Length > 0) Assert.Equal(components, diagram.ComponentCount);
        // every crossing sign is the sign of its letter
        Assert.Equal(braid.Generators.Select(Math.Sign), diagram.Signs);
    }

    [Fact]
    public void ClosureEdgesAreLabelledAlongTheKnot()
    {
        var d = BraidWord.Parse("{1,-2,1,-2}").ToPlanarDiagram();
        // KnotInfo convention for a knot: the under-strand of each crossing runs from label a to a + 1 (mod 2n)
        Assert.All(d.Crossings, c => Assert.Equal(c.A % 8 + 1, c.C));
    }

    [Fact]
    public void StrandsWithoutCrossingsCannotBeClosedIntoAPlanarDiagram()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new BraidWord(3, [1, 1, 1]).ToPlanarDiagram());
        Assert.Contains("strand 3 of 3 takes part in no crossing", e.Message);
        Assert.Equal(2, new BraidWord(3, [1, 1, 1]).ComponentCount);
    }

    [Fact]
    public void BadWordsAreRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BraidWord(3, [1, 3]));
        Assert.Equal("generators", e.ParamName);
        Assert.Contains("letter 2 of the braid word is 3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BraidWord(3, [0]));
        Assert.Contains("letter 2 'x'", Assert.Throws<FormatException>(() => BraidWord.Parse("{1,x}")).Message);
        Assert.Contains("on 2 strands", Assert.Throws<FormatException>(() => BraidWord.Parse("1 2", strands: 2)).Message);
        Assert.Equal(4, BraidWord.Parse("1 -2", strands: 4).Strands);
    }

    [Fact]
    public void ReductionCancelsInversePairsAlsoAroundTheEnd()
    {
        Assert.Equal("{1,1}", new BraidWord(3, [2, 1, -1, 1, 2, -2, 1, -2]).Reduced().ToString());
        Assert.Equal("{}", new BraidWord(2, [1, -1, 1, -1]).Reduced().ToString());
        // s1 s2 on 3 strands destabilises twice to the one-strand unknot; s1^3 s2 to the trefoil on 2 strands
        var unknot = new BraidWord(3, [1, 2]).Simplified();
        Assert.Equal((1, 0), (unknot.Strands, unknot.Length));
        var trefoil = new BraidWord(3, [1, 1, 1, 2]).Simplified();
        Assert.Equal((2, "{1,1,1}"), (trefoil.Strands, trefoil.ToString()));
        var bottom = new BraidWord(3, [-1, 2, 2, 2]).Simplified();
        Assert.Equal((2, "{1,1,1}"), (bottom.Strands, bottom.ToString()));
    }

    [Fact]
    public void SimplificationKeepsTheKnot()
    {
        var random = new Random(7);
        int checkedKnots = 0;
        while (checkedKnots < 25)
        {
            int strands = random.Next(2, 6);
            var letters = Enumerable.Range(0, random.Next(strands, 3 * strands)).Select(_ => random.Next(1, strands) * (random.Next(2) * 2 - 1));
            var braid = new BraidWord(strands, letters);
            if (!braid.IsKnot) continue;
            var simple = braid.Simplified();
            Assert.True(simple.IsKnot);
            Assert.True(simple.Length <= braid.Length);
            var a = KnotInvariants.Compute(braid.ToPlanarDiagram());
            var b = KnotInvariants.Compute(simple.ToPlanarDiagram());
            Assert.Equal(a.DistinctnessKey, b.DistinctnessKey);
            checkedKnots++;
        }
    }
}
