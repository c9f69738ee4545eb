using Kan.Physics.EdgeFunctions;
using Kan.Physics.Expressions;
using Kan.Physics.Networks;
using Kan.Physics.Symbolic;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Symbolic;

public class ProductLawTests
{
    [Fact]
    public void A_network_with_a_multiplication_node_reads_off_x_y_sin_z_exactly()
    {
        // one multiplication node of arity 3: f = (sum_i phi_i0)(sum_i phi_i1)(sum_i phi_i2); sparse training leaves one
        // variable per factor, and auto-symbolic snaps them to x, y and sin(z): the formula is the product itself
        static double F(double[] p) => p[0] * p[1] * Math.Sin(p[2]);
        double[] lo = [0.5, 0.5, 0.3], hi = [1.5, 1.5, 2.5];
        var train = Dataset.FromFunction(F, 400, lo, hi, seed: 1);
        var test = Dataset.FromFunction(F, 400, lo, hi, seed: 2);
        var options = new SymbolicRegressionOptions
        {
            Widths = [3, 1], Multiplication = [0, 1], MultiplicationArity = 3, InputNames = ["x", "y", "z"],
            Grids = [5, 10], SparseSteps = 30, StepsPerGrid = 20, RetrainSteps = 30, Restarts = 2, Seed = 0,
            Symbolic = new AutoSymbolicOptions { Library = SymbolicLibrary.CreateDefault() },
        };
        var r = SymbolicRegression.Run(train, test, options);
        string stages = string.Join("; ", r.Stages.Select(s => $"{s.Name} {s.TrainRmse:E2}"));
        Assert.True(r.Formulas is [_], stages);
        var formula = r.Formulas![0].Simplify();
        var truth = Expr.Parse("x*y*sin(z)", ["x", "y", "z"]);
        var box = new Dictionary<string, (double, double)> { ["x"] = (0.5, 1.5), ["y"] = (0.5, 1.5), ["z"] = (0.3, 2.5) };
        Assert.True(Expr.NumericallyEqual(formula, truth, box, 500, 1e-6, seed: 3), $"{formula} after {stages}");
        Assert.Equal([new NodeWidth(3), new NodeWidth(0, 1)], r.Symbolic.NodeWidths);
    }
}

public class ExactConstantTests
{
    [Theory]
    [InlineData(1 / (6 * Math.PI), "x/(6*pi)")]
    [InlineData(1 / (2 * Math.PI), "x/(2*pi)")]
    [InlineData(3 * Math.PI * Math.PI / 4, "3*pi^2*x/4")]
    [InlineData(0.7071067811865476, "sqrt(2)*x/2")]
    [InlineData(2 * Math.E, "2*x*exp(1)")]
    [InlineData(0.9189385332046728, "x*log(2*pi)/2")]
    public void Constants_exact_to_rounding_print_as_symbols(double c, string expected)
    {
        var options = new SimplifyOptions { RecognizeConstants = true, ConstantTolerance = 1e-12 };
        var e = (Expr.Const(c) * Expr.Var("x")).Simplify(options);
        Assert.Equal(c * 0.37, e.Evaluate(new Dictionary<string, double> { ["x"] = 0.37 }), 14);
        Assert.Equal(expected, e.ToString().Replace(" ", ""));
        // a constant off by more than the tolerance stays a number
        var off = (Expr.Const(c * (1 + 1e-9)) * Expr.Var("x")).Simplify(options);
        Assert.Matches(@"^[0-9.e+-]+\*x$", off.ToString().Replace(" ", ""));
    }

    [Fact]
    public void The_law_search_prints_one_over_two_pi_as_a_symbol()
    {
        // y = a/(2 pi) + b: the least-squares coefficient 0.15915494309... is recognised as 1/(2*pi)
        static double F(double[] p) => p[0] / (2 * Math.PI) + p[1];
        var train = Dataset.FromFunction(F, 200, [1, 1], [2, 2], seed: 1);
        var test = Dataset.FromFunction(F, 200, [1, 1], [2, 2], seed: 2);
        var law = LawSearch.Run(train, test, ["a", "b"], [new(0, "x"), new(1, "x")]);
        Assert.NotNull(law);
        Assert.Equal("a/(2*pi) + b", law!.Formula.ToString());
    }
}
