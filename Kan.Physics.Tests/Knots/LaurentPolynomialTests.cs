using System.Numerics;
using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Tests.Knots;

public class LaurentPolynomialTests
{
    [Theory]
    [InlineData("t+ t^3-t^4")]
    [InlineData("t^(-2)-t^(-1)+ 1-t+ t^2")]
    [InlineData("t^(-1)-1+ 2*t-2*t^2+ 2*t^3-2*t^4+ t^5")]
    [InlineData("-t^(-3)+ 2*t^(-2)-2*t^(-1)+ 3-2*t+ 2*t^2-t^3")]
    public void KnotInfoJonesStringsRoundTrip(string text)
    {
        var p = LaurentPolynomial.Parse(text);
        Assert.Equal(text, p.ToKnotInfoJonesString());
        Assert.Equal(text.Replace(" ", ""), p.ToString());
    }

    [Fact]
    public void ParsesTheUsualVariants()
    {
        var expected = new LaurentPolynomial(-2, [3, 0, -1, 0, 2]);
        Assert.Equal(expected, LaurentPolynomial.Parse("3*t^-2 - 1 + 2t^2"));
        Assert.Equal(expected, LaurentPolynomial.Parse("2*t^{2} + 3 * t^( -2 ) - 1"));
        Assert.Equal(expected, LaurentPolynomial.Parse("3t^(-2) - t + t - 1 + 2t^2")); // like terms cancel
        Assert.Equal(LaurentPolynomial.Zero, LaurentPolynomial.Parse("t - t"));
        Assert.Equal("3*A^(-2)-1+2*A^2", LaurentPolynomial.Parse("3*A^-2-1+2*A^2", "A").Format("A", false));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("t^", "expected a number")]
    [InlineData("2*x", "expected 't' after '*'")]
    [InlineData("t t", "expected '+' or '-'")]
    [InlineData("t^(2", "expected ')'")]
    public void MalformedStringsAreRejectedWithAReason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => LaurentPolynomial.Parse(text));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void ArithmeticIsExact()
    {
        var p = LaurentPolynomial.Parse("1+t");
        var q = LaurentPolynomial.Parse("1-t");
        Assert.Equal(LaurentPolynomial.Parse("1-t^2"), p * q);
        Assert.Equal(LaurentPolynomial.Parse("2"), p + q);
        Assert.Equal(LaurentPolynomial.Parse("2*t"), p - q);
        Assert.Equal(LaurentPolynomial.Parse("t^(-3)+t^(-2)"), p.Shift(-3));
        Assert.Equal(LaurentPolynomial.Parse("-t^(-4)+t^(-3)+t^(-1)"), LaurentPolynomial.Parse("t+ t^3-t^4").InvertVariable());
        Assert.True((p - p).IsZero);
        // (1 + t)^20 has the binomial coefficient C(20,10) = 184756 in the middle
        var power = LaurentPolynomial.One;
        for (int i = 0; i < 20; i++) power *= p;
        Assert.Equal(184756, power[10]);
        Assert.Throws<OverflowException>(() => LaurentPolynomial.Monomial(long.MaxValue / 2 + 1, 0) * 2);
    }

    [Fact]
    public void EvaluationAgreesWithTermByTermSums()
    {
        var p = LaurentPolynomial.Parse("t^(-2)-t^(-1)+ 2-2*t+ t^2-t^3+ t^4");
        var z = new Complex(0.3, -1.7);
        Complex expected = Complex.Zero;
        for (int e = p.MinDegree; e <= p.MaxDegree; e++) expected += p[e] * Complex.Pow(z, e);
        Assert.True(Complex.Abs(p.Evaluate(z) - expected) < 1e-12 * Complex.Abs(expected));
        Assert.Equal(new BigInteger(9), p.Evaluate(new BigInteger(-1)));
        Assert.Equal(new BigInteger(2 - 2 * 3 + 9 - 27 + 81), LaurentPolynomial.Parse("2-2*t+ t^2-t^3+ t^4").Evaluate(new BigInteger(3)));
        Assert.Throws<ArgumentException>(() => p.Evaluate(new BigInteger(2)));
    }
}
