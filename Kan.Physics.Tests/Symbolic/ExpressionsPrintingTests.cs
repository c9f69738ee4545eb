using Kan.Physics.Expressions;

namespace Kan.Physics.Tests.Symbolic;

public class ExpressionsPrintingTests
{
    private static readonly Expr X = new Variable("x"), Y = new Variable("y"), Z = new Variable("z");

    public static TheoryData<Expr, string> BuiltExpressions => new()
    {
        { X * Y + Expr.Call("sin", Expr.Pi * X), "x*y + sin(pi*x)" },
        { Expr.Pow(X, 2), "x^2" },
        { Expr.Divide(1, X + 1), "1/(x + 1)" },
        { -X, "-x" },
        { X - Y, "x - y" },
        { X - (Y + Z), "x - (y + z)" },
        { -(X + Y), "-(x + y)" },
        { -X + Y, "y - x" },
        { X / (Y * Z), "x/(y*z)" },
        { X / Y / Z, "x/(y*z)" },
        { X / Expr.Pow(Y, 2), "x/y^2" },
        { Expr.Pow(X, -0.5), "1/sqrt(x)" },
        { Expr.Pow(X, 0.5), "sqrt(x)" },
        { Expr.Pow(X, -2), "1/x^2" },
        { Expr.Pow(X + 1, 2), "(x + 1)^2" },
        { Expr.Pow(Expr.Pow(X, 2), 3), "(x^2)^3" },
        { Expr.Pow(X, Expr.Pow(Y, Z)), "x^(y^z)" },
        { Expr.Pow(-2, 3), "(-2)^3" },
        { X * (Y / Z), "x*y/z" },
        { new Product(X, new Product(Y, Expr.Pow(Z, -1))), "x*y/z" },
        { new Product(X, new Product(new Constant(-1), Y)), "x*(-y)" },
        { Expr.Pow(X, -Y), "x^(-y)" },
        { Expr.Pow(-X, 2), "(-x)^2" },
        { new Product(X, new Constant(-2)), "x*(-2)" },
        { 2.5 * X, "5*x/2" },
        { -0.5 * X, "-x/2" },
        { 0.3 * X, "0.3*x" },
        { new Constant(1e-9), "1e-9" },
        { new Constant(1.5e20), "1.5e20" },
        { new Constant(1.0 / 3), "1/3" },
        { new Constant(-4), "-4" },
        { Expr.Pow(X, 1.0 / 3), "x^(1/3)" },
        { Expr.Call("ln", X), "log(x)" },
        { Expr.Pow(Expr.Call("exp", X), 2), "exp(x)^2" },
        { Expr.Divide(-1, X), "-1/x" },
    };

    [Theory]
    [MemberData(nameof(BuiltExpressions))]
    public void PlainTextUsesMinimalParentheses(Expr e, string expected)
    {
        Assert.Equal(expected, e.ToString());
        ExpressionsTestData.AssertSameValues(e, Expr.Parse(expected), 1e-12, 50, "printed text must mean the same:");
    }

    [Theory]
    [InlineData("sin(pi*x)", @"\sin\left(\pi x\right)")]
    [InlineData("1/(x + 1)", @"\frac{1}{x + 1}")]
    [InlineData("x^2", @"x^{2}")]
    [InlineData("sqrt(x)", @"\sqrt{x}")]
    [InlineData("1/sqrt(x)", @"\frac{1}{\sqrt{x}}")]
    [InlineData("exp(sin(pi*x) + y^2)", @"e^{y^{2} + \sin\left(\pi x\right)}")]
    [InlineData("theta*sigma", @"\sigma \theta")]
    [InlineData("x1 + m_0 + omega_0 + Ef + lambd + Omega", @"\mathrm{Ef} + \Omega + \lambda + m_{0} + \omega_{0} + x_{1}")]
    [InlineData("exp(-(theta/sigma)**2/2)/(sqrt(2*pi)*sigma)", @"\frac{e^{-\frac{\theta^{2}}{2 \sigma^{2}}}}{\sigma \sqrt{2 \pi}}")]
    [InlineData("q1*q2/(4*pi*epsilon*r**2)", @"\frac{q_{1} q_{2}}{4 \pi \epsilon r^{2}}")]
    [InlineData("-(x + y)/(x - 2*y)", @"-\frac{x + y}{x - 2 y}")]
    [InlineData("abs(x) + sgn(y)", @"\left|x\right| + \operatorname{sgn}\left(y\right)")]
    [InlineData("1e-9*x", @"10^{-9} x")]
    [InlineData("2.5e-9*x", @"2.5 \cdot 10^{-9} x")]
    [InlineData("x/3", @"\frac{x}{3}")]
    [InlineData("sin(x)^2", @"\left(\sin\left(x\right)\right)^{2}")]
    [InlineData("x*(y + 1)", @"x \left(y + 1\right)")]
    public void LatexOfSimplifiedFormulas(string input, string expected)
        => Assert.Equal(expected, Expr.Parse(input).Simplify().ToLatex());

    [Fact]
    public void LatexSeparatesNumbersWithCdot()
        => Assert.Equal(@"2 \cdot 3^{x}", new Product(new Constant(2), Expr.Pow(3, X)).ToLatex());

    [Fact]
    public void StructuralEqualityIsByValueAndOrder()
    {
        Assert.Equal(Expr.Parse("x + y"), Expr.Parse("x+y"));
        Assert.True(Expr.Parse("x + y") == Expr.Parse(" x +  y "));
        Assert.NotEqual(Expr.Parse("x + y"), Expr.Parse("y + x"));
        Assert.Equal(Expr.Parse("x + y").Simplify(), Expr.Parse("y + x").Simplify());
        Assert.Equal(Expr.Parse("x + y").GetHashCode(), Expr.Parse("x+y").GetHashCode());
        Assert.Equal(new Constant(0.0), new Constant(-0.0));
        Assert.Equal(new Constant(0.0).GetHashCode(), new Constant(-0.0).GetHashCode());
        Assert.NotEqual(new Constant(Math.PI), Expr.Pi);
        Assert.True(Expr.Parse("sin(x)") != Expr.Parse("cos(x)"));
    }

    [Fact]
    public void ConstructorsRejectBadArguments()
    {
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new Variable("2x")).ParamName);
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new FunctionCall("foo", X)).ParamName);
        var ex = Assert.Throws<ArgumentException>(() => new Sum(X));
        Assert.Equal("terms", ex.ParamName);
        Assert.Contains("got 1", ex.Message);
        Assert.Equal("factors", Assert.Throws<ArgumentException>(() => new Product(new[] { X })).ParamName);
    }
}
