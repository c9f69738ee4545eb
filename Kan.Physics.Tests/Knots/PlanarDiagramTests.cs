using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Tests.Knots;

public class PlanarDiagramTests
{
    [Theory]
    [InlineData("[[1,5,2,4],[3,1,4,6],[5,3,6,2]]")]
    [InlineData("  [ [1, 5, 2, 4] , [3,1,4,6],\n[5,3,6,2] ]  ")]
    [InlineData("[[1;5;2;4];[3;1;4;6];[5;3;6;2]]")]
    public void ParsesKnotInfoNotationInItsVariants(string text)
    {
        var d = PlanarDiagram.Parse(text);
        Assert.Equal(3, d.CrossingCount);
        Assert.Equal(new PdCrossing(3, 1, 4, 6), d.Crossings[1]);
        Assert.Equal("[[1,5,2,4],[3,1,4,6],[5,3,6,2]]", d.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("[]")]
    [InlineData("[ ]")]
    public void EmptyDiagramsAreTheUnknot(string text)
    {
        var d = PlanarDiagram.ParseKnot(text);
        Assert.Equal(0, d.CrossingCount);
        Assert.True(d.IsKnot);
        Assert.Equal(0, d.Writhe);
    }

    [Fact]
    public void TrefoilSignsWritheAndMirror()
    {
        var right = TrefoilRight();
        Assert.Equal([1, 1, 1], right.Signs);
        Assert.Equal(3, right.Writhe);
        var left = right.Mirror();
        Assert.Equal(-3, left.Writhe);
        Assert.True(left.IsKnot);
        Assert.Equal(3, right.Mirror().Mirror().Writhe);
        // figure-eight: two positive and two negative crossings
        Assert.Equal(0, KnotTable.Diagram("4_1").Writhe);
        Assert.Equal(2, KnotTable.Diagram("4_1").Signs.Count(s => s > 0));
    }

    private static PlanarDiagram TrefoilRight() => PlanarDiagram.ParseKnot("[[1,5,2,4],[3,1,4,6],[5,3,6,2]]");

    [Fact]
    public void KinksWithTwoLabelsGetTheirSignFromTheUnderStrand()
    {
        // a one-crossing unknot: b - d = 1 and d - b = 1 (mod 2) both hold, so the label rule alone cannot decide
        var positive = PlanarDiagram.ParseKnot("[[1,2,2,1]]");
        Assert.Equal(-1, positive.Writhe); // the over-strand runs b -> d (edge 2 enters at b, edge 1 leaves at d)
        Assert.Equal(1, positive.Mirror().Writhe);
        Assert.Equal(LaurentPolynomial.One, KnotInvariants.Jones(positive));
        Assert.Equal(LaurentPolynomial.One, KnotInvariants.Jones(positive.Mirror()));
    }

    [Theory]
    [InlineData("[[1,5,2,4],[3,1,4,6],[5,3,6,2]", "expected ']' to close the list of crossings")]
    [InlineData("[[1,5,2,4],[3,1,4],[5,3,6,2]]", "crossing #2 has 3 labels")]
    [InlineData("[[1,5,2,4,7],[3,1,4,6],[5,3,6,2]]", "crossing #1 has more than 4 labels")]
    [InlineData("[[1,5,2,x],[3,1,4,6],[5,3,6,2]]", "expected an edge label (a positive integer) in crossing #1")]
    [InlineData("[[1,5,2,0],[3,1,4,6],[5,3,6,2]]", "edge label '0' in crossing #1 is not a positive integer")]
    [InlineData("[[1,5,2,4],[3,1,4,6],[5,3,6,2]] x", "unexpected 'x' after the end")]
    [InlineData("[[1,5,2,4],[3,1,4,6],[5,3,6,7]]", "label 7 is outside 1..6")]
    [InlineData("[[1,5,2,4],[3,1,4,6],[5,3,6,5]]", "label 5 appears more than twice")]
    [InlineData("[[1,5,2,4],[3,1,4,6],[5,3,1,2]]", "label 1 appears more than twice")]
    [InlineData("[[1,5,2,4],[3,1,4,3],[5,3,6,2]]", "label 3 appears more than twice")]
    [InlineData("[[2,4,1,5],[3,1,4,6],[5,3,6,2]]", "crossing #2 [3,1,4,6]: its under-strand a -> c runs against the orientation")]
    [InlineData("[[1,5,2,4],[3,1,4,6],[2,3,6,5]]", "the crossings bound 3 regions but a planar diagram with 3 crossings in 1 piece(s) has 5")]
    public void MalformedDiagramsGiveClearErrors(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => PlanarDiagram.Parse(text));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void ErrorsGiveThePosition()
    {
        var e = Assert.Throws<FormatException>(() => PlanarDiagram.Parse("[[1,5,2,4],[3,1,4,6],[5,3,6 2]]"));
        Assert.Contains("expected ',' or ';' between labels of crossing #3 but found '2' at position 28", e.Message);
    }

    [Fact]
    public void TheConstructorChecksLikeTheParser()
    {
        var e = Assert.Throws<ArgumentException>(() => new PlanarDiagram([new PdCrossing(1, 2, 2, 3)]));
        Assert.Equal("crossings", e.ParamName);
        Assert.Contains("crossing #1 [1,2,2,3]: label 3 is outside 1..2", e.Message);
        Assert.Equal(-1, new PlanarDiagram([new PdCrossing(1, 2, 2, 1)]).Writhe);
    }

    [Fact]
    public void LinksAreCountedAndRejectedWhereAKnotIsRequired()
    {
        var hopf = PlanarDiagram.Parse(KnotTable.HopfLink);
        Assert.Equal(2, hopf.ComponentCount);
        Assert.False(hopf.IsKnot);
        var parse = Assert.Throws<FormatException>(() => PlanarDiagram.ParseKnot(KnotTable.HopfLink));
        Assert.Contains("is a link with 2 components; a knot (one component) is required", parse.Message);
        var compute = Assert.Throws<ArgumentException>(() => KnotInvariants.Compute(hopf));
        Assert.Equal("diagram", compute.ParamName);
        Assert.Contains("2 components", compute.Message);
        Assert.Throws<ArgumentException>(() => KnotInvariants.Signature(hopf));
        // the bracket itself is defined for links: <Hopf> = -A^4 - A^-4
        Assert.Equal(LaurentPolynomial.Parse("-A^(-4)-A^4", "A"), KnotInvariants.KauffmanBracket(hopf));
    }
}
