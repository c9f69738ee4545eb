using Kan.Physics.Expressions;
using Kan.Physics.Networks;
using Kan.Physics.Symbolic;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Symbolic;

public class SymmetryReductionTests
{
    private static KanNetwork Fit(Func<double[], double> f, int d, double lo, double hi)
    {
        var train = Dataset.FromFunction(f, 400, Enumerable.Repeat(lo, d).ToArray(), Enumerable.Repeat(hi, d).ToArray(), seed: 1);
        var net = KanNetwork.Create([d, 5, 1], new KanOptions { Seed = 1 });
        new Trainer(new TrainingOptions { Steps = 40 }).Fit(net, train);
        return net;
    }

    [Fact]
    public void Bose_Einstein_reduces_to_one_variable()
    {
        // 1/(exp(a b / (c d)) - 1) depends on its four variables only through a*b/(c*d)
        static double F(double[] p) => 1 / (Math.Exp(p[0] * p[1] / (p[2] * p[3])) - 1);
        var net = Fit(F, 4, 1, 2);
        var x = Dataset.FromFunction(F, 300, [1, 1, 1, 1], [2, 2, 2, 2], seed: 3).Inputs;
        var reduced = SymmetryReduction.Reduce(net, x, ["a", "b", "c", "d"]);
        var u = Assert.Single(reduced);
        // the one variable is the law's combination or its inverse, exactly
        var value = u.Compile(["a", "b", "c", "d"]);
        double[] p = [1.3, 1.7, 1.1, 1.9];
        double w = p[0] * p[1] / (p[2] * p[3]), v = value(p);
        Assert.True(Math.Abs(v - w) < 1e-12 * w || Math.Abs(v - 1 / w) < 1e-12 / w, $"{u} = {v}, law's variable {w}");
    }

    [Fact]
    public void Variables_without_a_symmetry_stay()
    {
        // exp(-x y) z: x and y merge into x*y; that and z do not combine
        static double F(double[] p) => Math.Exp(-p[0] * p[1]) * p[2];
        var net = Fit(F, 3, 0.5, 1.5);
        var x = Dataset.FromFunction(F, 300, [0.5, 0.5, 0.5], [1.5, 1.5, 1.5], seed: 3).Inputs;
        var reduced = SymmetryReduction.Reduce(net, x, ["x", "y", "z"]);
        Assert.Equal(["x*y", "z"], reduced.Select(e => e.ToString()));
    }
}
