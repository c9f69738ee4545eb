using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Tests.Symbolic;

public class ExpressionsEvaluationTests
{
    [Theory]
    [MemberData(nameof(ExpressionsParsingTests.Formulas), MemberType = typeof(ExpressionsParsingTests))]
    public void CompiledDelegateAgreesWithEvaluateExactly(string text)
    {
        var e = Expr.Parse(text);
        var order = e.Variables.Reverse().ToArray();   // any order works; the delegate reads by position
        var f = e.Compile(order);
        var rng = new Random(1);
        for (int i = 0; i < 20; i++)
        {
            var x = order.Select(v => v == "c" ? 3 + rng.NextDouble() : 0.2 + 1.8 * rng.NextDouble()).ToArray();
            var values = order.Select((v, j) => (v, j)).ToDictionary(t => t.v, t => x[t.j]);
            Assert.Equal(e.Evaluate(values), f(x));
        }
    }

    [Fact]
    public void CompiledRandomTreesAgreeWithEvaluate()
    {
        var rng = new Random(2);
        string[] order = ["x", "y", "z"];
        for (int i = 0; i < 60; i++)
        {
            var e = ExpressionsTestData.RandomExpr(rng, 4);
            var f = e.Compile(order);
            double[] x = [rng.NextDouble() * 4 - 2, rng.NextDouble() * 4 - 2, rng.NextDouble() * 4 - 2];
            double expected = e.Evaluate(new Dictionary<string, double> { ["x"] = x[0], ["y"] = x[1], ["z"] = x[2] });
            Assert.Equal(expected, f(x));
        }
    }

    [Fact]
    public void EvaluateMatchesHandWrittenCode()
    {
        var e = Expr.Parse("exp(-(theta/sigma)**2/2)/(sqrt(2*pi)*sigma)");
        double theta = 0.7, sigma = 1.3;
        double expected = Math.Exp(-(theta / sigma) * (theta / sigma) / 2) / (Math.Sqrt(2 * Math.PI) * sigma);
        Assert.Equal(expected, e.Evaluate(new Dictionary<string, double> { ["theta"] = theta, ["sigma"] = sigma }), 15);
        var ex = Assert.Throws<ArgumentException>(() => e.Evaluate(new Dictionary<string, double> { ["theta"] = theta }));
        Assert.Contains("'sigma'", ex.Message);
    }

    [Fact]
    public void CompileRejectsAnIncompleteOrDuplicatedVariableOrder()
    {
        var e = Expr.Parse("x + y");
        var ex = Assert.Throws<ArgumentException>(() => e.Compile(["x"]));
        Assert.Equal("variableOrder", ex.ParamName);
        Assert.Contains("'y'", ex.Message);
        Assert.Throws<ArgumentException>(() => e.Compile(["x", "y", "x"]));
        Assert.Equal(3, e.Compile(["unused", "y", "x"])([100, 1, 2]));
    }

