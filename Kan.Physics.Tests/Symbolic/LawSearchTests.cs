using Kan.Physics.Layers;
using Kan.Physics.Networks;
using Kan.Physics.Symbolic;
using Kan.Physics.Expressions;
using Kan.Physics.Training;
using Xunit;
using Kan.Physics.EdgeFunctions;

namespace Kan.Physics.Tests.Symbolic;

public class LawSearchTests
{
    private static (Dataset Train, Dataset Test) Data(Func<double[], double> f, double[] lo, double[] hi, int seed = 0)
        => (Dataset.FromFunction(f, 300, lo, hi, seed), Dataset.FromFunction(f, 300, lo, hi, seed + 100));

    private static void AssertLaw(LawSearchResult? law, string truth, string[] names, double[] lo, double[] hi)
    {
        Assert.NotNull(law);
        var box = new Dictionary<string, (double, double)>();
        for (int i = 0; i < names.Length; i++) box[names[i]] = (lo[i], hi[i]);
        var cmp = Expr.CompareNumerically(law!.Formula, Expr.Parse(truth, names), box, 500, 1e-9, seed: 3);
        Assert.True(cmp.Equal, $"found {law.Formula}, expected {truth}");
        Assert.True(law.TrainError < 1e-8 && law.TestError < 1e-8, $"errors {law.TrainError:E2} / {law.TestError:E2}");
    }

    [Fact]
    public void A_product_with_a_sine_is_a_two_term_polynomial_in_the_features()
    {
        double[] lo = [-1, 0], hi = [1, 2 * Math.PI];
        var (train, test) = Data(x => 1 + x[0] * Math.Sin(x[1]), lo, hi);
        LawFeature[] features = [new(0, "x"), new(1, "x"), new(1, "sin"), new(1, "cos")];
        var law = LawSearch.Run(train, test, ["a", "theta"], features);
        AssertLaw(law, "1 + a*sin(theta)", ["a", "theta"], lo, hi);
        Assert.Equal(LawTransform.None, law!.Transform);
        Assert.False(law.Rational);
        Assert.Equal(2, law.Terms);
        Assert.Equal("a*sin(theta) + 1", law.Formula.ToString());
    }

    [Fact]
    public void A_rational_law_is_found_when_no_polynomial_fits()
    {
        double[] lo = [0.5, -1], hi = [2, 1];
        var (train, test) = Data(x => (1 + x[0] * x[1]) / (1 + x[0]), lo, hi);
        var law = LawSearch.Run(train, test, ["a", "b"], [new(0, "x"), new(1, "x")]);
        AssertLaw(law, "(1+a*b)/(1+a)", ["a", "b"], lo, hi);
        Assert.True(law!.Rational);
    }

    [Theory]
    [InlineData("sqrt(1+a^2+b^2)", LawTransform.Square)]
    [InlineData("tanh(arctanh(a)+arctanh(b))", LawTransform.Arctanh)]
    [InlineData("arcsin(0.5*a*b)", LawTransform.Sine)]
    public void Laws_under_an_outer_function_are_found_through_the_inverse_transform(string truth, LawTransform expected)
    {
        double[] lo = [-0.8, -0.8], hi = [0.8, 0.8];
        var f = Expr.Parse(truth, ["a", "b"]).Compile(["a", "b"]);
        var (train, test) = Data(f, lo, hi);
        LawFeature[] features = [new(0, "x"), new(0, "arctanh"), new(1, "x"), new(1, "arctanh")];
        var law = LawSearch.Run(train, test, ["a", "b"], features);
        AssertLaw(law, truth, ["a", "b"], lo, hi);
        Assert.Equal(expected, law!.Transform);
    }

    [Fact]
    public void The_gaussian_is_found_through_the_log_transform()
    {
        double[] lo = [-1, 0.5], hi = [1, 2];
        const string truth = "exp(-theta^2/(2*sigma^2))/sqrt(2*pi*sigma^2)";
        var (train, test) = Data(Expr.Parse(truth, ["theta", "sigma"]).Compile(["theta", "sigma"]), lo, hi);
        LawFeature[] features = [new(0, "x"), new(1, "x"), new(1, "1/x^2"), new(1, "log")];
        var law = LawSearch.Run(train, test, ["theta", "sigma"], features);
        AssertLaw(law, truth, ["theta", "sigma"], lo, hi);
        Assert.Equal(LawTransform.Log, law!.Transform);
    }

    [Fact]
    public void Noisy_data_or_missing_features_give_no_law()
    {
        double[] lo = [-1, 0], hi = [1, 2 * Math.PI];
        var rng = new Random(5);
        var (train, test) = Data(x => 1 + x[0] * Math.Sin(x[1]) + 1e-4 * (rng.NextDouble() - 0.5), lo, hi);
        LawFeature[] features = [new(0, "x"), new(1, "x"), new(1, "sin"), new(1, "cos")];
        Assert.Null(LawSearch.Run(train, test, ["a", "theta"], features));
        // exact data, but sin(theta) is not among the features: a polynomial in theta of a few terms cannot reach 1e-9
        var (train2, test2) = Data(x => 1 + x[0] * Math.Sin(x[1]), lo, hi);
        Assert.Null(LawSearch.Run(train2, test2, ["a", "theta"], [new(0, "x"), new(1, "x")]));
    }

