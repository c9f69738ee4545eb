using System.Text.Json;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Problems.Functions;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Training;

namespace Kan.Physics.Tests.Problems;

public class SpecialFunctionsProblemTests
{
    private static ResultDocument Run(Dictionary<string, string> settings, int seed = 0)
    {
        var m = (SpecialFunctionsProblem)ProblemCatalog.Find("special-functions");
        var context = new ProblemContext
        {
            Job = new JobSpec("sf-test", m.Name, seed, settings),
            Settings = new ProblemSettings(m.Name, m.Settings, settings),
            Checkpoints = new CheckpointStore(Path.Combine(Path.GetTempPath(), "sf-test-" + Guid.NewGuid().ToString("N"))),
        };
        return m.Run(context);
    }

    [Fact]
    public void ASmallLadderFitsALegendreFunctionBelowTheThreshold()
    {
        var doc = Run(new()
        {
            ["function"] = "lpmv_m0", ["shapes"] = "2,1,1;2,2,1", ["grids"] = "3,5", ["steps"] = "15", ["train"] = "300", ["test"] = "300",
        }, seed: 1);
        Assert.True(doc.Metrics["best_test_rmse"] < 1e-2, $"best {doc.Metrics["best_test_rmse"]:E2}");
        Assert.True(doc.Metrics["min_shape_rmse"] < 1e-2);

        // one row per (shape, grid), in ladder order
        Assert.Equal([0, 0, 1, 1], doc.Training["shape"]);
        Assert.Equal([3, 5, 3, 5], doc.Training["grid"]);
        Assert.Equal([3, 3, 6, 6], doc.Training["edges"]);
        var testRmse = doc.Training["test_rmse"];
        Assert.Equal(testRmse.Min(), doc.Metrics["best_test_rmse"]);
        // the minimal shape is the one with fewest edges whose best grid is under the threshold
        double best0 = Math.Min(testRmse[0], testRmse[1]), best1 = Math.Min(testRmse[2], testRmse[3]);
        Assert.Equal(best0 < 1e-2 ? 3 : 6, doc.Metrics["min_shape_edges"]);
        Assert.Equal(best0 < 1e-2 ? best0 : best1, doc.Metrics["min_shape_rmse"]);

        var entry = SpecialFunctionCatalog.Get("lpmv_m0");
        Assert.Equal(entry.BestKanRmse, doc.Metrics["paper_best_rmse"]);
        Assert.Equal(entry.MlpRmse, doc.Metrics["paper_mlp_rmse"]);
        Assert.Equal(doc.Metrics["best_test_rmse"] < entry.BestKanRmse ? 1 : 0, doc.Metrics["beats_paper_best"]);

        // the stored model is the best network: recompute its RMSE on the same test set (inputs rescaled to [-1, 1])
        var test = Dataset.FromFunction(u => entry.Function(0.5 * (u[0] + 1), 0.5 * (u[1] + 1)), 300, [-1, -1], [1, 1], seed: 2001);
        var y = doc.Model!.Forward(test.Inputs);
        double rmse = Math.Sqrt(y.Select((v, i) => (v - test.Targets[i]) * (v - test.Targets[i])).Average());
        Assert.Equal(doc.Metrics["best_test_rmse"], rmse, 1e-9);

        using var config = JsonDocument.Parse(doc.ConfigJson);
        Assert.Equal("lpmv_m0", config.RootElement.GetProperty("function").GetString());
        Assert.Equal(2, config.RootElement.GetProperty("shapes").GetArrayLength());
        Assert.Equal(doc.Model.Widths, config.RootElement.GetProperty("best_shape").EnumerateArray().Select(w => w.GetInt32()).ToArray());
    }

    [Theory]
    [InlineData("function", "besselj", "is not in the catalogue")]
    [InlineData("shapes", "3,1", "must start with 2 and end with 1")]
    [InlineData("shapes", "2,2,2", "must start with 2 and end with 1")]
    [InlineData("shapes", "2", "must start with 2 and end with 1")]
    [InlineData("shapes", "2,1;2,x,1", "'2,x,1'")]
    [InlineData("shapes", "2,0,1", "positive widths")]
    [InlineData("shapes", " ; ", "at least one shape")]
    [InlineData("grids", "5,3", "must increase")]
    [InlineData("train", "5", "must be an integer >= 10")]
    public void BadSettingsNameTheKeyAndValue(string key, string value, string reason)
    {
        var e = Assert.Throws<ProblemSettingException>(() => Run(new() { [key] = value, ["steps"] = "1", ["grids"] = key == "grids" ? value : "3" }));
        Assert.Equal(key, e.Key);
        Assert.Equal(value, e.Value);
        Assert.Contains(reason, e.Message);
        if (key == "function") Assert.Contains("jv", e.Message);
    }