    [Fact]
    public void BatchHelpersEvaluateRowsAndScore()
    {
        static double Toy(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);
        var data = Dataset.FromFunction(Toy, 200, lower: [-1, -1], upper: [1, 1], seed: 4);
        var law = Expr.Parse("exp(sin(pi*x) + y^2)");
        var f = law.Compile(["x", "y"]);

        var values = ExprBatch.EvaluateRows(f, data.Inputs, 2);
        Assert.Equal(data.Count, values.Length);
        for (int i = 0; i < data.Count; i++) Assert.Equal(data.Targets[i], values[i], 12);

        Assert.True(ExprBatch.Rmse(f, data) < 1e-13);
        // A constant offset of 0.25 gives an RMSE of exactly 0.25.
        var shifted = Expr.Add(law, 0.25);
        Assert.Equal(0.25, ExprBatch.Rmse(shifted, ["x", "y"], data.Inputs, data.Targets), 12);
        // Swapping the columns changes the score.
        Assert.True(ExprBatch.Rmse(law, ["y", "x"], data.Inputs, data.Targets) > 0.1);

        var ex = Assert.Throws<ArgumentException>(() => ExprBatch.Rmse(f, data.Inputs, 2, data.Targets.AsSpan(1)));
        Assert.Equal("targets", ex.ParamName);
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => ExprBatch.EvaluateRows(f, new double[5], 2)).ParamName);
    }

    [Fact]
    public void NumericallyEqualRecognisesEqualLaws()
    {
        var ranges = new Dictionary<string, (double, double)> { ["x"] = (-2, 2), ["y"] = (-2, 2), ["z"] = (-2, 2) };
        Assert.True(Expr.NumericallyEqual(Expr.Parse("x*(y+z)"), Expr.Parse("x*y + x*z"), ranges));
        Assert.False(Expr.NumericallyEqual(Expr.Parse("sin(x)"), Expr.Parse("x"), ranges));
        Assert.True(Expr.NumericallyEqual(Expr.Parse("sqrt(x^2)"), Expr.Parse("abs(x)"), ranges));

        var gauss = new Dictionary<string, (double, double)> { ["theta"] = (-3, 3), ["sigma"] = (1, 3) };
        Assert.True(Expr.NumericallyEqual(
            Expr.Parse("exp(-(theta/sigma)**2/2)/(sqrt(2*pi)*sigma)"),
            Expr.Parse("exp(-theta**2/(2*sigma**2))/sqrt(2*pi*sigma**2)"), gauss));
    }

    [Fact]
    public void NumericComparisonReportsToleranceSkipsAndMismatches()
    {
        var r = new Dictionary<string, (double, double)> { ["x"] = (1, 2) };
        var a = Expr.Parse("x");
        var b = Expr.Parse("x + 1e-12");
        Assert.True(Expr.NumericallyEqual(a, b, r, relativeTolerance: 1e-9));
        var strict = Expr.CompareNumerically(a, b, r, relativeTolerance: 1e-14);
        Assert.False(strict.Equal);
        Assert.InRange(strict.MaxError, 1e-13, 1e-12);
        Assert.NotNull(strict.WorstPoint);

        // log is NaN for x < 0 on both sides: those points are skipped, not failed.
        var sym = new Dictionary<string, (double, double)> { ["x"] = (-1, 1) };
        var logs = Expr.CompareNumerically(Expr.Parse("log(x)"), Expr.Parse("log(x^3)/3"), sym, points: 200);
        Assert.True(logs.Equal);
        Assert.InRange(logs.Skipped, 50, 150);
        Assert.Equal(200, logs.Skipped + logs.Compared);

        // Only one side defined: a mismatch.
        var half = Expr.CompareNumerically(Expr.Parse("sqrt(x)"), Expr.Parse("sqrt(abs(x))"), sym);
        Assert.False(half.Equal);
        Assert.True(half.Mismatched > 0);
        Assert.True(half.WorstPoint!["x"] < 0);

        // Zero crossings do not blow up the relative error.
        Assert.True(Expr.NumericallyEqual(Expr.Parse("sin(x)*cos(x)"), Expr.Parse("sin(2*x)/2"), sym, 1000, 1e-12));

        Assert.Equal("ranges", Assert.Throws<ArgumentException>(() => Expr.NumericallyEqual(Expr.Parse("x + y"), a, r)).ParamName);
    }

    [Theory]
    [InlineData("x^3*sin(y*x)")]
    [InlineData("exp(-x^2/2)/sqrt(x + 3)")]
    [InlineData("log(x)*x^x")]
    [InlineData("arctan(x) + tanh(2*x) + sigmoid(x) + gaussian(x)")]
    [InlineData("arcsin(x/2)*cosh(x) + arccos(x/3) + arctanh(x/2)")]
    [InlineData("tan(x) + sinh(x)/(1 + x^2) + 2^x")]
    [InlineData("asinh(x) + acosh(x + 1) + abs(x - 5)")]
    public void DerivativesMatchCentralDifferences(string text)
    {
        var e = Expr.Parse(text);
        var d = e.Differentiate("x");
        var rng = new Random(9);
        for (int i = 0; i < 10; i++)
        {
            double x = 0.3 + 1.2 * rng.NextDouble(), y = 0.5;
            double F(double t) => e.Evaluate(new Dictionary<string, double> { ["x"] = t, ["y"] = y });
            const double h = 1e-5;
            double fd = (F(x + h) - F(x - h)) / (2 * h);
            double exact = d.Evaluate(new Dictionary<string, double> { ["x"] = x, ["y"] = y });
            Assert.True(Math.Abs(fd - exact) < 1e-6 * (1 + Math.Abs(fd)), $"d/dx {text} at {x}: {exact} vs {fd} ({d})");
        }
        Assert.Equal("0", Expr.Parse("y^2 + 3").Differentiate("x").ToString());
        Assert.Equal("2*x", Expr.Parse("x^2").Differentiate("x").ToString());
    }

    [Fact]
    public void FromLibraryMatchesEveryDefaultFunction()
    {
        var lib = SymbolicLibrary.CreateDefault();
        var u = new Variable("u");
        foreach (var f in lib.Functions)
        {
            var e = Expr.FromLibrary(f, u);
            Assert.Equal(e, Expr.FromLibrary(f.Name, u));
            foreach (double x in new[] { 0.3, 0.77, -0.4, 2.5, -1.7 })
            {
                if (!f.Domain(x)) continue;
                double expected = f.Evaluate(x);
                double actual = e.Evaluate(new Dictionary<string, double> { ["u"] = x });
                Assert.True(Math.Abs(expected - actual) <= 1e-14 * (1 + Math.Abs(expected)), $"{f.Name}({x}): {actual} vs {expected}");
            }
        }
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => Expr.FromLibrary("nope", u)).ParamName);
    }

    [Fact]
    public void FromEdgeBuildsAffineWrappedFunctions()
    {
        var lib = SymbolicLibrary.CreateDefault();
        var edge = Expr.FromEdge(lib["sin"], a: 3.0, b: 0.5, c: 2.0, d: -1.0, new Variable("x"));
        Assert.Equal(2 * Math.Sin(3 * 0.4 + 0.5) - 1, edge.Evaluate(new Dictionary<string, double> { ["x"] = 0.4 }), 14);
        Assert.Equal("2*sin(3*x + 1/2) - 1", edge.Simplify().ToString());

        // A node sums its incoming edges: the toy KAN's output composed from two snapped edges.
        var x = new Variable("x");
        var y = new Variable("y");
        var hidden = Expr.Add(Expr.FromEdge(lib["sin"], Math.PI, 0, 1, 0, x), Expr.FromEdge(lib["x^2"], 1, 0, 1, 0, y));
        var output = Expr.FromEdge(lib["exp"], 1, 0, 1, 0, hidden);
        Assert.Equal("exp(y^2 + sin(pi*x))", output.Simplify().ToString());
    }

    [Fact]
    public void UserFunctionsAreTranslatedThroughTheirTemplate()
    {
        var sinh = new SymbolicFunction("sinh2", 5, t => Math.Sinh(2 * t), t => 2 * Math.Cosh(2 * t), _ => true, "all real x", "sinh(2*({0}))");
        var e = Expr.FromLibrary(sinh, Expr.Parse("x + 1"));
        Assert.Equal(Math.Sinh(2 * 1.5), e.Evaluate(new Dictionary<string, double> { ["x"] = 0.5 }), 12);
        var bad = new SymbolicFunction("weird", 5, t => t, _ => 1, _ => true, "all real x", "W[{0}]");
        Assert.Equal("function", Assert.Throws<ArgumentException>(() => Expr.FromLibrary(bad, new Variable("x"))).ParamName);
    }

    [Fact]
    public void ConstantsCanBeReadAndWrittenBack()
    {
        var e = Expr.Parse("1.5*sin(2.5*x) + 0.5*x^2");
        Assert.Equal([1.5, 2.5, 0.5, 2], e.NumericConstants);
        Assert.Equal(e, e.WithNumericConstants(e.NumericConstants));
        var changed = e.WithNumericConstants([1, Math.PI, 2, 3]);
        Assert.Equal(Math.Sin(Math.PI * 0.3) + 2 * Math.Pow(0.3, 3), changed.Evaluate(new Dictionary<string, double> { ["x"] = 0.3 }), 14);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => e.WithNumericConstants([1])).ParamName);
    }

    [Fact]
    public void SubstituteReplacesVariables()
    {
        var e = Expr.Parse("x^2 + y").Substitute("x", Expr.Parse("a + 1"));
        Assert.Equal(["a", "y"], e.Variables);
        Assert.Equal(9 + 5, e.Evaluate(new Dictionary<string, double> { ["a"] = 2, ["y"] = 5 }));
        Assert.Equal(3, Expr.Parse("x*y").NodeCount);
    }
}
