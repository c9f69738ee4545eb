using Kan.Physics.Expressions;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Tests.Symbolic;

public class ExpressionsSimplifyTests
{
    private const string ToyKanFormula =
        "1.00000002*exp(0.99999997*sin(3.14159264*x + 1e-9) + 1.0000001*(1.0*y + 0.0)^2 + 2e-9) + 3e-10";

    [Theory]
    [InlineData("exp(log(m) - 2*log(r))", "m/r^2")]
    [InlineData("exp(log(n0) - a)", "n0*exp(-a)")]
    [InlineData("exp(0.5*log(x) + y)", "sqrt(x)*exp(y)")]
    [InlineData("2*x + 3*x", "5*x")]
    [InlineData("x*x", "x^2")]
    [InlineData("x^2*x^-1", "x")]
    [InlineData("x*y*x", "x^2*y")]
    [InlineData("x + 0", "x")]
    [InlineData("1*x", "x")]
    [InlineData("0*x + y", "y")]
    [InlineData("x - x", "0")]
    [InlineData("x/x", "1")]
    [InlineData("(x + 1)/(x + 1)", "1")]
    [InlineData("y + x", "x + y")]
    [InlineData("b*a", "a*b")]
    [InlineData("sin(x) + 1 + x + x^2", "x^2 + x + sin(x) + 1")]
    [InlineData("exp(y) + cos(x) + x*y + y^2 + 3*x^2", "3*x^2 + x*y + y^2 + cos(x) + exp(y)")]
    [InlineData("2*(x + 1)", "2*x + 2")]
    [InlineData("x - (x + y)", "-y")]
    [InlineData("x*(y + z)", "x*(y + z)")]
    [InlineData("(2*x)^2", "4*x^2")]
    [InlineData("(x*y)^-1", "1/(x*y)")]
    [InlineData("exp(x)*exp(y)", "exp(x + y)")]
    [InlineData("exp(x)^2", "exp(2*x)")]
    [InlineData("sqrt(x)*sqrt(x)", "x")]
    [InlineData("x*sqrt(x)", "x^(3/2)")]
    [InlineData("(x^2)^0.5", "abs(x)")]
    [InlineData("(x^3)^2", "x^6")]
    [InlineData("sin(-x)", "-sin(x)")]
    [InlineData("cos(-2*x)", "cos(2*x)")]
    [InlineData("sin(-pi*x - 3*pi)", "sin(pi*x)")]           // 2 pi periodic: -3 pi is half a turn, a sign
    [InlineData("cos(x + 2*pi)", "cos(x)")]
    [InlineData("cos(2*x + pi)", "-cos(2*x)")]
    [InlineData("sin(x - 5*pi/2)", "sin(x - pi/2)")]
    [InlineData("sin(x + pi/2)", "sin(x + pi/2)")]           // within (-pi, pi]: kept
    [InlineData("e^x", "exp(x)")]
    [InlineData("log(exp(x))", "x")]
    [InlineData("exp(log(x))", "x")]
    [InlineData("gaussian(x)", "exp(-x^2)")]
    [InlineData("2^3 + 4^0.5 + sqrt(2)", "sqrt(2) + 10")]
    [InlineData("sin(0) + cos(0) + log(2)", "log(2) + 1")]
    [InlineData("3*pi + pi", "4*pi")]
    [InlineData("7/3 + x/3", "x/3 + 7/3")]
    [InlineData("1 - x", "1 - x")]
    [InlineData("q1*q2/(4*pi*epsilon*r**2)", "q1*q2/(4*pi*epsilon*r^2)")]
    [InlineData("m_0/sqrt(1-v**2/c**2)", "m_0/sqrt(1 - v^2/c^2)")]
    [InlineData("sqrt(2)*exp(-theta**2/2)/(2*sqrt(pi))", "sqrt(2)*exp(-theta^2/2)/(2*sqrt(pi))")]
    [InlineData("exp(-(theta/sigma)**2/2)/(sqrt(2*pi)*sigma)", "exp(-theta^2/(2*sigma^2))/(sigma*sqrt(2*pi))")]
    [InlineData("x + 1e-9", "x")]                   // dropped: below 1e-6 of the largest coefficient
    [InlineData("1e-9*x + 1e-9", "1e-9*x + 1e-9")]  // relative, not absolute: nothing to drop
    [InlineData("1.0000001*x", "x")]                // within 1e-6 of an integer
    [InlineData("x^2.0000001", "x^2")]
    [InlineData("0.7071067811865476*x", "0.7071067811865476*x")]
    public void KnownSimplifications(string input, string expected)
    {
        var e = Expr.Parse(input);
        var s = e.Simplify();
        Assert.Equal(expected, s.ToString());
    }

