using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Tests.Symbolic;

/// <summary>The README's expressions example, compiled and checked (the text between the markers is what the README shows).</summary>
public class ExpressionsReadmeExampleTests
{
    private static (Expr Law, double Rmse, bool Same) Example()
    {
        // README:expressions:begin
        var lib = SymbolicLibrary.CreateDefault();
        Expr x = Expr.Var("x"), y = Expr.Var("y");
        // Each edge snapped to c*f(a*x + b) + d; a node sums its incoming edges.
        var hidden = Expr.FromEdge(lib["sin"], 3.14159264, 1e-9, 0.99999997, 0, x)
                   + Expr.FromEdge(lib["x^2"], 1.0, 0.0, 1.0000001, 2e-9, y);
        var formula = Expr.FromEdge(lib["exp"], 1, 0, 1.00000002, 3e-10, hidden);

        Expr law = formula.Simplify(new SimplifyOptions { RoundDigits = 4 });
        Console.WriteLine(law);                 // exp(y^2 + sin(pi*x))
        Console.WriteLine(law.ToLatex());       // e^{y^{2} + \sin\left(\pi x\right)}

        var data = Dataset.FromFunction(p => Math.Exp(Math.Sin(Math.PI * p[0]) + p[1] * p[1]), 500, [-1, -1], [1, 1], seed: 1);
        Func<double[], double> f = law.Compile(["x", "y"]);   // same values as law.Evaluate, much faster
        double rmse = ExprBatch.Rmse(f, data);                // round-off only

        var truth = Expr.Parse("exp(-(theta/sigma)**2/2)/(sqrt(2*pi)*sigma)");   // AI Feynman syntax
        var candidate = Expr.Parse("exp(-theta^2/(2*sigma^2))/sqrt(2*pi*sigma^2)");
        bool same = Expr.NumericallyEqual(truth, candidate,
            new Dictionary<string, (double, double)> { ["theta"] = (-3, 3), ["sigma"] = (1, 3) });   // true
        // README:expressions:end
        return (law, rmse, same);
    }

    [Fact]
    public void TheExampleDoesWhatItsCommentsSay()
    {
        var (law, rmse, same) = Example();
        Assert.Equal("exp(y^2 + sin(pi*x))", law.ToString());
        Assert.Equal(@"e^{y^{2} + \sin\left(\pi x\right)}", law.ToLatex());
        Assert.True(rmse < 1e-13, $"RMSE {rmse:E2}");
        Assert.True(same);
    }
}
