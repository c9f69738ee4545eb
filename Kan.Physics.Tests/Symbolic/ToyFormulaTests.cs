using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Symbolic;

/// <summary>The KAN paper's toy example end to end: data -> sparse [2,5,1] -> prune -> formulas -> exact law.</summary>
public class ToyFormulaTests
{
    [Fact]
    public void ToyExampleRecoversExpOfSinPlusSquareToRoundingError()
    {
        static double F(double[] p) => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]);
        var train = Dataset.FromFunction(F, 1000, [-1, -1], [1, 1], seed: 1);
        var test = Dataset.FromFunction(F, 1000, [-1, -1], [1, 1], seed: 2);
        var result = SymbolicRegression.Run(train, test, new SymbolicRegressionOptions
        {
            Widths = [2, 5, 1], InputNames = ["x", "y"], Restarts = 2, Seed = 0,
        });
        Assert.Equal([2, 1, 1], result.Pruned.Widths);
        Assert.All(result.Choices, c => Assert.True(c.Fixed));
        Assert.Equal(["sin", "x^2", "exp"], result.Choices.Select(c => c.Fit!.Function.Name).ToArray());
        Assert.True(result.FinalRmse <= 1e-8, $"test RMSE of the formula network {result.FinalRmse:E2}");

        var raw = result.Formulas![0];
        // the raw composition evaluates like the network
        var compiled = raw.Compile(["x", "y"]);
        Assert.True(ExprBatch.Rmse(compiled, test.Inputs, 2, test.Targets) <= 1e-8);
        // simplified, with constants within 1e-6 of integers and pi snapped, it is the law itself
        var formula = raw.Simplify();
        Assert.Equal("exp(y^2 + sin(pi*x))", formula.ToString());
        Assert.True(Expr.NumericallyEqual(formula, Expr.Parse("exp(sin(pi*x) + y^2)"), new Dictionary<string, (double, double)> { ["x"] = (-1, 1), ["y"] = (-1, 1) }, 200, 1e-12));
        // with nothing snapped the constants are still within 1e-4 of (1, pi, 1)
        var exact = raw.Simplify(SimplifyOptions.Exact).ToString();
        Assert.Contains("exp(", exact);
        Assert.Contains("sin(", exact);
    }
}
