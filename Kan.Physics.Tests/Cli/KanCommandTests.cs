using System.Diagnostics;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Tests.Cli;

/// <summary>The <c>kan</c> program end to end, as a user runs it: results, figures, bad input, kill and resume.</summary>
public class KanCommandTests
{
    private static string[] SmallPoisson(params string[] extra)
        => ["run", "poisson2d", "--set", "mesh=15", "--set", "boundary=15", "--set", "grids=5,10", "--set", "steps=12", .. extra];

    [Fact]
    public void RunWritesAResultFileThatReadsBackWithFiguresAndShowPrintsIt()
    {
        string dir = KanProcess.TempDirectory();
        var r = KanProcess.Run(dir, [.. SmallPoisson("--out", "res", "--seed", "3")]);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var h5 = Directory.GetFiles(Path.Combine(dir, "res"), "*.h5").Single();
        var doc = ResultFile.Read(h5);
        Assert.Equal("poisson2d", doc.Problem);
        Assert.Equal(3, doc.Seed);
        Assert.True(doc.Metrics["rel_l2"] < 0.5);
        Assert.Equal(15 * 15, doc.Solution!.PointCount);
        Assert.Equal(doc.Training["step"].Length, doc.Training["loss"].Length);
        Assert.Equal([2, 2, 1], ResultFile.ReadNetwork(h5).Widths);
        foreach (string fig in new[] { "loss", "solution", "network" })
            Assert.True(File.Exists(h5[..^3] + $".{fig}.png"), fig);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "res"), "*.tmp", SearchOption.AllDirectories));
        // how the solve ended: in the console, the notes and the history (both grids ran all 12 steps)
        string reason = doc.Notes["stop_reason"];
        Assert.Contains($"stop: {reason}", r.Stdout);
        Assert.Equal(doc.Notes.TryGetValue("stop_hint", out string? hint) ? $"stop: {reason}: {hint}" : $"stop: {reason}",
            r.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith("stop: ", StringComparison.Ordinal)));
        Assert.Equal("grid 5: IterationLimit after 12 of 12 steps", doc.Notes["grids"][..43]);
        Assert.Equal([0.0, 0.0], doc.Training["grid_ended_early"].Where(v => !double.IsNaN(v)));
        Assert.True(doc.Metrics["grid_updates_checked"] > 0);

        var show = KanProcess.Run(dir, "show", h5);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("rel_l2", show.Stdout);
        Assert.Contains("problem poisson2d", show.Stdout);
        Assert.Contains("stop_reason", show.Stdout);
        File.Delete(h5[..^3] + ".loss.png");
        Assert.Equal(0, KanProcess.Run(dir, "plot", h5).ExitCode);
        Assert.True(File.Exists(h5[..^3] + ".loss.png"));
    }

    [Theory]
    [InlineData("unknown command 'frobnicate'", "frobnicate")]
    [InlineData("problem 'poison2d'", "run", "poison2d")]
    [InlineData("setting 'stepz'", "run", "poisson2d", "--set", "stepz=3")]
    [InlineData("setting 'steps' = 'ten'", "run", "poisson2d", "--set", "steps=ten")]
    [InlineData("setting 'grids' = '-5'", "run", "poisson2d", "--set", "grids=-5")]
    [InlineData("setting 'widths' = '3,2,1'", "run", "poisson2d", "--set", "widths=3,2,1")]
    [InlineData("unknown option '--sed'", "run", "poisson2d", "--sed", "1")]
    [InlineData("does not exist", "show", "nope.h5")]
    [InlineData("nope.json", "batch", "nope.json")]
    public void BadInputGivesOneLineAndExitCodeTwo(string expected, params string[] args)
    {
        string dir = KanProcess.TempDirectory();
        var r = KanProcess.Run(dir, args);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace
        Assert.False(Directory.Exists(Path.Combine(dir, "results")) && Directory.GetFiles(Path.Combine(dir, "results"), "*.h5").Length > 0);
    }

    [Fact]
    public void CorruptOrForeignResultFilesAndBadJobFilesAreNamed()
    {
        string dir = KanProcess.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "fake.h5"), "this is not HDF5");
        var r = KanProcess.Run(dir, "plot", "fake.h5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("fake.h5", r.Stderr);
        File.WriteAllText(Path.Combine(dir, "jobs.json"), """{ "jobs": [ { "problem": "poisson2d", "seeds": [0, "one"] } ] }""");
        r = KanProcess.Run(dir, "batch", "jobs.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("jobs.json", r.Stderr);
        Assert.Contains("seeds[1]", r.Stderr);
        File.WriteAllText(Path.Combine(dir, "blocker"), "");
        r = KanProcess.Run(dir, [.. SmallPoisson("--out", "blocker/sub")]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("blocker", r.Stderr);
    }

    [Fact]
    public void ABatchKilledWithSigkillResumesToTheSameResultsAsAnUninterruptedOne()
    {
        string dir = KanProcess.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "jobs.json"), """
            { "jobs": [ { "problem": "poisson2d", "seeds": [0, 1, 2],
                          "settings": { "mesh": 15, "boundary": 15, "grids": "5,10", "steps": 15 } } ] }
            """);
        var clean = KanProcess.Run(dir, "batch", "jobs.json", "--out", "clean");
        Assert.True(clean.ExitCode == 0, clean.Stderr + clean.Stdout);

        // kill the second run as soon as the first job's result exists (the second job is then under way)
        using (var p = KanProcess.Start(dir, "batch", "jobs.json", "--out", "killed"))
        {
            var watch = Stopwatch.StartNew();
            string killed = Path.Combine(dir, "killed");
            while (!(Directory.Exists(killed) && Directory.GetFiles(killed, "*.h5").Length >= 1) && !p.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2))
                Thread.Sleep(20);
            Assert.False(p.HasExited, "the batch finished before it could be killed");
            p.Kill(entireProcessTree: true); // SIGKILL
            p.WaitForExit();
        }
        Assert.True(Directory.GetFiles(Path.Combine(dir, "killed"), "*.h5").Length < 3);

        var resumed = KanProcess.Run(dir, "batch", "jobs.json", "--out", "killed", "--resume");
        Assert.True(resumed.ExitCode == 0, resumed.Stderr + resumed.Stdout);
        var a = Directory.GetFiles(Path.Combine(dir, "clean"), "*.h5").Select(Path.GetFileName).Order().ToArray();
        var b = Directory.GetFiles(Path.Combine(dir, "killed"), "*.h5").Select(Path.GetFileName).Order().ToArray();
        Assert.Equal(3, a.Length);
        Assert.Equal(a, b);
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "killed"), "*.tmp", SearchOption.AllDirectories));
        foreach (var name in a)
        {
            var x = ResultFile.Read(Path.Combine(dir, "clean", name!));
            var y = ResultFile.Read(Path.Combine(dir, "killed", name!));
            Assert.Equal(x.Metrics["rel_l2"], y.Metrics["rel_l2"]);
            Assert.Equal(x.Metrics["final_loss"], y.Metrics["final_loss"]);
        }
    }

    [Fact]
    public void ABadObservationFileGivesExitCodeTwoNamingTheFileColumnAndRow()
    {
        string dir = KanProcess.TempDirectory();
        File.WriteAllText(Path.Combine(dir, "obs.csv"), "x,t,u\n0.1,0.5,0.2\n0.3,0.5,NaN\n");
        var r = KanProcess.Run(dir, "run", "burgers-inverse", "--set", "data=obs.csv", "--set", "steps=1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("setting 'data' = 'obs.csv'", r.Stderr);
        Assert.Contains("observation file 'obs.csv', column 'u', row 2", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        File.WriteAllText(Path.Combine(dir, "far.csv"), "x,time,u\n0.1,0.5,0.2\n0.3,2.5,0.1\n");
        r = KanProcess.Run(dir, "run", "burgers-inverse", "--set", "data=far.csv", "--set", "columns=x,time,u");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("column 'time', row 2", r.Stderr);
        Assert.Contains("outside the domain", r.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "results")) && Directory.GetFiles(Path.Combine(dir, "results"), "*.h5").Length > 0);
    }
}