    [Theory]
    [InlineData("3.14159265", "pi")]
    [InlineData("1.5707963", "pi/2")]
    [InlineData("6.2831853", "2*pi")]
    [InlineData("-0.78539816", "-pi/4")]
    [InlineData("2.0943951", "2*pi/3")]
    [InlineData("0.5235988", "pi/6")]
    [InlineData("sin(3.14159264*x)", "sin(pi*x)")]
    [InlineData("sin(1.0471976*x)", "sin(pi*x/3)")]
    [InlineData("3.1416", "3.1416")]               // 2.3e-6 away: outside the default tolerance
    [InlineData("x^3.14159265", "x^3.14159265")]   // never in exponents
    public void RecognisesRationalMultiplesOfPi(string input, string expected)
        => Assert.Equal(expected, Expr.Parse(input).Simplify().ToString());

    [Fact]
    public void PiToleranceAndSwitchAreHonoured()
    {
        var e = Expr.Parse("3.1416*x");
        Assert.Equal("pi*x", e.Simplify(new SimplifyOptions { PiTolerance = 1e-4 }).ToString());
        Assert.Equal("3.14159265*x", Expr.Parse("3.14159265*x").Simplify(new SimplifyOptions { RecognizePi = false }).ToString());
    }

    [Fact]
    public void RationalsAreRecognisedOnlyWhenAsked()
    {
        var e = Expr.Parse("0.33333333*x + 0.6666667*y");
        Assert.Equal("0.33333333*x + 0.6666667*y", e.Simplify().ToString());
        Assert.Equal("x/3 + 2*y/3", e.Simplify(new SimplifyOptions { RecognizeRationals = true }).ToString());
    }

    [Fact]
    public void RoundDigitsKeepsSignificantDigits()
    {
        var e = Expr.Parse("1.23456789*x + 0.000987654*y + 2.345678");
        Assert.Equal("1.23*x + 0.000988*y + 2.35", e.Simplify(new SimplifyOptions { RoundDigits = 3 }).ToString());
    }

    [Fact]
    public void ToyKanFormulaSimplifiesToTheTrueLaw()
    {
        var e = Expr.Parse(ToyKanFormula);
        Assert.Equal("exp(y^2 + sin(pi*x))", e.Simplify(new SimplifyOptions { RoundDigits = 4 }).ToString());
        Assert.Equal("exp(y^2 + sin(pi*x))", e.Simplify().ToString());
        Assert.Equal(Expr.Parse("exp(sin(pi*x) + y^2)").Simplify(), e.Simplify());
    }

