using Kan.Physics.Problems.Anderson;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Expressions;

namespace Kan.Physics.Tests.Problems;

public class AndersonProblemTests
{
    internal static ResultDocument RunModule(IProblem module, Dictionary<string, string> settings, int seed, string? outDir = null)
    {
        var job = new JobSpec("t", module.Name, seed, settings);
        var context = new ProblemContext
        {
            Job = job, Settings = new ProblemSettings(module.Name, module.Settings, settings),
            Checkpoints = new CheckpointStore(Path.Combine(Path.GetTempPath(), "kan-tests-" + Guid.NewGuid().ToString("N"))), OutputDirectory = outDir,
        };
        return module.Run(context);
    }

    [Fact]
    public void ATinyGaamRunBeatsTheMajorityClassIgnoresPhiAndRecoversAnEdge()
    {
        string dir = Directory.CreateTempSubdirectory("kan-anderson-").FullName;
        try
        {
            var doc = RunModule(new AndersonProblem(), new() { ["size"] = "55", ["draws"] = "200", ["states"] = "3", ["steps"] = "10" }, 3, dir);
            double majority = doc.Metrics["majority_accuracy"];
            Assert.True(doc.Metrics["test_accuracy"] > majority + 0.2, $"test {doc.Metrics["test_accuracy"]:F3} vs majority {majority:F3}");
            Assert.True(doc.Metrics["theory_accuracy"] > 0.95, $"theory {doc.Metrics["theory_accuracy"]:F3}");
            // the potential's phase shifts every state of a chain alike: the label cannot depend on it
            // (a tiny run has few chains to learn from, so some phi wiggle remains; full runs give ~0.01)
            double phi = doc.Metrics["phi_attribution"];
            Assert.True(phi < 0.15, $"phi attribution {phi:F3}");
            Assert.True(phi < doc.Metrics["attr_E"] && phi < doc.Metrics["attr_lambda"] && phi < doc.Metrics["attr_alpha"], "phi must be the least important input");
            Assert.True(doc.Metrics["formula_accuracy"] > majority + 0.2, $"formula {doc.Metrics["formula_accuracy"]:F3}");
            Assert.NotNull(doc.Formula);
            Assert.DoesNotContain("phi", doc.Formula!.Text);
            var png = File.ReadAllBytes(Path.Combine(dir, "t.edge.png"));
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void TheGuidedRouteRecoversTheGaamEdge()
    {
        var doc = RunModule(new AndersonProblem(), new()
        {
            ["formula"] = "guided", ["size"] = "233", ["draws"] = "200", ["states"] = "10", ["steps"] = "40", ["widths"] = "3,2,1,1",
        }, 4);
        double network = doc.Metrics["test_accuracy"], formula = doc.Metrics["formula_accuracy"];
        Assert.True(formula > 0.95 && formula > network - 0.03, $"formula {formula:F3} vs network {network:F3}");
        // alpha E + 2 lambda - 2 = 0 after dividing by the alpha*E coefficient
        Assert.InRange(doc.Metrics["edge_norm_lambda"], 1.8, 2.2);
        Assert.InRange(doc.Metrics["edge_norm_const"], -2.2, -1.8);
        Assert.True(doc.Metrics["edge_lambda_distance"] < 0.05, $"edge distance {doc.Metrics["edge_lambda_distance"]:F3}");
        Assert.DoesNotContain("phi", doc.Formula!.Text);
        // same seed, same result
        var again = RunModule(new AndersonProblem(), new()
        {
            ["formula"] = "guided", ["size"] = "233", ["draws"] = "200", ["states"] = "10", ["steps"] = "40", ["widths"] = "3,2,1,1",
        }, 4);
        Assert.Equal(doc.Formula.Text, again.Formula!.Text);
    }

    [Fact]
    public void TheEdgeComparisonMeasuresLambdaShiftsAndNormalisesGaamCoefficients()
    {
        var model = new GeneralizedAubryAndreModel();
        var rows = new List<EigenstateSample>();
        var rng = new Random(1);
        for (int i = 0; i < 200; i++) rows.Add(new EigenstateSample(6 * rng.NextDouble() - 3, 1, 2 * rng.NextDouble() - 1, 0, 0.5, false, 0));
        var exact = Expr.Parse("3*(alpha*E + 2*lambda - 2)", ["E", "lambda", "alpha"]);
        var (mean, max) = EdgeComparison.LambdaDistance(model, exact.Compile(["E", "lambda", "alpha"]), 3, rows);
        Assert.True(mean < 0.011 && max < 0.011, $"{mean} {max}");
        // the edge moved by 0.1 in lambda everywhere (inside the range)
        var shifted = Expr.Parse("alpha*E + 2*(lambda - 0.1) - 2", ["E", "lambda", "alpha"]);
        (mean, _) = EdgeComparison.LambdaDistance(model, shifted.Compile(["E", "lambda", "alpha"]), 3, rows);
        Assert.InRange(mean, 0.07, 0.11);
        var c = EdgeComparison.GaamCoefficients(Expr.Parse("3*(alpha*E + 2*lambda - 2) + 0.3*E^2", ["E", "lambda", "alpha"]))!;
        Assert.Equal(2, c["lambda"], 9);
        Assert.Equal(-2, c["1"], 9);
        Assert.Equal(0.1, c["E^2"], 9);
        Assert.Equal(0, c["alpha^2"], 9);
        Assert.Null(EdgeComparison.GaamCoefficients(Expr.Parse("E + lambda", ["E", "lambda", "alpha"])));
    }

    [Fact]
    public void TheQuadraticFitRecoversAKnownSignRuleAndUnscalesExactly()
    {
        var rng = new Random(3);
        int n = 2000;
        var z = Enumerable.Range(0, 3 * n).Select(_ => 2 * rng.NextDouble() - 1).ToArray();
        // GAAM-like edge in scaled units: z0 z2 + 0.5 z1 - 0.1
        double G(int s) => z[3 * s] * z[3 * s + 2] + 0.5 * z[3 * s + 1] - 0.1;
        var logits = Enumerable.Range(0, n).Select(s => 20 * G(s)).ToArray();
        var c = QuadraticEdge.Fit(z, 3, 3, logits);
        var poly = QuadraticEdge.ToExpr(c, ["a", "b", "q"]).Compile(["a", "b", "q"]);
        int agree = Enumerable.Range(0, n).Count(s => poly([z[3 * s], z[3 * s + 1], z[3 * s + 2]]) > 0 == G(s) > 0);
        Assert.True(agree > 0.98 * n, $"{agree} of {n}");

        double[] centre = [0.3, 1, -2], half = [4, 0.5, 2];
        var x = QuadraticEdge.ToExpr(QuadraticEdge.Unscale(c, centre, half), ["a", "b", "q"]).Compile(["a", "b", "q"]);
        for (int s = 0; s < 20; s++)
        {
            double[] zs = [z[3 * s], z[3 * s + 1], z[3 * s + 2]];
            double[] xs = [centre[0] + half[0] * zs[0], centre[1] + half[1] * zs[1], centre[2] + half[2] * zs[2]];
            Assert.Equal(poly(zs), x(xs), 9);
        }
    }

    [Fact]
    public void TheEdgeFinderLocatesTheMosaicEdges()
    {
        var model = new MosaicModel(2);
        var (lambda, e) = AndersonEdgePlot.SignChanges((en, l) => model.OrderParameter(en, l, 2), (1, 4), -3, 3, 30, 600);
        Assert.NotEmpty(lambda);
        // kappa = 2: |E| = 2 / lambda, both signs
        for (int i = 0; i < lambda.Length; i++) Assert.Equal(2 / lambda[i], Math.Abs(e[i]), 2);
        Assert.Contains(e, v => v < 0);
        Assert.Contains(e, v => v > 0);
    }

    [Fact]
    public void DrawsStayWholeInTheSplit()
    {
        var rows = AndersonDataset.Generate(new GeneralizedAubryAndreModel(), new AndersonDatasetOptions { Size = 34, Draws = 10, StatesPerDraw = 5, Seed = 2 });
        var (train, test) = AndersonProblem.SplitByDraw(rows, 5, 0.3, 7);
        Assert.Equal(15, test.Count);
        Assert.Equal(35, train.Count);
        Assert.Empty(train.Select(r => r.Phi).Intersect(test.Select(r => r.Phi)));
    }

    [Theory]
    [InlineData("model", "gaamx")]
    [InlineData("size", "100")]
    [InlineData("widths", "5,1")]
    [InlineData("widths", "4,2,2")]
    [InlineData("library", "x,bogus")]
    [InlineData("test_fraction", "1")]
    [InlineData("formula", "guess")]
    [InlineData("drop_below", "1")]
    [InlineData("steps", "ten")]
    public void BadSettingsAreNamed(string key, string value)
    {
        var e = Assert.Throws<ProblemSettingException>(() => RunModule(new AndersonProblem(), new() { [key] = value, ["size"] = key == "size" ? value : "34", ["draws"] = "5" }, 0));
        Assert.Equal(key, e.Key);
        Assert.Equal(value, e.Value);
    }
}
