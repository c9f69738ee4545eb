using System.Text.Json;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Tests.Hosting;

/// <summary>
/// Settings declared once per problem: parsing, ranges and their messages, defaults from the options record, the
/// listing, job files and <c>kan run</c> through the same schema, and the configuration a result records.
/// </summary>
public class SettingsSchemaTests
{
    private sealed record Options
    {
        public int Steps { get; init; } = 50;
        public double Gamma { get; init; } = 0.9;
        public double Alpha { get; init; } = 1e-3;
        public bool Hard { get; init; } = true;
        public int[] Grids { get; init; } = [5, 10, 20];
        public string Mode { get; init; } = "fast";
        public string Path { get; init; } = "";
    }

    private static SettingsSchema<Options> Schema() => new SettingsSchema<Options>()
        .Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "L-BFGS steps per grid", min: 1, max: 1000)
        .Double("gamma", o => o.Gamma, (o, v) => o with { Gamma = v }, "memory", min: 0, below: 1)
        .Double("alpha", o => o.Alpha, (o, v) => o with { Alpha = v }, "weight", above: 0)
        .Bool("hard", o => o.Hard, (o, v) => o with { Hard = v }, "built-in boundary")
        .Ints("grids", o => o.Grids, (o, v) => o with { Grids = v }, "grid schedule")
        .Choice("mode", o => o.Mode, (o, v) => o with { Mode = v }, "speed", "fast", "exact")
        .Text("path", o => o.Path, (o, v) => o with { Path = v }, "a file");

    private static Options Parse(params (string Key, string Value)[] values)
        => Schema().Parse("demo", values.ToDictionary(p => p.Key, p => p.Value));

    [Fact]
    public void DefaultsComeFromTheOptionsRecordAndValuesAreTyped()
    {
        var schema = Schema();
        Assert.Equal(["steps=50", "gamma=0.9", "alpha=0.001", "hard=1", "grids=5,10,20", "mode=fast", "path="], schema.Select(s => $"{s.Key}={s.DefaultValue}"));
        Assert.Equal(["integer in [1, 1000]", "number in [0, 1)", "number > 0", "0 or 1", "positive integers, comma-separated", "fast or exact", "text"],
            schema.Select(s => s.Accepts));
        Assert.Equal("L-BFGS steps per grid", schema[0].Description);
        var o = Parse(("steps", "7"), ("gamma", "0"), ("alpha", "2e-2"), ("hard", "off"), ("grids", " 3, 6 "), ("mode", " EXACT "), ("path", " a b "));
        Assert.Equal((7, 0.0, 0.02, false, "exact", " a b "), (o.Steps, o.Gamma, o.Alpha, o.Hard, o.Mode, o.Path));
        Assert.Equal([3, 6], o.Grids);
        var defaults = schema.Parse("demo", new Dictionary<string, string>());
        Assert.Equal(schema.Describe(schema.Defaults), schema.Describe(defaults));
        Assert.NotSame(schema.Defaults.Grids, defaults.Grids); // each job its own arrays
    }

    [Theory]
    [InlineData("steps", "0", "must be an integer in [1, 1000]")]
    [InlineData("steps", "1001", "must be an integer in [1, 1000]")]
    [InlineData("steps", "ten", "must be an integer in [1, 1000]")]
    [InlineData("gamma", "1", "must be a number in [0, 1)")]
    [InlineData("gamma", "-0.1", "must be a number in [0, 1)")]
    [InlineData("gamma", "NaN", "must be a number in [0, 1)")]
    [InlineData("alpha", "0", "must be a number > 0")]
    [InlineData("hard", "maybe", "must be 0 or 1 (or true/false)")]
    [InlineData("grids", "5,0", "must be a comma-separated list of positive integers")]
    [InlineData("mode", "slow", "must be fast or exact")]
    public void AValueOutOfRangeIsNamedWithItsRange(string key, string value, string reason)
    {
        var e = Assert.Throws<ProblemSettingException>(() => Parse((key, value)));
        Assert.Equal($"demo: setting '{key}' = '{value}' {reason}", e.Message);
        Assert.Equal((key, value), (e.Key, e.Value));
    }

    [Fact]
    public void RangeBoundsThemselvesAreAcceptedOrRejectedAsDeclared()
    {
        Assert.Equal(1, Parse(("steps", "1")).Steps);
        Assert.Equal(1000, Parse(("steps", "1000")).Steps);
        Assert.Equal(0.0, Parse(("gamma", "0")).Gamma);
        Assert.Equal(0.999, Parse(("gamma", "0.999")).Gamma);
        Assert.Throws<ProblemSettingException>(() => Parse(("alpha", "-1e-300")));
        Assert.Equal(1e-300, Parse(("alpha", "1e-300")).Alpha);
    }

    [Fact]
    public void AnUnknownSettingListsTheKnownOnes()
    {
        var e = Assert.Throws<ProblemSettingException>(() => Parse(("stpes", "5")));
        Assert.Equal("demo: setting 'stpes' = '5' is not a setting of this problem; valid settings: steps, gamma, alpha, hard, grids, mode, path", e.Message);
        // a real module: every declared key, in the order kan list shows them
        var module = ProblemCatalog.Find("toy-formula");
        var m = Assert.Throws<ProblemSettingException>(() => new ProblemSettings(module.Name, module.Settings, new Dictionary<string, string> { ["lamda"] = "1" }));
        Assert.EndsWith("valid settings: " + string.Join(", ", module.Settings.Select(s => s.Key)), m.Message);
    }

    [Fact]
    public void RulesAcrossSettingsAreCheckedOnceEveryValueIsParsed()
    {
        var schema = Schema()
            .Rule("mode", o => o.Mode != "exact" || o.Hard, "needs hard=1")
            .Rule("steps", o => o.Steps >= o.Grids.Length, o => $"must be at least the number of grids ({o.Grids.Length})");
        Options With(params (string Key, string Value)[] values) => schema.Parse("demo", values.ToDictionary(p => p.Key, p => p.Value));
        // the order of the values does not matter: hard=0 given after mode=exact still breaks the rule
        var e = Assert.Throws<ProblemSettingException>(() => With(("mode", " Exact "), ("hard", "0")));
        Assert.Equal("demo: setting 'mode' = ' Exact ' needs hard=1", e.Message);
        // a rule on a setting left at its default names the default
        Assert.Equal("demo: setting 'steps' = '50' must be at least the number of grids (60)",
            Assert.Throws<ProblemSettingException>(() => With(("grids", string.Join(",", Enumerable.Repeat(5, 60))))).Message);
        Assert.Equal("exact", With(("mode", "exact"), ("hard", "1")).Mode);
        // one value on its own is checked without the rules, which need the job's other settings
        schema.CheckValue("demo", "hard", "0");
        Assert.Contains("must be 0 or 1", Assert.Throws<ProblemSettingException>(() => schema.CheckValue("demo", "hard", "2")).Message);
        Assert.Throws<ArgumentException>(() => Schema().Rule("nosuch", _ => true, "x"));
    }

    [Fact]
    public void AJobFileNamesAJobThatBreaksARuleAndAcceptsOneThatKeepsIt()
    {
        var registry = new ProblemRegistry(ProblemCatalog.All);
        // embed=0 alone would break scale_t's and hard_ic's rules with their defaults; the whole job keeps them
        var ok = JobFile.Parse("""{"jobs":[{"problem":"allen-cahn1d","settings":{"embed":0,"hard_ic":0},"sweep":{"scale_t":[0]}}]}""", "j.json", registry);
        Assert.Single(ok);
        var e = Assert.Throws<JobFileException>(() => JobFile.Parse(
            """{"jobs":[{"problem":"allen-cahn1d","settings":{"embed":0,"hard_ic":0},"sweep":{"scale_t":[0,1]}}]}""", "j.json", registry));
        Assert.Equal("jobs[0]", e.JsonPath);
        Assert.Contains("scale_t=1", e.Message);
        Assert.Contains("allen-cahn1d: setting 'scale_t' = '1' needs embed=1", e.Message);
        Assert.IsType<ProblemSettingException>(e.InnerException);
    }

    [Theory]
    [InlineData("poisson2d", "steps", "0", "must be an integer >= 1")]
    [InlineData("poisson2d", "mesh", "0", "must be an integer >= 1")]
    [InlineData("poisson2d", "adam_lr", "0", "must be a number > 0")]
    [InlineData("poisson2d", "grid_eps", "1.5", "must be a number in [0, 1]")]
    [InlineData("poisson2d-paper", "interior", "0", "must be an integer >= 1")]
    [InlineData("poisson2d-paper", "test_mesh", "1", "must be an integer >= 2")]
    [InlineData("helmholtz2d", "steps", "0", "must be an integer >= 1")]
    [InlineData("helmholtz2d", "points", "0", "must be an integer >= 1")]
    [InlineData("helmholtz2d", "adam_lr", "-0.01", "must be a number > 0")]
    public void DegenerateSolveSettingsAreRefusedWhenTheJobFileIsRead(string problem, string key, string value, string expected)
    {
        // steps=0 once "completed" with a NaN loss and a zero mesh or learning rate failed only when the job ran
        var registry = new ProblemRegistry(ProblemCatalog.All);
        var e = Assert.Throws<JobFileException>(() => JobFile.Parse(
            $$$"""{"jobs":[{"problem":"{{{problem}}}","sweep":{"{{{key}}}":["{{{value}}}"]}}]}""", "j.json", registry));
        Assert.Equal($"jobs[0].sweep.{key}[0]", e.JsonPath);
        Assert.Contains($"setting '{key}' = '{value}' {expected}", e.Message);
    }

    [Fact]
    public void EveryJobFileOfTheRepositoryIsValid()
    {
        // the job files the README points to must load with the problems and settings they name
        var registry = new ProblemRegistry(ProblemCatalog.All);
        string[] files = Directory.GetFiles(RepositoryFile.PathOf("problems", "jobs"), "*.json");
        Assert.Contains(files, f => Path.GetFileName(f) == "seed-spread.json");
        foreach (string file in files)
            Assert.NotEmpty(JobFile.Load(file, registry));
        Assert.Equal(25, JobFile.Load(RepositoryFile.PathOf("problems", "jobs", "seed-spread.json"), registry).Count);
    }

    [Fact]
    public void DeclarationsAreCheckedWhenTheSchemaIsBuilt()
    {
        Assert.Throws<ArgumentException>(() => Schema().Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "again"));
        Assert.Throws<ArgumentException>(() => new SettingsSchema<Options>().Double("gamma", o => o.Gamma, (o, v) => o with { Gamma = v }, "x", min: 0, above: 0));
        Assert.Throws<ArgumentException>(() => new SettingsSchema<Options>().Choice("mode", o => o.Mode, (o, v) => o with { Mode = v }, "x"));
    }

    [Fact]
    public void EveryDefaultParsesBackToTheDefaultOptions()
    {
        // what kan list shows as the default is what a run without the setting uses, for every module and setting
        foreach (var module in ProblemCatalog.All)
        {
            var defaults = new ProblemSettings(module.Name, module.Settings, new Dictionary<string, string>()).Effective();
            Assert.Equal(module.Settings.Select(s => s.Key).Order(StringComparer.Ordinal), defaults.Keys);
            foreach (var s in module.Settings)
            {
                Assert.Equal(s.DefaultValue, defaults[s.Key]);
                var again = new ProblemSettings(module.Name, module.Settings, new Dictionary<string, string> { [s.Key] = s.DefaultValue }).Effective();
                Assert.Equal(defaults, again);
            }
        }
    }

    [Fact]
    public void JobFileSettingsAndTheCommandLineGoThroughTheSameSchema()
    {
        var registry = new ProblemRegistry(ProblemCatalog.All);
        var bad = new Dictionary<string, string> { ["rba_gamma"] = "1" };
        string direct = Assert.Throws<ProblemSettingException>(() => new ProblemSettings("helmholtz2d", registry.Get("helmholtz2d").Settings, bad)).Message;
        Assert.Equal("helmholtz2d: setting 'rba_gamma' = '1' must be a number in [0, 1)", direct);
        foreach (var (field, value, at) in new[] { ("settings", "1", ""), ("sweep", "[1]", "[0]"), ("sweep", "[0.5, 0.25, 1]", "[2]") })
        {
            var e = Assert.Throws<JobFileException>(() => JobFile.Parse($$$"""{"jobs":[{"problem":"helmholtz2d","{{{field}}}":{"rba_gamma":{{{value}}}}}]}""", "j.json", registry));
            // every swept value is checked, and the error points at the bad one
            Assert.Equal($"jobs[0].{field}.rba_gamma{at}", e.JsonPath);
            Assert.Contains(direct, e.Message);
        }
        // kan run's job is the job file's one-value sweep: the same id and settings, without a JSON round trip
        var sets = new Dictionary<string, string> { ["steps"] = "12", ["grids"] = "5,10" };
        var single = JobFile.Single("poisson2d", 3, sets);
        var parsed = JobFile.Parse("""{"jobs":[{"problem":"poisson2d","seed":3,"sweep":{"steps":["12"],"grids":["5,10"]}}]}""", "j.json", registry).Single();
        Assert.Equal("poisson2d-steps-12-grids-5_10-s3", single.Id);
        Assert.Equal((parsed.Id, parsed.Problem, parsed.Seed), (single.Id, single.Problem, single.Seed));
        Assert.Equal(parsed.Settings, single.Settings);
    }

    [Fact]
    public void TheResultRecordsEverySettingAsTheParsedOptionsHoldIt()
    {
        var module = (IPdeModule)ProblemCatalog.Find("poisson2d");
        var given = new Dictionary<string, string> { ["mesh"] = "9", ["grids"] = " 5 ", ["steps"] = "2", ["adam_lr"] = "1e-2", ["hard_bc"] = "true" };
        var settings = new ProblemSettings(module.Name, module.Settings, given);
        string dir = Directory.CreateTempSubdirectory("kan-settings-").FullName;
        try
        {
            var context = new ProblemContext
            {
                Job = new JobSpec("p", module.Name, 4, given), Settings = settings, Checkpoints = new CheckpointStore(Path.Combine(dir, "ckpt")),
            };
            var doc = module.Run(context);
            string path = Path.Combine(dir, "p.h5");
            ResultFile.Write(path, doc);
            using var config = JsonDocument.Parse(ResultFile.Read(path).ConfigJson);
            var root = config.RootElement;
            Assert.Equal(("poisson2d", 4), (root.GetProperty("problem").GetString(), root.GetProperty("seed").GetInt32()));
            var recorded = root.GetProperty("settings").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            Assert.Equal(settings.Effective(), recorded);
            Assert.Equal(("9", "5", "2", "0.01", "1", "51"), (recorded["mesh"], recorded["grids"], recorded["steps"], recorded["adam_lr"], recorded["hard_bc"], recorded["boundary"]));
            // the record is complete: parsed again, it gives the options of the run
            var options = settings.Get<Poisson2DTutorialOptions>();
            var again = new ProblemSettings(module.Name, module.Settings, recorded).Get<Poisson2DTutorialOptions>();
            Assert.Equal(options with { Grids = [], Widths = [] }, again with { Grids = [], Widths = [] });
            Assert.Equal(options.Grids, again.Grids);
            Assert.Equal(options.Widths, again.Widths);
            Assert.Equal((9, 2, 0.01, true), (options.Mesh, options.Steps, options.AdamLr, options.HardBc));
            // what the module adds follows the settings
            Assert.Equal(2, root.GetProperty("steps_per_grid").GetInt32());
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ConfigurationDetailsMayNotReplaceTheCommonFields()
    {
        var module = ProblemCatalog.Find("toy-formula");
        var context = new ProblemContext
        {
            Job = new JobSpec("t", module.Name, 0, new Dictionary<string, string>()),
            Settings = new ProblemSettings(module.Name, module.Settings, new Dictionary<string, string>()),
            Checkpoints = new CheckpointStore(Path.Combine(Path.GetTempPath(), "kan-unused-" + Guid.NewGuid().ToString("N"))),
        };
        Assert.Contains("'seed'", Assert.Throws<ArgumentException>(() => ResultConfig.Json(context, new { seed = 1 })).Message);
        Assert.Throws<ArgumentException>(() => ResultConfig.Json(context, 5));
        Assert.StartsWith("""{"problem":"toy-formula","seed":0,"settings":{"grids":"5,10,20",""", ResultConfig.Json(context, new { law = "x" }));
    }
}