    [Fact]
    public void ToyKanFormulaKeepsItsConstantsWhenNotSnapped()
    {
        var e = Expr.Parse(ToyKanFormula).Simplify(new SimplifyOptions { IntegerTolerance = 0, RecognizePi = false });
        Assert.Equal("1.00000002*exp(1.0000001*y^2 + 0.99999997*sin(3.14159264*x))", e.ToString());
        // Structure c0*exp(c3*y^2 + c1*sin(c2*x)), the tiny additive constants dropped.
        var outer = Assert.IsType<Product>(e);
        Assert.Equal(2, outer.Factors.Count);
        var exp = Assert.IsType<FunctionCall>(outer.Factors[1]);
        Assert.Equal("exp", exp.Name);
        var sum = Assert.IsType<Sum>(exp.Argument);
        Assert.Equal(2, sum.Terms.Count);
        var square = Assert.IsType<Product>(sum.Terms[0]);
        Assert.Equal(new Power(new Variable("y"), new Constant(2)), square.Factors[1]);
        var sine = Assert.IsType<Product>(sum.Terms[1]);
        var sin = Assert.IsType<FunctionCall>(sine.Factors[1]);
        Assert.Equal("sin", sin.Name);
        var inner = Assert.IsType<Product>(sin.Argument);
        Assert.Equal(new Variable("x"), inner.Factors[1]);

        double[] expected = [1, 1, 2, 1, Math.PI];   // c0, c3, the exponent 2, c1, c2 in pre-order
        var constants = e.NumericConstants;
        Assert.Equal(expected.Length, constants.Count);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(constants[i] - expected[i]) < 1e-4, $"constant {i}: {constants[i]} vs {expected[i]}");
    }

    [Theory]
    [MemberData(nameof(ExpressionsParsingTests.Formulas), MemberType = typeof(ExpressionsParsingTests))]
    public void ExactSimplificationPreservesValues(string text)
    {
        var e = Expr.Parse(text);
        ExpressionsTestData.AssertSameValues(e, e.Simplify(SimplifyOptions.Exact), 1e-10);
    }

    [Theory]
    [MemberData(nameof(ExpressionsParsingTests.Formulas), MemberType = typeof(ExpressionsParsingTests))]
    public void SimplificationIsIdempotent(string text)
    {
        var s = Expr.Parse(text).Simplify();
        Assert.Equal(s, s.Simplify());
    }

    [Fact]
    public void RandomTreesKeepTheirValuesUnderExactSimplification()
    {
        var rng = new Random(5);
        int compared = 0;
        for (int i = 0; i < 150; i++)
        {
            var e = ExpressionsTestData.RandomExpr(rng, 4);
            var s = e.Simplify(SimplifyOptions.Exact);
            var cmp = Expr.CompareNumerically(e, s, ExpressionsTestData.RangesFor(e, s), 30, 1e-9, seed: i);
            Assert.True(cmp.Equal || (cmp.Compared == 0 && cmp.Mismatched == 0), $"{e}  =>  {s}: {cmp}");
            compared += cmp.Compared;
            Assert.Equal(s, s.Simplify(SimplifyOptions.Exact));
        }
        Assert.True(compared > 100 * 30, $"only {compared} points compared");
    }

    [Fact]
    public void NoisyKanFormulasChangeByLessThanTheTolerances()
    {
        // Random edges c*f(a*x + b) + d with constants near simple values, as a trained KAN gives them.
        var lib = Kan.Physics.EdgeFunctions.SymbolicLibrary.CreateDefault();
        string[] names = ["x", "x^2", "sin", "exp", "tanh", "cos", "x^3", "arctan"];
        var rng = new Random(3);
        for (int trial = 0; trial < 40; trial++)
        {
            Expr Noisy(double v) => new Constant(v * (1 + 1e-8 * (2 * rng.NextDouble() - 1)));
            var terms = new List<Expr>();
            foreach (var input in new[] { "x", "y" })
            {
                var f = lib[names[rng.Next(names.Length)]];
                var inner = Expr.Add(Expr.Multiply(Noisy(rng.Next(1, 4) * (rng.Next(2) == 0 ? 1 : Math.PI)), new Variable(input)), Noisy(1e-9));
                terms.Add(Expr.Multiply(Noisy(rng.Next(1, 3)), Expr.FromLibrary(f, inner)));
            }
            var e = Expr.Add(terms);
            var s = e.Simplify();
            // The snaps are relative 1e-6 changes of constants, so the values move by about 1e-6 of their scale
            // (pointwise relative error is meaningless near the zeros of sin and cos).
            var fe = e.Compile(["x", "y"]);
            var fs = s.Compile(["x", "y"]);
            double maxDiff = 0, maxAbs = 0;
            for (int i = 0; i < 100; i++)
            {
                double[] p = [0.2 + 1.8 * rng.NextDouble(), 0.2 + 1.8 * rng.NextDouble()];
                maxDiff = Math.Max(maxDiff, Math.Abs(fe(p) - fs(p)));
                maxAbs = Math.Max(maxAbs, Math.Abs(fe(p)));
            }
            Assert.True(maxDiff <= 1e-5 * Math.Max(1, maxAbs), $"{e} => {s}: max difference {maxDiff:E2}, scale {maxAbs:E2}");
            Assert.DoesNotContain("e-9", s.ToString());
        }
    }

    [Fact]
    public void InvalidOptionsAreRejectedByName()
    {
        var x = new Variable("x");
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Simplify(new SimplifyOptions { RoundDigits = 0 }));
        Assert.Equal("RoundDigits", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Simplify(new SimplifyOptions { DropTolerance = -1 }));
        Assert.Equal("DropTolerance", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => x.Simplify(new SimplifyOptions { PiTolerance = double.NaN }));
        Assert.Equal("PiTolerance", ex.ParamName);
    }
}
