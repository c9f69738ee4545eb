using System.Text.RegularExpressions;
using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Tests.Hosting;

/// <summary>
/// Job files: seeds x sweep expansion in a fixed order, deterministic file-safe unique ids, setting values normalised
/// to invariant text, and every kind of bad file rejected with a message naming the file, the JSON path and the value.
/// </summary>
public sealed partial class JobFileTests
{
    private const string Example = """
        { "jobs": [ { "problem": "poisson2d", "seeds": [0, 1], "settings": { "hard_bc": "1" },
                      "sweep": { "grids": ["5,10", "5,10,20"], "steps": [20, 50] } },
                    { "problem": "diffusion1d", "seed": 3 } ] }
        """;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex SafeId();

    [Fact]
    public void Example_ExpandsSweepProductTimesSeeds_InFileOrder()
    {
        var jobs = JobFile.Parse(Example, "jobs.json");

        string[] expected =
        [
            "poisson2d-grids-5_10-steps-20-s0", "poisson2d-grids-5_10-steps-20-s1",
            "poisson2d-grids-5_10-steps-50-s0", "poisson2d-grids-5_10-steps-50-s1",
            "poisson2d-grids-5_10_20-steps-20-s0", "poisson2d-grids-5_10_20-steps-20-s1",
            "poisson2d-grids-5_10_20-steps-50-s0", "poisson2d-grids-5_10_20-steps-50-s1",
            "diffusion1d-s3",
        ];
        Assert.Equal(expected, jobs.Select(j => j.Id));
        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1, 3], jobs.Select(j => j.Seed));
        var sixth = jobs[5];
        Assert.Equal("poisson2d", sixth.Problem);
        Assert.Equal(["hard_bc", "grids", "steps"], sixth.Settings.Keys);
        Assert.Equal(["1", "5,10,20", "20"], sixth.Settings.Values);
        Assert.Empty(jobs[8].Settings);
        Assert.All(jobs, j => Assert.Matches(SafeId(), j.Id));
    }

    [Fact]
    public void IdPrefix_ReplacesTheProblemName()
    {
        var jobs = JobFile.Parse("""{"jobs":[{"problem":"poisson2d","id":"run.A_1","sweep":{"steps":[5]}}]}""", "j.json");
        Assert.Equal("run.A_1-steps-5-s0", Assert.Single(jobs).Id);
    }

    [Fact]
    public void SettingValues_AreNormalisedToInvariantText()
    {
        // Round-trip number text must not depend on the thread's culture (a comma decimal separator here).
        var culture = Thread.CurrentThread.CurrentCulture;
        var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        comma.NumberFormat.NegativeSign = "\u2212";
        Thread.CurrentThread.CurrentCulture = comma;
        try
        {
            var job = Assert.Single(JobFile.Parse("""
                {"jobs":[{"problem":"p","settings":{"a":true,"b":false,"c":1e-3,"d":50.0,"e":"x y","f":20,"g":-1.5,"h":1E+21,"i":"1e-3"}}]}
                """, "j.json"));
            Assert.Equal(new Dictionary<string, string>
            {
                ["a"] = "1", ["b"] = "0", ["c"] = "0.001", ["d"] = "50", ["e"] = "x y", ["f"] = "20", ["g"] = "-1.5",
                ["h"] = "1E+21", ["i"] = "1e-3",
            }, job.Settings);
            Assert.Equal("p-s0", job.Id);
        }
        finally { Thread.CurrentThread.CurrentCulture = culture; }
    }

    [Fact]
    public void Seeds_DefaultToZero_AndSweepValuesAreNormalisedInIds()
    {
        var jobs = JobFile.Parse("""{"jobs":[{"problem":"p","sweep":{"lr":[1e-3, 0.01],"flag":[true],"path":["a/b c"]}}]}""", "j.json");
        Assert.Equal(["p-lr-0.001-flag-1-path-a_b_c-s0", "p-lr-0.01-flag-1-path-a_b_c-s0"], jobs.Select(j => j.Id));
        Assert.All(jobs, j => Assert.Equal(0, j.Seed));
    }

    [Fact]
    public void Ids_AreStable_AndCollisionsGetAHashSuffixOnlyOnTheLaterJob()
    {
        const string json = """{"jobs":[{"problem":"p"},{"problem":"p","settings":{"a":1}},{"problem":"p","settings":{"a":2}}]}""";
        var first = JobFile.Parse(json, "j.json");
        var second = JobFile.Parse(json, "j.json");
        Assert.Equal(first.Select(j => j.Id), second.Select(j => j.Id));
        Assert.Equal("p-s0", first[0].Id);
        Assert.Matches("^p-s0-[0-9a-f]{8}$", first[1].Id);
        Assert.Matches("^p-s0-[0-9a-f]{8}$", first[2].Id);
        Assert.NotEqual(first[1].Id, first[2].Id);

        // The suffix depends on the job alone, not on its place in the file: the same job gets the same id after
        // jobs are appended, and the setting order does not matter.
        var reordered = JobFile.Parse("""{"jobs":[{"problem":"p","seed":0},{"problem":"p","settings":{"a":2}},{"problem":"q"}]}""", "k.json");
        Assert.Equal(first[2].Id, reordered[1].Id);
        var keyOrder = JobFile.Parse("""{"jobs":[{"problem":"p"},{"problem":"p","settings":{"b":"x","a":1}}]}""", "j.json");
        var keyOrder2 = JobFile.Parse("""{"jobs":[{"problem":"p"},{"problem":"p","settings":{"a":"1","b":"x"}}]}""", "j.json");
        Assert.Equal(keyOrder[1].Id, keyOrder2[1].Id);
    }

    [Fact]
    public void LongIds_AreCutWithAHash_AndStayUnique()
    {
        string a = new('a', 200), b = new string('a', 199) + "b";
        var jobs = JobFile.Parse($$$"""{"jobs":[{"problem":"p","sweep":{"note":["{{{a}}}","{{{b}}}"]}}]}""", "j.json");
        Assert.Equal(2, jobs.Count);
        Assert.All(jobs, j =>
        {
            Assert.Equal(JobFile.MaxIdLength, j.Id.Length);
            Assert.Matches("^p-note-a+-[0-9a-f]{8}$", j.Id);
        });
        Assert.NotEqual(jobs[0].Id, jobs[1].Id);
    }

    public static TheoryData<string, string, string> BadFiles => new()
    {
        // json, path that must be named, value that must be named
        { """{"jobs": [ {"problem": "p",, } ] }""", "line 1, position 28", ",," },
        { "{}", "$", "\"jobs\"" },
        { "[1, 2]", "$", "[1, 2]" },
        { """{"jobs": {"problem": "p"}}""", "jobs", "{\"problem\": \"p\"}" },
        { """{"jobs": []}""", "jobs", "empty" },
        { """{"jobs":[{"problem":"p"}], "job": 1}""", "job", "\"job\"" },
        { """{"jobs":[{"problem":"p","sede":1}]}""", "jobs[0].sede", "\"sede\"" },
        { """{"jobs":[{"seed":1}]}""", "jobs[0]", "\"problem\"" },
        { """{"jobs":[{"problem":5}]}""", "jobs[0].problem", "5" },
        { """{"jobs":[{"problem":"p","seeds":"0,1"}]}""", "jobs[0].seeds", "\"0,1\"" },
        { """{"jobs":[{"problem":"p","seeds":[]}]}""", "jobs[0].seeds", "empty" },
        { """{"jobs":[{"problem":"p","seeds":[0, 1.5]}]}""", "jobs[0].seeds[1]", "1.5" },
        { """{"jobs":[{"problem":"p","seeds":[0, "1"]}]}""", "jobs[0].seeds[1]", "\"1\"" },
        { """{"jobs":[{"problem":"p"},{"problem":"p","seeds":[1,2,-1]}]}""", "jobs[1].seeds[2]", "-1" },
        { """{"jobs":[{"problem":"p","seed":-3}]}""", "jobs[0].seed", "-3" },
        { """{"jobs":[{"problem":"p","seed":4294967296}]}""", "jobs[0].seed", "4294967296" },
        { """{"jobs":[{"problem":"p","seeds":[0,0]}]}""", "jobs[0].seeds[1]", "seed 0" },
        { """{"jobs":[{"problem":"p","seed":1,"seeds":[2]}]}""", "jobs[0].seeds", "not both" },
        { """{"jobs":[{"problem":"p","settings":[1]}]}""", "jobs[0].settings", "[1]" },
        { """{"jobs":[{"problem":"p","settings":{"grids":[5,10]}}]}""", "jobs[0].settings.grids", "[5,10]" },
        { """{"jobs":[{"problem":"p","settings":{"grids":null}}]}""", "jobs[0].settings.grids", "null" },
        { """{"jobs":[{"problem":"p","settings":{"a":1,"a":2}}]}""", "jobs[0].settings.a", "\"a\"" },
        { """{"jobs":[{"problem":"p","settings":{"my key":1}, "sweep":{"my key":[1]}}]}""", "jobs[0].sweep[\"my key\"]", "'my key'" },
        { """{"jobs":[{"problem":"p","sweep":{"steps":[]}}]}""", "jobs[0].sweep.steps", "empty" },
        { """{"jobs":[{"problem":"p","sweep":{"steps":20}}]}""", "jobs[0].sweep.steps", "20" },
        { """{"jobs":[{"problem":"p","sweep":{"steps":[20, 20.0]}}]}""", "jobs[0].sweep.steps[1]", "20.0" },
        { """{"jobs":[{"problem":"p","sweep":{"steps":[20, {"a":1}]}}]}""", "jobs[0].sweep.steps[1]", "{\"a\":1}" },
        { """{"jobs":[{"problem":"p","settings":{"steps":5},"sweep":{"steps":[20]}}]}""", "jobs[0].sweep.steps", "'steps'" },
        { """{"jobs":[{"problem":"p","id":"../x"}]}""", "jobs[0].id", "'../x'" },
        { """{"jobs":[{"problem":"p","id":""}]}""", "jobs[0].id", "\"\"" },
        { """{"jobs":[{"problem":"p","seed":1},{"problem":"p","seeds":[1]}]}""", "jobs[1]", "jobs[0]" },
        { """{"jobs":[{"problem":"p","settings":{"a":"1","b":"2"}},{"problem":"p","settings":{"b":2,"a":true}}]}""", "jobs[1]", "b=2, a=1" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadFile_NamesFilePathAndValue(string json, string path, string value)
    {
        var ex = Assert.Throws<JobFileException>(() => JobFile.Parse(json, "batch/jobs.json"));
        Assert.StartsWith("batch/jobs.json: ", ex.Message);
        Assert.Contains(path, ex.Message);
        Assert.Contains(value, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.Equal("batch/jobs.json", ex.SourceName);
        if (!path.StartsWith("line ")) Assert.Equal(path, ex.JsonPath);
    }

    public static TheoryData<string, string?, string> BadFileMessages => new()
    {
        // json, JsonPath (null: the file as a whole), the whole message after "jobs.json: "
        { """{"jobs":[{"problem":"p","settings":{"grids":[5, 10]}}]}""", "jobs[0].settings.grids",
          "jobs[0].settings.grids: is an array [5, 10]; a setting value must be a string, number or boolean" },
        { """{"jobs":[{"problem":"p","seeds":{"a":1}}]}""", "jobs[0].seeds",
          "jobs[0].seeds: is an object {\"a\":1}; it must be an array of non-negative integers" },
        { """{"jobs":[{"problem":"p"},{"problem":["p"]}]}""", "jobs[1].problem", "jobs[1].problem: is an array [\"p\"]; it must be a problem name" },
        { """{"jobs":[{"problem":"p"},"p"]}""", "jobs[1]", "jobs[1]: is the string \"p\"; it must be an object with at least \"problem\"" },
        { """{"jobs":[{"problem":"p","Seed":1}]}""", "jobs[0].Seed",
          "jobs[0].Seed: unknown field \"Seed\"; valid fields here: problem, seed, seeds, settings, sweep, id" },
        { """{"jobz":[]}""", "jobz", "jobz: unknown field \"jobz\"; valid fields here: jobs" },
        { """{"jobs":[{"seeds":[1]}]}""", "jobs[0]", "jobs[0]: missing field \"problem\" (a problem name)" },
        { """{"jobs":[{"problem":"p","problem":"q"}]}""", "jobs[0].problem", "jobs[0].problem: the key \"problem\" appears twice in jobs[0]" },
        { """{"jobs":[{"problem":"p","settings":{"a.b":{}}}]}""", "jobs[0].settings[\"a.b\"]",
          "jobs[0].settings[\"a.b\"]: is an object {}; a setting value must be a string, number or boolean" },
        { """{"jobs":[{"problem":"p"}]} trailing""", null,
          "not valid JSON at line 1, position 28 near \":[{\"problem\":\"p\"}]} trailing\": 't' is invalid after a single JSON value. Expected end of data." },
        { "{\"jobs\": [\n  {\"problem\": \"p\"},\n  {\"problem\": \"p\" \"seed\": 1}\n]}", null,
          "not valid JSON at line 3, position 19 near \"  {\"problem\": \"p\" \"seed\": 1}\": '\"' is invalid after a value. Expected either ',', '}', or ']'." },
    };

    [Theory]
    [MemberData(nameof(BadFileMessages))]
    public void BadFile_MessageSaysWhatTheValueMustBe(string json, string? path, string message)
    {
        var ex = Assert.Throws<JobFileException>(() => JobFile.Parse(json, "jobs.json"));
        Assert.Equal("jobs.json: " + message, ex.Message);
        Assert.Equal(path, ex.JsonPath);
    }

    [Fact]
    public void OptionalFieldsGivenAsNull_CountAsLeftOut()
    {
        var job = Assert.Single(JobFile.Parse("""{"jobs":[{"problem":"p","seed":null,"seeds":null,"settings":null,"sweep":null,"id":null}]}""", "j.json"));
        Assert.Equal("p-s0", job.Id);
        Assert.Empty(job.Settings);
        var ex = Assert.Throws<JobFileException>(() => JobFile.Parse("""{"jobs":[{"problem":null}]}""", "j.json"));
        Assert.Equal("j.json: jobs[0].problem: is null; it must be a problem name", ex.Message);
    }

    [Fact]
    public void SweepThatExpandsTooFar_IsRejectedBeforeExpanding()
    {
        string list = "[" + string.Join(",", Enumerable.Range(0, 400)) + "]";
        var ex = Assert.Throws<JobFileException>(() => JobFile.Parse($$$"""{"jobs":[{"problem":"p","sweep":{"a":{{{list}}},"b":{{{list}}}}}]}""", "j.json"));
        Assert.Contains("jobs[0].sweep", ex.Message);
        Assert.Contains("160000", ex.Message);
    }

    [Fact]
    public void Registry_RejectsUnknownProblemsAndSettingKeys()
    {
        var registry = new ProblemRegistry([
            new FakeProblem("poisson2d", null, new ProblemSetting("steps", "100", "steps"), new ProblemSetting("grids", "5", "grids")),
            new FakeProblem("burgers", null),
        ]);

        var unknown = Assert.Throws<JobFileException>(() => JobFile.Parse("""{"jobs":[{"problem":"poisson2d"},{"problem":"Poisson2d"}]}""", "j.json", registry));
        Assert.Equal("jobs[1].problem", unknown.JsonPath);
        Assert.Contains("'Poisson2d'", unknown.Message);
        Assert.Contains("burgers, poisson2d", unknown.Message);

        var key = Assert.Throws<JobFileException>(() => JobFile.Parse("""{"jobs":[{"problem":"poisson2d","settings":{"stpes":"10"}}]}""", "j.json", registry));
        Assert.Equal("jobs[0].settings.stpes", key.JsonPath);
        Assert.Contains("'stpes' = '10'", key.Message);
        Assert.Contains("valid settings: steps, grids", key.Message);
        Assert.IsType<ProblemSettingException>(key.InnerException);

        var swept = Assert.Throws<JobFileException>(() => JobFile.Parse("""{"jobs":[{"problem":"poisson2d","sweep":{"grid":["5,10"]}}]}""", "j.json", registry));
        Assert.Equal("jobs[0].sweep.grid", swept.JsonPath);
        Assert.Contains("'grid' = '5,10'", swept.Message);

        var ok = JobFile.Parse("""{"jobs":[{"problem":"poisson2d","settings":{"steps":10},"sweep":{"grids":["5","5,10"]}}]}""", "j.json", registry);
        Assert.Equal(2, ok.Count);
    }

    [Fact]
    public void Load_ReadsAFile_AndNamesAMissingOne()
    {
        var dir = Directory.CreateTempSubdirectory("kan-jobfile-");
        try
        {
            string path = Path.Combine(dir.FullName, "jobs.json");
            File.WriteAllText(path, """
                // comments and trailing commas are allowed in hand-written files
                { "jobs": [ { "problem": "p", "seeds": [2, 3], }, ], }
                """);
            Assert.Equal(["p-s2", "p-s3"], JobFile.Load(path).Select(j => j.Id));

            string missing = Path.Combine(dir.FullName, "nope.json");
            var ex = Assert.Throws<JobFileException>(() => JobFile.Load(missing));
            Assert.StartsWith(missing + ": cannot read the job file", ex.Message);
            Assert.IsType<FileNotFoundException>(ex.InnerException);
        }
        finally { dir.Delete(recursive: true); }
    }
}
