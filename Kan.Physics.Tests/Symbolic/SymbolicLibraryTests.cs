using Kan.Physics.Symbolic;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Tests.Symbolic;

public class SymbolicLibraryTests
{
    private static readonly string[] ExpectedNames =
    [
        "x", "x^2", "x^3", "x^4", "x^5", "1/x", "1/x^2", "1/x^3", "1/x^4", "1/x^5", "sqrt", "x^1.5", "1/sqrt", "exp", "log",
        "sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan", "arctanh", "abs", "sgn", "gaussian", "cosh", "sigmoid", "0",
    ];

    [Fact]
    public void DefaultLibraryHasAllFunctionsInOrder()
    {
        var lib = SymbolicLibrary.CreateDefault();
        Assert.Equal(ExpectedNames, lib.Functions.Select(f => f.Name));
    }

    [Theory]
    [InlineData("x", 1)] [InlineData("x^2", 2)] [InlineData("x^4", 3)] [InlineData("1/x^3", 2)] [InlineData("x^1.5", 4)]
    [InlineData("tan", 3)] [InlineData("arctanh", 4)] [InlineData("cosh", 5)] [InlineData("sigmoid", 4)] [InlineData("0", 0)]
    public void ComplexitiesMatchPykan(string name, int complexity)
        => Assert.Equal(complexity, SymbolicLibrary.CreateDefault()[name].Complexity);

    [Fact]
    public void DerivativesMatchCentralDifferences()
    {
        var lib = SymbolicLibrary.CreateDefault();
        foreach (var f in lib.Functions)
        {
            foreach (double u in new[] { 0.3, 0.77 })
            {
                Assert.True(f.Domain(u), f.Name);
                if (f.Name == "sgn") continue; // derivative is 0 away from the jump; checked below
                const double h = 1e-5;
                double fd = (f.Evaluate(u + h) - f.Evaluate(u - h)) / (2 * h);
                Assert.True(Math.Abs(fd - f.Derivative(u)) < 1e-6 * (1 + Math.Abs(fd)), $"{f.Name}'({u}): {f.Derivative(u)} vs {fd}");
            }
        }
        Assert.Equal(0, lib["sgn"].Derivative(0.5));
    }

    [Fact]
    public void DomainsRejectUnsafeInputs()
    {
        var lib = SymbolicLibrary.CreateDefault();
        Assert.False(lib["log"].Domain(0));
        Assert.False(lib["sqrt"].Domain(-1e-9));
        Assert.True(lib["sqrt"].Domain(0));
        Assert.False(lib["1/x"].Domain(0));
        Assert.False(lib["arcsin"].Domain(1.0001));
        Assert.True(lib["arccos"].Domain(-1));
        Assert.False(lib["arctanh"].Domain(1));
        Assert.True(lib["exp"].Domain(-50));
    }

    [Fact]
    public void TemplatesPrintAroundTheArgument()
    {
        var lib = SymbolicLibrary.CreateDefault();
        Assert.Equal("sin(2*x+1)", lib["sin"].Format("2*x+1"));
        Assert.Equal("(y)^2", lib["x^2"].Format("y"));
        Assert.Equal("0", lib["0"].Format("x"));
    }

    [Fact]
    public void AddRejectsDuplicatesAndAcceptsNewNames()
    {
        var lib = SymbolicLibrary.CreateDefault();
        var sinh = new SymbolicFunction("sinh", 5, Math.Sinh, Math.Cosh, _ => true, "all real x", "sinh({0})");
        lib.Add(sinh);
        Assert.Same(sinh, lib["sinh"]);
        var dup = new SymbolicFunction("sin", 2, Math.Sin, Math.Cos, _ => true, "all real x", "sin({0})");
        var e = Assert.Throws<ArgumentException>(() => lib.Add(dup));
        Assert.Equal("function", e.ParamName);
    }

    [Fact]
    public void UnknownNameListsValidNames()
    {
        var e = Assert.Throws<ArgumentException>(() => SymbolicLibrary.CreateDefault()["sine"]);
        Assert.Equal("name", e.ParamName);
        Assert.Contains("sin, cos", e.Message);
    }

    [Fact]
    public void ConstructorValidatesArguments()
    {
        Assert.Equal("name", Assert.Throws<ArgumentException>(() => new SymbolicFunction(" ", 1, x => x, _ => 1, _ => true, "", "{0}")).ParamName);
        Assert.Equal("complexity", Assert.Throws<ArgumentOutOfRangeException>(() => new SymbolicFunction("f", -1, x => x, _ => 1, _ => true, "", "{0}")).ParamName);
        Assert.Equal("template", Assert.Throws<ArgumentException>(() => new SymbolicFunction("f", 1, x => x, _ => 1, _ => true, "", "f({1})")).ParamName);
    }
}
