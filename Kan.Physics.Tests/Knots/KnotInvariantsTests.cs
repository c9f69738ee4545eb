using System.Numerics;
using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Tests.Knots;

public class KnotInvariantsTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var k in KnotTable.Knots) data.Add(k.Name);
        return data;
    }

    [Theory, MemberData(nameof(Names))]
    public void PublishedInvariantsOfSmallKnots(string name)
    {
        var entry = KnotTable.Knots.Single(k => k.Name == name);
        var inv = KnotInvariants.Compute(KnotTable.Diagram(name));
        Assert.Equal(entry.Jones, inv.Jones.ToKnotInfoJonesString());
        Assert.Equal(entry.Alexander, inv.Alexander.ToString());
        Assert.Equal(entry.Determinant, inv.Determinant);
        Assert.Equal(entry.Signature, inv.Signature);
        Assert.Equal(KnotTable.Diagram(name).CrossingCount, inv.Crossings);
    }

    [Theory, MemberData(nameof(Names))]
    public void MirrorFlipsSignatureAndInvertsJones(string name)
    {
        var d = KnotTable.Diagram(name);
        var a = KnotInvariants.Compute(d);
        var m = KnotInvariants.Compute(d.Mirror());
        Assert.Equal(-a.Signature, m.Signature);
        Assert.Equal(-a.Writhe, m.Writhe);
        Assert.Equal(a.Jones.InvertVariable(), m.Jones);
        Assert.Equal(a.Alexander, m.Alexander);
        Assert.Equal(a.Determinant, m.Determinant);
    }

    [Fact]
    public void LeftHandedTrefoil()
    {
        var left = KnotTable.Diagram("3_1").Mirror();
        Assert.Equal(LaurentPolynomial.Parse("-t^(-4)+ t^(-3)+ t^(-1)"), KnotInvariants.Jones(left));
        Assert.Equal(2, KnotInvariants.Signature(left));
        Assert.Equal(3, KnotInvariants.Determinant(left));
    }

    [Fact]
    public void SignatureIsNotDeterminedByJones()
    {
        // 10_132 has the Jones polynomial of the mirrored 5_1 but signature 0 (5_1 mirrored: +4)
        var k10 = KnotInvariants.Compute(PlanarDiagram.ParseKnot(KnotTable.Pd10_132));
        var k5 = KnotInvariants.Compute(KnotTable.Diagram("5_1").Mirror());
        Assert.Equal(k5.Jones, k10.Jones);
        Assert.Equal(0, k10.Signature);
        Assert.Equal(4, k5.Signature);
        Assert.Equal(5, k10.Determinant);
        // the Conway knot: Alexander polynomial 1 and signature 0
        var conway = KnotInvariants.Compute(PlanarDiagram.ParseKnot(KnotTable.Pd11n34));
        Assert.Equal(LaurentPolynomial.One, conway.Alexander);
        Assert.Equal(0, conway.Signature);
    }

    [Theory]
    [InlineData(2, 3)] [InlineData(2, 5)] [InlineData(2, 7)] [InlineData(2, 9)] [InlineData(2, 11)] [InlineData(2, 13)]
    [InlineData(3, 4)] [InlineData(3, 5)] [InlineData(3, 7)] [InlineData(4, 5)]
    public void TorusKnotsFromBraidsMatchTheClosedFormulas(int p, int q)
    {
        // T(p,q) is the closure of (s1 s2 ... s_(p-1))^q
        var braid = new BraidWord(p, Enumerable.Repeat(Enumerable.Range(1, p - 1), q).SelectMany(x => x));
        Assert.True(braid.IsKnot);
        var inv = KnotInvariants.Compute(braid.ToPlanarDiagram());
        var t = LaurentPolynomial.Monomial(1, 1);
        LaurentPolynomial Power(int e) => LaurentPolynomial.Monomial(1, e);
        // Jones: V (1 - t^2) = t^((p-1)(q-1)/2) (1 - t^(p+1) - t^(q+1) + t^(p+q))
        Assert.Equal(
            Power((p - 1) * (q - 1) / 2) * (LaurentPolynomial.One - Power(p + 1) - Power(q + 1) + Power(p + q)),
            inv.Jones * (LaurentPolynomial.One - Power(2)));
        // Alexander: Delta (t^p - 1)(t^q - 1) = (t^pq - 1)(t - 1)
        Assert.Equal((Power(p * q) - LaurentPolynomial.One) * (t - LaurentPolynomial.One),
            inv.Alexander * (Power(p) - LaurentPolynomial.One) * (Power(q) - LaurentPolynomial.One));
        if (p == 2) Assert.Equal(-(q - 1), inv.Signature); // positive T(2,n): -(n-1)
        if ((p, q) == (3, 4)) Assert.Equal(-6, inv.Signature); // 8_19
        if ((p, q) == (3, 5)) Assert.Equal(-8, inv.Signature); // 10_124
        // det T(p,q) = q for even p, p for even q, 1 when both are odd
        Assert.Equal(p % 2 == 0 ? q : q % 2 == 0 ? p : 1, inv.Determinant);
    }

    [Theory]
    [InlineData("{1,1,1}", "3_1")]
    [InlineData("{1,-2,1,-2}", "4_1")]
    [InlineData("{1,1,1,2,-1,2}", "5_2")]
    [InlineData("{1,1,1,2,1,1,1,2}", "8_19")]
    public void KnotInfoBraidWordsGiveTheSameKnotAsThePdCodes(string word, string name)
    {
        var fromBraid = KnotInvariants.Compute(BraidWord.Parse(word).ToPlanarDiagram());
        var fromPd = KnotInvariants.Compute(KnotTable.Diagram(name));
        Assert.Equal(fromPd.DistinctnessKey, fromBraid.DistinctnessKey);
        Assert.Equal(fromPd.Determinant, fromBraid.Determinant);
    }

    private static readonly Lazy<PlanarDiagram[]> Diagrams = new(() => AllTestDiagrams().ToArray());

    private static PlanarDiagram[] TestDiagrams() => Diagrams.Value;

    private static IEnumerable<PlanarDiagram> AllTestDiagrams()
    {
        foreach (var k in KnotTable.Knots)
        {
            yield return KnotTable.Diagram(k.Name);
            yield return KnotTable.Diagram(k.Name).Mirror();
        }
        yield return PlanarDiagram.ParseKnot(KnotTable.Pd10_132);
        yield return PlanarDiagram.ParseKnot(KnotTable.Pd11n34);
        foreach (var s in new KnotGenerator(3).Generate(50)) yield return s.Diagram;
    }

    [Fact]
    public void DeterminantIsAlexanderAndJonesAtMinusOneOnTestAndGeneratedKnots()
    {
        int count = 0;
        foreach (var d in TestDiagrams())
        {
            var inv = KnotInvariants.Compute(d);
            Assert.Equal(inv.Determinant, (long)BigInteger.Abs(inv.Alexander.Evaluate(new BigInteger(-1))));
            Assert.Equal(inv.Determinant, (long)BigInteger.Abs(inv.Jones.Evaluate(new BigInteger(-1))));
            Assert.Equal(inv.Determinant, inv.JonesAbsAtMinusOne, 9);
            Assert.Equal(BigInteger.One, BigInteger.Abs(inv.Alexander.Evaluate(BigInteger.One))); // |Delta(1)| = 1 for knots
            // (-1)^(sigma/2) = sign V(-1) (Murasugi)
            Assert.Equal(inv.Signature / 2 % 2 == 0 ? 1 : -1, inv.Jones.Evaluate(new BigInteger(-1)).Sign);
            // V(e^(2 pi i/3)) = 1 and V(i) = (-1)^Arf, with Arf = 0 exactly when det = +-1 mod 8 (Jones 1985, Levine/Murasugi)
            Assert.Equal(1.0, inv.JonesAbsAtOmega, 9);
            Assert.True(Complex.Abs(inv.Jones.Evaluate(KnotInvariants.Omega) - 1) < 1e-9);
            Assert.Equal(1.0, inv.JonesAbsAtI, 9);
            double vi = inv.Jones.Evaluate(Complex.ImaginaryOne).Real;
            Assert.Equal(inv.Determinant % 8 is 1 or 7 ? 1.0 : -1.0, vi, 9);
            count++;
        }
        Assert.Equal(2 * KnotTable.Knots.Length + 2 + 50, count);
    }

    [Fact]
    public void TheContractedBracketEqualsThePlainStateSum()
    {
        int compared = 0;
        foreach (var d in TestDiagrams().Where(d => d.CrossingCount <= 12))
        {
            Assert.Equal(KauffmanBracket.ComputeByStates(d), KnotInvariants.KauffmanBracket(d));
            compared++;
        }
        Assert.True(compared >= 20, $"only {compared} diagrams compared");
    }

    [Fact]
    public void BothCheckerboardColouringsGiveTheSameSignature()
    {
        foreach (var d in TestDiagrams())
            Assert.Equal(GoeritzSignature.Compute(d, 0), GoeritzSignature.Compute(d, 1));
    }

    [Fact]
    public void AlternatingDiagramsSatisfyTraczykMurasugi()
    {
        // reduced alternating diagrams: sigma = w - (min deg V + max deg V)
        foreach (var name in new[] { "3_1", "4_1", "5_1", "5_2", "6_1" })
            foreach (var d in new[] { KnotTable.Diagram(name), KnotTable.Diagram(name).Mirror() })
            {
                var inv = KnotInvariants.Compute(d);
                Assert.Equal(inv.Writhe - (inv.Jones.MinDegree + inv.Jones.MaxDegree), inv.Signature);
            }
    }
}