    [Fact]
    public void EdgesCountTheConnectionsOfEveryLayer()
    {
        Assert.Equal(2, SpecialFunctionsProblem.Edges([2, 1]));
        Assert.Equal(14, SpecialFunctionsProblem.Edges([2, 3, 2, 1]));
        Assert.Equal(29, SpecialFunctionsProblem.Edges([2, 4, 3, 2, 1, 1]));
    }

    private static ResultDocument Fake(string function, double best, int[]? minShape, double seconds) => new()
    {
        Problem = "special-functions", WallSeconds = seconds,
        ConfigJson = JsonSerializer.Serialize(new { function, best_shape = new[] { 2, 2, 1 }, best_grid = 20, min_shape = minShape }),
        Metrics =
        {
            ["best_test_rmse"] = best, ["min_shape_rmse"] = minShape is null ? double.NaN : best,
            ["paper_best_rmse"] = SpecialFunctionCatalog.Get(function).BestKanRmse,
            ["paper_mlp_rmse"] = SpecialFunctionCatalog.Get(function).MlpRmse,
            ["paper_min_shape_rmse"] = SpecialFunctionCatalog.Get(function).MinimalKanRmse,
        },
    };

    [Fact]
    public void TheSummaryListsResultsInCatalogueOrderAndCountsWins()
    {
        string dir = Path.Combine(Path.GetTempPath(), "sf-report-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // jv beats the paper's 1.64e-3; ellipj_sn (first in the catalogue) does not reach 1e-2 at all
            ResultFile.Write(Path.Combine(dir, "a-jv.h5"), Fake("jv", 1.0e-3, [2, 2, 1], 12.5));
            ResultFile.Write(Path.Combine(dir, "b-ellipj.h5"), Fake("ellipj_sn", 2.0e-2, null, 30));
            ResultFile.Write(Path.Combine(dir, "c-other.h5"), new ResultDocument { Problem = "toy-formula" });
            File.WriteAllText(Path.Combine(dir, "d-junk.h5"), "not hdf5");

            string path = SpecialFunctionsReport.Write(dir);
            Assert.Equal(Path.Combine(dir, SpecialFunctionsReport.FileName), path);
            var lines = File.ReadAllLines(path);
            var rows = lines.Where(l => l.StartsWith("| ") && !l.StartsWith("| function")).ToList();
            Assert.Equal(2, rows.Count);
            Assert.StartsWith("| ellipj_sn | 2.00E-2 [2,2,1], G = 20 | 1.33E-4 [2,3,2,1,1,1] | 6.48E-4 | none | - | [2,2,1] (7.29E-3) | 30.0 |", rows[0]);
            Assert.StartsWith("| jv | **1.00E-3** [2,2,1], G = 20 | 1.64E-3 [2,3,1,1,1] | 5.52E-3 | [2,2,1] | 1.00E-3 | [2,2,1] (4.93E-3) | 12.5 |", rows[1]);
            Assert.Contains(lines, l => l.Contains("on 1 of 2") && l.Contains("below 1e-2 on 1 of 2") && l.Contains("total time 42.5 s"));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void TheJobFileSweepsEveryCatalogueFunction()
    {
        var jobs = JobFile.Load(RepositoryFile.PathOf("problems", "jobs", "special-functions.json"), new ProblemRegistry(ProblemCatalog.All));
        Assert.All(jobs, j => Assert.Equal("special-functions", j.Problem));
        Assert.Equal(SpecialFunctionCatalog.Entries.Select(e => e.Name).Order(), jobs.Select(j => j.Settings["function"]).Order());
    }

    [Fact]
    public void AMissingFolderIsNamed()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => SpecialFunctionsReport.Write("/nonexistent/sf-results"));
        Assert.Contains("/nonexistent/sf-results", e.Message);
    }
}
