using Kan.Physics.Expressions;
using Kan.Physics.Interpretation;
using Kan.Physics.Jets;
using Kan.Physics.Networks;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Interpretation;

public class StructureDetectionTests
{
    private static readonly string[] Names = ["x", "y", "z"];

    /// <summary>Random points in the box and the exact order-2 jet of the formula there (symbolic derivatives).</summary>
    private static (double[] X, JetBlock Jet) ExactJet(string formula, int d, double lo, double hi, int n = 200, int seed = 1)
    {
        var names = Names[..d];
        var f = Expr.Parse(formula, names);
        var rng = new Random(seed);
        var x = Enumerable.Range(0, n * d).Select(_ => lo + (hi - lo) * rng.NextDouble()).ToArray();
        var jet = new JetBlock(n, 1, d, 2);
        var value = f.Compile(names);
        var grad = names.Select(a => f.Differentiate(a)).ToArray();
        var g = grad.Select(e => e.Compile(names)).ToArray();
        var h = new Func<double[], double>[d, d];
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++) h[a, b] = grad[a].Differentiate(names[b]).Compile(names);
        for (int s = 0; s < n; s++)
        {
            var p = x.AsSpan(s * d, d).ToArray();
            jet.Value(s, 0) = value(p);
            for (int a = 0; a < d; a++)
            {
                jet.Gradient(s, 0, a) = g[a](p);
                for (int b = a; b < d; b++) jet.Hessian(s, 0, a, b) = h[a, b](p);
            }
        }
        return (x, jet);
    }

    private static string Groups(IReadOnlyList<int[]> groups) => string.Join(" ", groups.Select(g => "{" + string.Join(",", g) + "}"));

    [Theory]
    // formula, additive groups, multiplicative groups
    [InlineData("x^2 + sin(y) + z", "{0} {1} {2}", "{0,1,2}")]
    [InlineData("x*y*sin(z)", "{0,1,2}", "{0} {1} {2}")]
    [InlineData("exp(x*y) + z", "{0,1} {2}", "{0,1,2}")]
    [InlineData("x*sin(y + z)", "{0,1,2}", "{0} {1,2}")]
    [InlineData("sin(x*y + z)", "{0,1,2}", "{0,1,2}")]
    [InlineData("(x + y)/(1 + x*y*z)", "{0,1,2}", "{0,1,2}")]
    public void SeparabilityOfKnownFunctions(string formula, string additive, string multiplicative)
    {
        var (x, jet) = ExactJet(formula, 3, 0.5, 2);
        var r = StructureDetection.Analyze(x, jet);
        Assert.Equal(additive, Groups(r.AdditiveGroups));
        Assert.Equal(multiplicative, Groups(r.MultiplicativeGroups));
    }

    [Theory]
    [InlineData("sin(x - y) + y*0", PairSymmetryKind.Difference)]
    [InlineData("exp(-(x + y)^2)", PairSymmetryKind.Sum)]
    [InlineData("(x/y)^2 + log(x/y)", PairSymmetryKind.Ratio)]
    [InlineData("1/(1 + x*y)", PairSymmetryKind.Product)]
    public void PairSymmetriesOfKnownFunctions(string formula, PairSymmetryKind kind)
    {
        var (x, jet) = ExactJet(formula, 2, 0.5, 2);
        var r = StructureDetection.Analyze(x, jet);
        var s = Assert.Single(r.Symmetries);
        Assert.Equal((0, 1, kind), (s.First, s.Second, s.Kind));
        Assert.True(s.Residual < 1e-12, $"residual {s.Residual}");
    }

    [Fact]
    public void NoSymmetryWhereThereIsNone()
    {
        var (x, jet) = ExactJet("x^2*y + sin(y)", 2, 0.5, 2);
        var r = StructureDetection.Analyze(x, jet);
        Assert.Empty(r.Symmetries);
        Assert.Equal("not separable", r.Describe(["a", "b"]));
    }

    [Theory]
    [InlineData(0, "{0,1,2}", "{0} {1} {2}")] // a*b*c: a product, not a sum
    [InlineData(1, "{0} {1} {2}", "{0,1,2}")] // a^2 + sin(b) + c: a sum, not a product
    public void AFittedPlainNetworkShowsTheLawsStructure(int law, string additive, string multiplicative)
    {
        // a plain [3,5,1] KAN fitted to about 5e-4 RMSE tells the structure from its own Hessian
        Func<double[], double> f = law == 0 ? p => p[0] * p[1] * p[2] : p => p[0] * p[0] + Math.Sin(p[1]) + p[2];
        var train = Dataset.FromFunction(p => f(p), 400, [0.5, 0.5, 0.5], [1.5, 1.5, 1.5], seed: 1);
        var net = KanNetwork.Create([3, 5, 1], new KanOptions { Seed = 1 });
        new Trainer(new TrainingOptions { Steps = 30 }).Fit(net, train);
        var r = StructureDetection.Analyze(net, train.Inputs);
        Assert.Equal(additive, Groups(r.AdditiveGroups));
        Assert.Equal(multiplicative, Groups(r.MultiplicativeGroups));
        // a*b*c also depends on each pair only through its product: a f_a - b f_b = 0
        Assert.Equal(law == 0 ? "product of {a} {b} {c}; symmetries: a*b, a*c, b*c" : "sum of {a} {b} {c}", r.Describe(["a", "b", "c"]));
    }
}
