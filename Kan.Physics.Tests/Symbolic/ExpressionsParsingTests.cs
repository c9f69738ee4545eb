using Kan.Physics.Expressions;

namespace Kan.Physics.Tests.Symbolic;

public class ExpressionsParsingTests
{
    public static TheoryData<string> Formulas => new(ExpressionsTestData.Formulas);

    private static double Eval(string text, params (string Name, double Value)[] values)
        => Expr.Parse(text).Evaluate(values.ToDictionary(v => v.Name, v => v.Value));

    [Theory]
    [MemberData(nameof(Formulas))]
    public void PrintedFormParsesBackToTheSameValues(string text)
    {
        var e = Expr.Parse(text);
        var back = Expr.Parse(e.ToString());
        ExpressionsTestData.AssertSameValues(e, back, 1e-12);
        // Printing is a fixed point: what was printed prints the same after parsing.
        Assert.Equal(e.ToString(), back.ToString());
    }

    [Theory]
    [MemberData(nameof(Formulas))]
    public void SimplifiedFormParsesBackToTheSameValues(string text)
    {
        var s = Expr.Parse(text).Simplify(SimplifyOptions.Exact);
        ExpressionsTestData.AssertSameValues(s, Expr.Parse(s.ToString()), 1e-12);
    }

    [Fact]
    public void RandomTreesRoundTripThroughText()
    {
        var rng = new Random(11);
        for (int i = 0; i < 150; i++)
        {
            var e = ExpressionsTestData.RandomExpr(rng, 4);
            var back = Expr.Parse(e.ToString());
            var cmp = Expr.CompareNumerically(e, back, ExpressionsTestData.RangesFor(e), 30, 1e-12, seed: i);
            Assert.True(cmp.Equal || (cmp.Compared == 0 && cmp.Mismatched == 0), $"{e}: {cmp}");
        }
    }

    [Theory]
    [InlineData("-x^2", 3, -9)]         // ^ binds tighter than unary minus
    [InlineData("-2^2", 0, -4)]
    [InlineData("2^3^2", 0, 512)]       // right-associative
    [InlineData("2**3**2", 0, 512)]
    [InlineData("2^-1", 0, 0.5)]        // unary minus allowed in an exponent
    [InlineData("2**-x", 2, 0.25)]
    [InlineData("1 + 2*3^2", 0, 19)]
    [InlineData("8/4/2", 0, 1)]         // left-associative
    [InlineData("x - 1 - 2", 10, 7)]
    [InlineData("1e-3 + .5 + 2.", 0, 2.501)]
    [InlineData("1E+2*x", 2, 200)]
    [InlineData("- - x", 4, 4)]
    [InlineData("+x", 4, 4)]
    [InlineData("( x )", 5, 5)]
    [InlineData("ln(e)", 0, 1)]
    [InlineData("cos(pi)", 0, -1)]
    public void OperatorsFollowTheUsualPrecedence(string text, double x, double expected)
        => Assert.Equal(expected, Eval(text, ("x", x)), 14);

    [Theory]
    [InlineData("ln(x)", "log(x)")]
    [InlineData("asin(x)", "arcsin(x)")]
    [InlineData("acos(x)", "arccos(x)")]
    [InlineData("atan(x)", "arctan(x)")]
    [InlineData("atanh(x)", "arctanh(x)")]
    [InlineData("asinh(x)", "arcsinh(x)")]
    [InlineData("acosh(x)", "arccosh(x)")]
    [InlineData("sign(x)", "sgn(x)")]
    public void AliasesMapToCanonicalFunctions(string alias, string canonical)
        => Assert.Equal(Expr.Parse(canonical), Expr.Parse(alias));

    [Fact]
    public void IdentifiersBecomeVariablesAndConstants()
    {
        var e = Expr.Parse("theta + x1 + m_0 + Ef + pi + e");
        Assert.Equal(["Ef", "m_0", "theta", "x1"], e.Variables);
        double v = e.Evaluate(new Dictionary<string, double> { ["theta"] = 1, ["x1"] = 2, ["m_0"] = 3, ["Ef"] = 4 });
        Assert.Equal(10 + Math.PI + Math.E, v, 14);
    }

    [Fact]
    public void DeclaredVariablesShadowTheConstants()
    {
        var e = Expr.Parse("e*pi", ["e", "pi"]);
        Assert.Equal(["e", "pi"], e.Variables);
        Assert.Equal(6, e.Evaluate(new Dictionary<string, double> { ["e"] = 2, ["pi"] = 3 }));
        Assert.Empty(Expr.Parse("e*pi", ["x"]).Variables);
    }

    [Theory]
    [InlineData("(x + 1))", 7, "Unexpected ')'")]
    [InlineData("x +", 3, "Unexpected end of input")]
    [InlineData("", 0, "Unexpected end of input")]
    [InlineData("foo(x)", 0, "Unknown function 'foo'")]
    [InlineData("2*(x + 1", 8, "Missing ')' to close the '(' at position 2")]
    [InlineData("sin(x", 5, "Missing ')' to close the '(' at position 3")]
    [InlineData("x $ y", 2, "Unexpected '$'")]
    [InlineData("sin + 1", 0, "Function 'sin' needs an argument in parentheses")]
    [InlineData("2x", 1, "Unexpected 'x'")]
    [InlineData("atan(x, y)", 6, "Function 'atan' takes one argument")]
    [InlineData("x ** * 2", 5, "Unexpected '*'")]
    [InlineData("(x y)", 3, "Expected ')' to close the '(' at position 0 but found 'y'")]
    public void ErrorsNameThePositionAndTheProblem(string text, int position, string problem)
    {
        var ex = Assert.Throws<ExpressionParseException>(() => Expr.Parse(text));
        Assert.IsAssignableFrom<FormatException>(ex);
        Assert.Equal(position, ex.Position);
        Assert.StartsWith(problem, ex.Problem);
        Assert.Equal(text, ex.Text);
        Assert.EndsWith($" at position {position} in \"{text}\"", ex.Message);
    }

    [Fact]
    public void ErrorMessageHasTheDocumentedShape()
    {
        var ex = Assert.Throws<ExpressionParseException>(() => Expr.Parse("(x + 1))"));
        Assert.Equal("Unexpected ')' at position 7 in \"(x + 1))\"", ex.Message);
    }

    [Fact]
    public void UnknownVariableIsAnErrorWhenVariablesAreListed()
    {
        var ex = Assert.Throws<ExpressionParseException>(() => Expr.Parse("x*z + y", ["x", "y"]));
        Assert.Equal(2, ex.Position);
        Assert.StartsWith("Unknown variable 'z' (expected one of: x, y)", ex.Problem);
        Assert.Equal(Expr.Parse("x*y"), Expr.Parse("x*y", ["x", "y"]));
    }

    [Fact]
    public void NullTextIsRejected() => Assert.Throws<ArgumentNullException>(() => Expr.Parse(null!));
}