    [Fact]
    public void Features_undefined_on_the_data_are_left_out()
    {
        double[] lo = [-1, -1], hi = [1, 1];
        var (train, test) = Data(x => x[0] - 2 * x[1], lo, hi);
        // log and sqrt are NaN on negative inputs: dropped, and the linear law is still found
        var law = LawSearch.Run(train, test, ["a", "b"], [new(0, "log"), new(0, "sqrt"), new(0, "x"), new(1, "x")]);
        AssertLaw(law, "a - 2*b", ["a", "b"], lo, hi);
    }

    [Fact]
    public void The_same_data_give_the_same_law()
    {
        double[] lo = [0, 0.25], hi = [2, 4];
        var (train, test) = Data(x => x[0] * (1 / x[1] - 1), lo, hi);
        var features = LawSearch.AllFeatures(2);
        var a = LawSearch.Run(train, test, ["a", "b"], features);
        var b = LawSearch.Run(train, test, ["a", "b"], features);
        Assert.NotNull(a);
        Assert.Equal(a!.Formula.ToString(), b!.Formula.ToString());
        AssertLaw(a, "a*(1/b-1)", ["a", "b"], lo, hi);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_a_message()
    {
        var (train, test) = Data(x => x[0] + x[1], [0, 0], [1, 1]);
        var e1 = Assert.Throws<ArgumentException>(() => LawSearch.Run(train, test, ["a"], [new(0, "x")]));
        Assert.Contains("1 names for 2 input columns", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => LawSearch.Run(train, test, ["a", "b"], [new(2, "x")]));
        Assert.Contains("refers to input 2", e2.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LawSearch.Run(train, test, ["a", "b"], [new(0, "x")], new LawSearchOptions { Tolerance = 0 }));
        Assert.Throws<InvalidOperationException>(() => new LawFeature(0, "nope").Evaluate(1));
    }

    [Theory]
    [InlineData("x", 0.7)]
    [InlineData("1/x", 0.7)]
    [InlineData("1/x^2", 0.7)]
    [InlineData("sqrt", 0.7)]
    [InlineData("log", 0.7)]
    [InlineData("exp", -0.3)]
    [InlineData("exp(-x)", -0.3)]
    [InlineData("sin", 2.1)]
    [InlineData("cos", 2.1)]
    [InlineData("tanh", -0.4)]
    [InlineData("arcsin", 0.4)]
    [InlineData("arctanh", -0.4)]
    public void A_feature_prints_as_the_function_it_evaluates(string kind, double x)
    {
        foreach (double k in new[] { 1.0, 0.5 })
        {
            var f = new LawFeature(0, kind, k);
            double printed = Expr.Parse(f.Format("u"), ["u"]).Evaluate(new Dictionary<string, double> { ["u"] = x });
            Assert.Equal(f.Evaluate(x), printed, 1e-14);
        }
    }

    [Fact]
    public void Library_names_map_to_canonical_features()
    {
        Assert.Equal([new LawFeature(3, "x")], LawFeature.FromLibraryName(3, "x^2"));
        Assert.Equal([new LawFeature(0, "1/x"), new LawFeature(0, "1/x^2")], LawFeature.FromLibraryName(0, "1/x^2"));
        Assert.Equal([new LawFeature(1, "exp"), new LawFeature(1, "exp(-x)")], LawFeature.FromLibraryName(1, "cosh"));
        // a learned frequency near 2 gives sin(2x) and cos(2x), and sin(x), cos(x) besides
        var trig = LawFeature.FromLibraryName(0, "sin", -1.95).ToList();
        Assert.Equal([new LawFeature(0, "sin", 2), new LawFeature(0, "cos", 2), new LawFeature(0, "sin"), new LawFeature(0, "cos")], trig);
        Assert.Empty(LawFeature.FromLibraryName(0, "no-such-function"));
    }

    [Fact]
    public void A_network_suggests_its_fixed_edge_functions_and_every_variable()
    {
        var net = KanNetwork.Create([2, 1], new KanOptions { GridSize = 5, Seed = 1 });
        var lib = SymbolicLibrary.CreateDefault();
        Assert.True(lib.TryGet("sin", out var sin));
        net.FixSymbolic(0, 1, 0, sin!, new SymbolicAffine(1.02, 0, 1, 0));
        var inputs = new double[200];
        var rng = new Random(2);
        for (int i = 0; i < inputs.Length; i++) inputs[i] = 2 * rng.NextDouble() - 1;
        var features = LawSearch.FeaturesFromNetwork(net, inputs, lib, perEdge: 2);
        Assert.Contains(new LawFeature(0, "x"), features);
        Assert.Contains(new LawFeature(1, "x"), features);
        Assert.Contains(new LawFeature(1, "sin"), features);
        Assert.Contains(new LawFeature(1, "cos"), features);
        Assert.Equal(features.Count, features.Distinct().Count());
    }
}
