using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Tests.Problems;

public class ProblemModuleTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var m in ProblemCatalog.All.OfType<IPdeModule>()) data.Add(m.Name);
        return data;
    }

    /// <summary>Builds a module's setup with the given settings, keeping only the keys the module declares.</summary>
    private static PdeSetup Build(string name, Dictionary<string, string> settings, int seed)
    {
        var m = (IPdeModule)ProblemCatalog.Find(name);
        var known = settings.Where(p => m.Settings.Any(s => s.Key == p.Key)).ToDictionary(p => p.Key, p => p.Value);
        return m.Build(new ProblemSettings(m.Name, m.Settings, known), seed);
    }

    [Theory, MemberData(nameof(Names))]
    public void EveryModuleBuildsAConsistentProblemThatTrains(string name)
    {
        var settings = new Dictionary<string, string>
        {
            ["points"] = "256", ["interior"] = "256", ["boundary"] = "32", ["mesh"] = "16", ["steps"] = "4", ["grids"] = "5",
            // time marching counts more points as it goes, so its loss may rise: the loss must fall on a fixed set here
            ["time_windows"] = "0",
        };
        var run = Build(name, settings, 1);
        Assert.Equal(run.Problem.NetworkInputDimension, run.Network.InputDimension);
        Assert.NotNull(run.Problem.Reference);
        var result = new PinnSolver(run.Options).Solve(run.Network, run.Problem);
        Assert.True(result.History.Count >= 1);
        Assert.True(result.FinalLoss < result.History[0].Loss || result.History.Count == 1, $"{name}: loss {result.History[0].Loss:E2} -> {result.FinalLoss:E2}");
        Assert.True(double.IsFinite(result.Errors!.Value.RelativeL2));
    }

    [Theory]
    [InlineData("poisson2d")] [InlineData("poisson2d-paper")] [InlineData("helmholtz2d")] [InlineData("diffusion1d")] [InlineData("burgers1d")]
    public void HardBoundaryConditionsReplaceTheBoundaryTerms(string name)
    {
        var settings = new Dictionary<string, string>
        {
            ["points"] = "256", ["interior"] = "256", ["boundary"] = "32", ["mesh"] = "16", ["steps"] = "3", ["grids"] = "5", ["hard_bc"] = "1",
        };
        var run = Build(name, settings, 2);
        Assert.NotNull(run.Problem.Transform);
        Assert.DoesNotContain(run.Problem.Conditions, c => c.Name is "boundary" or "dirichlet");
        var result = new PinnSolver(run.Options).Solve(run.Network, run.Problem);
        Assert.True(double.IsFinite(result.Errors!.Value.RelativeL2));
        // the walls at x = -1 and x = 1 hold exactly, whatever the network does
        int d = run.Problem.Pde.Dimension;
        var wall = d == 2 ? new[] { -1.0, 0.3, 1.0, 0.6 } : new[] { -1.0, 1.0 };
        var u = result.Evaluate(wall);
        Assert.All(u.Values.ToArray(), v => Assert.Equal(0.0, v, 14));
    }

    [Theory]
    [InlineData("helmholtz2d")] [InlineData("diffusion1d")] [InlineData("burgers1d")] [InlineData("allen-cahn1d")]
    public void RigasModulesPassAttentionAndNormalisationToTheSolverAndNameBadValues(string name)
    {
        var settings = new Dictionary<string, string> { ["points"] = "64", ["boundary"] = "8", ["rba_eta"] = "0.05", ["rba_gamma"] = "0.75", ["rba_every"] = "3", ["normalize"] = "1" };
        var o = Build(name, settings, 0).Options;
        Assert.Equal((0.05, 0.75, 3, true), (o.RbaEta, o.RbaGamma, o.RbaEvery, o.NormalizePde));
        foreach (var (key, value) in new[] { ("rba_gamma", "1"), ("rba_eta", "-0.1"), ("rba_every", "0"), ("causal", "-1") })
        {
            var e = Assert.Throws<ProblemSettingException>(() => Build(name, new Dictionary<string, string>(settings) { [key] = value }, 0));
            Assert.Contains($"'{key}' = '{value}'", e.Message);
        }
    }

    [Fact]
    public void AllenCahnEmbeddingMakesPeriodicityAndTheInitialValueExact()
    {
        var settings = new Dictionary<string, string>
        {
            ["points"] = "256", ["boundary"] = "32", ["steps"] = "4", ["grids"] = "5", ["embed"] = "1", ["hard_ic"] = "1", ["scale_t"] = "1", ["time_windows"] = "2",
        };
        var run = Build("allen-cahn1d", settings, 3);
        Assert.Equal(3, run.Network.InputDimension);
        Assert.Empty(run.Problem.Periodic);
        Assert.Empty(run.Problem.Conditions);
        var result = new PinnSolver(run.Options).Solve(run.Network, run.Problem);
        var u = result.Evaluate([-1.0, 0.4, 1.0, 0.4, 0.3, 0.0, -0.7, 0.0], 1);
        Assert.Equal(u.Value(0, 0), u.Value(1, 0), 12);
        // t N is periodic with its derivatives; u0 = x^2 cos(pi x) is not in slope: u0'(-1) - u0'(1) = 2 - (-2)
        Assert.Equal(4.0, u.Gradient(0, 0, 0) - u.Gradient(1, 0, 0), 10);
        Assert.Equal(0.09 * Math.Cos(0.3 * Math.PI), u.Value(2, 0), 14);
        Assert.Equal(0.49 * Math.Cos(0.7 * Math.PI), u.Value(3, 0), 14);
        // the periodic loss term needs the network to see x itself
        var bad = new Dictionary<string, string>(settings) { ["embed"] = "0" };
        Assert.Contains("needs embed=1", Assert.Throws<ProblemSettingException>(() => Build("allen-cahn1d", bad, 0)).Message);
    }

    [Fact]
    public void BurgersPinsTheShockByTheOddSymmetry()
    {
        var settings = new Dictionary<string, string> { ["points"] = "64", ["boundary"] = "16" };
        var run = Build("burgers1d", settings, 0);
        var centre = Assert.Single(run.Problem.Conditions, c => c.Name == "symmetry");
        Assert.Equal(32, centre.Points.Length);
        Assert.All(Enumerable.Range(0, 16), i => Assert.Equal(0.0, centre.Points[2 * i]));
        var off = Build("burgers1d", new Dictionary<string, string>(settings) { ["symmetry"] = "0" }, 0);
        Assert.DoesNotContain(off.Problem.Conditions, c => c.Name == "symmetry");
    }

    [Fact]
    public void HelmholtzTrainsLongerPerGridThanTheOtherRigasModules()
    {
        string Default(string module, string key) => ProblemCatalog.Find(module).Settings.Single(s => s.Key == key).DefaultValue;
        Assert.Equal("70", Default("helmholtz2d", "steps"));
        Assert.Equal("50", Default("burgers1d", "steps"));
        Assert.Equal(ProblemCatalog.Find("burgers1d").Settings.Count(s => s.Key is not ("nu" or "scale_t" or "symmetry")), ProblemCatalog.Find("helmholtz2d").Settings.Count(s => s.Key is not ("a1" or "a2" or "k")));
    }

    [Fact]
    public void UnknownProblemsAndBadSettingsAreNamed()
    {
        var e = Assert.Throws<ArgumentException>(() => ProblemCatalog.Find("poison2d"));
        Assert.Contains("poisson2d", e.Message);
        var m = (IPdeModule)ProblemCatalog.Find("poisson2d");
        var ex = Assert.Throws<ProblemSettingException>(() => m.Build(new ProblemSettings(m.Name, m.Settings, new Dictionary<string, string> { ["steps"] = "ten" }), 0));
        Assert.Contains("'steps' = 'ten'", ex.Message);
        var unknown = Assert.Throws<ProblemSettingException>(() => new ProblemSettings(m.Name, m.Settings, new Dictionary<string, string> { ["stepz"] = "1" }));
        Assert.Contains("stepz", unknown.Message);
        Assert.Contains("steps", unknown.Message);
        var widths = new ProblemSettings(m.Name, m.Settings, new Dictionary<string, string> { ["widths"] = "3,2,1" });
        Assert.Contains("must start with 2", Assert.Throws<ProblemSettingException>(() => m.Build(widths, 0)).Message);
    }

    private sealed record DemoOptions
    {
        public string Mode { get; init; } = "fast";
        public string Switch { get; init; } = "on";
        public int[] Grids { get; init; } = [5, 10];
    }

    [Fact]
    public void ChoicesIgnoreCaseAndBlanksAndNameTheAllowedWords()
    {
        var schema = new SettingsSchema<DemoOptions>()
            .Choice("mode", o => o.Mode, (o, v) => o with { Mode = v }, "how", "fast", "exact", "off")
            .Choice("switch", o => o.Switch, (o, v) => o with { Switch = v }, "on or off", "on", "off")
            .Ints("grids", o => o.Grids, (o, v) => o with { Grids = v }, "grids");
        DemoOptions With(string key, string value) => schema.Parse("demo", new Dictionary<string, string> { [key] = value });
        Assert.Equal("fast", schema.Parse("demo", new Dictionary<string, string>()).Mode);
        Assert.Equal("exact", With("mode", " Exact ").Mode);
        var e = Assert.Throws<ProblemSettingException>(() => With("mode", "slow"));
        Assert.Equal("mode", e.Key);
        Assert.Contains("'slow'", e.Message);
        Assert.Contains("must be fast, exact or off", e.Message);
        Assert.Contains("must be on or off", Assert.Throws<ProblemSettingException>(() => With("switch", "x")).Message);
        // Ints: an empty list and a bad item get different reasons
        Assert.Contains("must not be empty", Assert.Throws<ProblemSettingException>(() => With("grids", " , ")).Message);
        Assert.Contains("positive integers", Assert.Throws<ProblemSettingException>(() => With("grids", "5,0")).Message);
        Assert.Equal([5, 10], With("grids", " 5, 10 ").Grids);
    }
}
