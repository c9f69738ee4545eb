using Kan.Physics.Problems.Knots;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Tests.Problems;

namespace Kan.Physics.Tests.Knots;

public class KnotsProblemTests
{
    private static double Feature(double[] row, string name) => row[KnotFeatures.Names.ToList().IndexOf(name)];

    [Fact]
    public void TrefoilFeaturesAreThePublishedInvariants()
    {
        // 3_1 = closure of sigma_1^3: V = t + t^3 - t^4, Delta = 1 - t + t^2, det 3, sigma -2
        var k = KnotInvariants.Compute(BraidWord.Parse("1,1,1").ToPlanarDiagram());
        var row = KnotFeatures.Of(k);
        Assert.Equal(KnotFeatures.Names.Count, row.Length);
        Assert.Equal(3, Feature(row, "crossings"));
        Assert.Equal(3, Feature(row, "writhe"));
        Assert.Equal(Math.Log(3), Feature(row, "log_det"), 12);
        Assert.Equal(1, Feature(row, "jones_min_deg"));
        Assert.Equal(4, Feature(row, "jones_max_deg"));
        Assert.Equal(1, Feature(row, "jones_first"));
        Assert.Equal(0, Feature(row, "jones_second"));
        Assert.Equal(-1, Feature(row, "jones_last"));
        Assert.Equal(-1, Feature(row, "jones_sign_at_minus1")); // V(-1) = -3
        Assert.Equal(1, Feature(row, "alexander_half_span"));
        Assert.Equal(-1, Feature(row, "alexander_a1"));
    }

    [Fact]
    public void GeneratedFeaturesAndLabelsAreConsistent()
    {
        var (x, sig) = KnotsProblem.Generate(60, 4, new KnotGeneratorOptions(MaxStrands: 4, MaxLettersPerStrand: 3));
        int f = KnotFeatures.Names.Count;
        Assert.Equal(60, sig.Length);
        Assert.Equal(60 * f, x.Length);
        for (int i = 0; i < sig.Length; i++)
        {
            var row = x.AsSpan(i * f, f).ToArray();
            Assert.True(sig[i] % 2 == 0, $"odd signature {sig[i]}");
            // (-1)^(sigma/2) = sign V(-1), and |V(-1)| = det is odd for a knot
            Assert.Equal(sig[i] / 2 % 2 == 0 ? 1 : -1, Feature(row, "jones_sign_at_minus1"));
            long det = (long)Math.Round(Math.Exp(Feature(row, "log_det")));
            Assert.Equal(1, det % 2);
            Assert.True(Math.Abs(sig[i]) <= Feature(row, "crossings"), "|sigma| is at most the crossing number bound");
        }
    }

    [Fact]
    public void ATinyRunBeatsTheMajorityClassAndRanksEveryFeature()
    {
        var doc = AndersonProblemTests.RunModule(new KnotsProblem(), new() { ["knots"] = "60", ["steps"] = "8" }, 2);
        Assert.True(doc.Metrics["test_accuracy"] > doc.Metrics["majority_accuracy"] + 0.2, $"{doc.Metrics["test_accuracy"]:F3} vs {doc.Metrics["majority_accuracy"]:F3}");
        double sum = KnotFeatures.Names.Sum(n => doc.Metrics["attr_" + n]);
        Assert.Equal(1, sum, 9);
        Assert.Contains("attribution_ranking", doc.ConfigJson);
    }

    [Fact]
    public void TheUnsupervisedTaskTellsRealInvariantRowsFromShuffledOnes()
    {
        var doc = AndersonProblemTests.RunModule(new KnotsProblem(), new() { ["task"] = "unsupervised", ["knots"] = "300" }, 0);
        Assert.True(doc.Metrics["spline_output_test_accuracy"] > 0.7, $"spline output {doc.Metrics["spline_output_test_accuracy"]:F3}");
        Assert.Equal(1, doc.Metrics["gaussian_output"]);
        Assert.True(doc.Metrics["test_accuracy"] > 0.6, $"Gaussian output {doc.Metrics["test_accuracy"]:F3}");
        Assert.Equal(1, KnotFeatures.Names.Append("signature").Sum(n => doc.Metrics["attr_" + n]), 9);
        Assert.Contains("\"widths\":[12,1,1]", doc.ConfigJson);
        // the Gaussian acts on one hidden value
        var e = Assert.Throws<ProblemSettingException>(() => AndersonProblemTests.RunModule(new KnotsProblem(), new() { ["task"] = "unsupervised", ["hidden"] = "4" }, 0));
        Assert.Equal("hidden", e.Key);
    }

    [Fact]
    public void TheDeepMindProtocolLearnsASyntheticSignal()
    {
        string path = Path.GetTempFileName();
        try
        {
            // signature from two invariants (a DeepMind-like slope): the [17,1,classes] KAN must find it and rank them first
            var rng = new Random(5);
            var lines = new List<string> { Header };
            for (int r = 0; r < 400; r++)
            {
                var v = Enumerable.Range(0, 17).Select(_ => Math.Round(rng.NextDouble() * 4 - 2, 4)).ToArray();
                for (int j = 11; j < 17; j++) v[j] = rng.Next(2);
                double score = v[2] + 0.5 * v[9];
                int sig = score < -1 ? -4 : score < 0 ? -2 : score < 1 ? 0 : 2;
                lines.Add(r + "," + string.Join(",", v.Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "," + sig);
            }
            File.WriteAllLines(path, lines);
            var doc = AndersonProblemTests.RunModule(new KnotsProblem(), new() { ["deepmind"] = path, ["steps"] = "40" }, 1);
            Assert.Equal(4, doc.Metrics["classes"]);
            Assert.True(doc.Metrics["test_accuracy"] > doc.Metrics["majority_accuracy"] + 0.3, $"{doc.Metrics["test_accuracy"]:F3} vs {doc.Metrics["majority_accuracy"]:F3}");
            Assert.Contains("\"widths\":[17,1,4]", doc.ConfigJson);
            var ranking = DeepMindKnotData.FeatureNames.OrderByDescending(n => doc.Metrics["attr_" + n]).Take(2).ToArray();
            Assert.Contains("short_geodesic_real_part", ranking);
            Assert.Contains("meridinal_translation_real", ranking);
            var bad = Assert.Throws<ProblemSettingException>(() => AndersonProblemTests.RunModule(new KnotsProblem(), new() { ["deepmind"] = path + ".missing" }, 1));
            Assert.Equal("deepmind", bad.Key);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("0", new int[0])]
    [InlineData("4", new[] { 4 })]
    [InlineData("4,1", new[] { 4, 1 })]
    public void HiddenZeroMeansNoHiddenLayer(string text, int[] expected)
    {
        var problem = new KnotsProblem();
        var options = problem.Settings.Parse("knots", new Dictionary<string, string> { ["hidden"] = text });
        Assert.Equal(expected, options.Hidden);
        // the recorded text reads back to the same widths
        var again = problem.Settings.Parse("knots", new Dictionary<string, string> { ["hidden"] = text == "0" ? "0" : string.Join(",", expected) });
        Assert.Equal(expected, again.Hidden);
    }

    [Fact]
    public void HiddenZeroIsRefusedForTheUnsupervisedTask()
    {
        var e = Assert.Throws<ProblemSettingException>(() => new KnotsProblem().Settings.Parse("knots",
            new Dictionary<string, string> { ["task"] = "unsupervised", ["hidden"] = "0" }));
        Assert.Equal("hidden", e.Key);
    }

    [Theory]
    [InlineData("task", "shuffle")]
    [InlineData("knots", "5")]
    [InlineData("strands", "1-4")]
    [InlineData("strands", "4")]
    [InlineData("letters", "20")]
    [InlineData("hidden", "-1")]
    [InlineData("test_fraction", "0")]
    public void BadSettingsAreNamed(string key, string value)
    {
        var e = Assert.Throws<ProblemSettingException>(() => AndersonProblemTests.RunModule(new KnotsProblem(), new() { [key] = value }, 0));
        Assert.Equal(key, e.Key);
    }

    private const string Header =
        ",hyperbolic_adjoint_torsion_degree,hyperbolic_torsion_degree,short_geodesic_real_part,short_geodesic_imag_part,injectivity_radius,"
        + "chern_simons,cusp_volume,longitudinal_translation,meridinal_translation_imag,meridinal_translation_real,volume,Symmetry_0,"
        + "Symmetry_D3,Symmetry_D4,Symmetry_D6,Symmetry_D8,\"Symmetry_Z/2 + Z/2\",signature";

    [Fact]
    public void TheDeepMindLoaderReadsColumnsByName()
    {
        string path = Path.GetTempFileName();
        try
        {
            // the pykan layout (index first, signature last) with one feature column moved to the end
            var cols = Header.Split(',').ToList();
            cols.Remove("volume");
            cols.Insert(cols.Count - 1, "volume");
            string row1 = "0,10,6,0.5,1.2,0.25,0.1,3.1,9.5,0.8,-1.5,True,False,0,0,0,0,7.3,-2";
            string row2 = "1,12,8,0.4,-2.0,0.2,-0.3,4.0,12.0,1.1,0.5,False,True,0,0,0,0,9.1,4";
            File.WriteAllText(path, string.Join(",", cols) + "\n" + row1 + "\n" + row2 + "\n");
            var data = DeepMindKnotData.Load(path);
            Assert.Equal(2, data.Count);
            Assert.Equal([-2, 4], data.Signatures);
            int Col(string name) => DeepMindKnotData.FeatureNames.ToList().IndexOf(name);
            Assert.Equal(7.3, data.Features[Col("volume")]);
            Assert.Equal(9.1, data.Features[17 + Col("volume")]);
            Assert.Equal(-1.5, data.Features[Col("meridinal_translation_real")]);
            Assert.Equal(1, data.Features[Col("Symmetry_0")]);
            Assert.Equal(1, data.Features[17 + Col("Symmetry_D3")]);
            Assert.Equal(0, data.Features[17 + Col("Symmetry_Z/2 + Z/2")]);

            File.WriteAllText(path, string.Join(",", cols) + "\n" + row1.Replace(",-2", ",3") + "\n");
            var odd = Assert.Throws<FormatException>(() => DeepMindKnotData.Load(path));
            Assert.Contains("line 2", odd.Message);
            Assert.Contains("signature", odd.Message);
            File.WriteAllText(path, Header.Replace(",cusp_volume", "") + "\n");
            Assert.Contains("cusp_volume", Assert.Throws<FormatException>(() => DeepMindKnotData.Load(path)).Message);
        }
        finally { File.Delete(path); }
    }
}
