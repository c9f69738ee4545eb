using System.Diagnostics;
using System.Text.RegularExpressions;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Tests.Cli;

/// <summary>Whether a Slurm cluster answers here (<c>sinfo</c> shows a usable node), asked once per test run.</summary>
internal static class SlurmCluster
{
    private static readonly Lazy<string?> Problem = new(FindProblem);

    /// <summary>Null when a cluster answers, else why not.</summary>
    public static string? Unavailable => Problem.Value;

    /// <summary>Whether the tests run under CI (the CI environment variable set, and not to 0 or false).</summary>
    public static bool UnderCi => Environment.GetEnvironmentVariable("CI") is { Length: > 0 } ci && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase);

    private static string? FindProblem()
    {
        try
        {
            var r = Tool.Run("sinfo", ["-h", "-N", "-o", "%T"], TimeSpan.FromSeconds(20));
            if (r.Code != 0) return $"sinfo failed (exit {r.Code}): {r.Stderr.Trim()}";
            return Regex.IsMatch(r.Stdout, "(?m)^(idle|mixed|allocated|completing)") ? null : $"no Slurm node is up (sinfo: {r.Stdout.Trim()})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "sinfo is not installed";
        }
        catch (TimeoutException)
        {
            return "sinfo did not answer within 20 s (is slurmctld running?)";
        }
    }
}

/// <summary>
/// A fact that needs a Slurm cluster: skipped with the reason when none answers, except under CI, where it runs and
/// fails (CI starts one with .ci/slurm-up.sh; a skip there would hide that the cluster tests never ran).
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    /// <summary>Skips the test when no cluster answers and the run is not under CI.</summary>
    public SlurmFactAttribute()
    {
        if (SlurmCluster.Unavailable is { } why && !SlurmCluster.UnderCi)
            Skip = $"no Slurm cluster here ({why}); start one as root with .ci/slurm-up.sh";
    }
}

/// <summary>Runs a command-line tool and returns its exit code and output.</summary>
internal static class Tool
{
    public sealed record Outcome(int Code, string Stdout, string Stderr);

    public static Outcome Run(string tool, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout)) { p.Kill(entireProcessTree: true); throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish"); }
        return new Outcome(p.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>
/// <c>kan batch --slurm</c> on a real (one-machine) Slurm cluster: a 3-task array of 6 short solves completes every
/// job once, with results that open; a task cancelled mid-solve (<c>scancel</c>: SIGTERM) checkpoints and writes
/// nothing half, and a resubmission with <c>--resume</c> completes everything exactly once from the checkpoints.
/// </summary>
public sealed class SlurmIntegrationTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);
    private readonly string _dir = KanProcess.TempDirectory();

    public SlurmIntegrationTests()
    {
        if (SlurmCluster.Unavailable is { } why) Assert.Fail($"CI is set but no Slurm cluster answers: {why}. .ci/run starts one with .ci/slurm-up.sh (as root); see its output.");
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string WriteJobs(int steps)
    {
        File.WriteAllText(Path.Combine(_dir, "jobs.json"), $$"""
            { "jobs": [ { "problem": "poisson2d", "seeds": [0, 1, 2, 3, 4, 5],
                          "settings": { "mesh": 15, "boundary": 15, "grids": "5,10", "steps": {{steps}} } } ] }
            """);
        return "jobs.json";
    }

    private static readonly string[] Ids = Enumerable.Range(0, 6).Select(i => $"poisson2d-s{i}").ToArray();

    private string Submit(params string[] extra)
    {
        var r = KanProcess.Run(_dir, ["batch", "jobs.json", "--slurm", "--tasks", "3", "--cpus-per-task", "1", "--time", "10", "--out", "res", .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var m = Regex.Match(r.Stdout, @"submitted Slurm job (\d+): an array of 3 tasks, 6 jobs in 3 shards");
        Assert.True(m.Success, r.Stdout);
        return m.Groups[1].Value;
    }

    private static bool InQueue(string job) => Tool.Run("squeue", ["-h", "-r", "-j", job, "-o", "%i"], TimeSpan.FromSeconds(20)).Stdout.Trim().Length > 0;

    private void WaitForQueueToEmpty(string job)
    {
        var watch = Stopwatch.StartNew();
        while (InQueue(job))
        {
            Assert.True(watch.Elapsed < Patience, $"Slurm job {job} still queued after {Patience}: {Logs(job)}");
            Thread.Sleep(500);
        }
    }

    private string Logs(string job) =>
        string.Join("\n", Directory.GetFiles(Path.Combine(_dir, "res", "slurm", "logs"), job + "_*.out").Order().Select(f => $"== {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));

    /// <summary>Every result there once, completed, readable; no temporary files or locks left; status all done.</summary>
    private void AssertComplete()
    {
        string res = Path.Combine(_dir, "res");
        Assert.Equal(Ids.Order(), Directory.GetFiles(res, "*.h5").Select(Path.GetFileNameWithoutExtension).Order());
        foreach (string id in Ids)
        {
            var doc = ResultFile.Read(Path.Combine(res, id + ".h5"));
            Assert.Equal(ResultFile.CompletedStatus, doc.Status);
            Assert.True(double.IsFinite(doc.Metrics["rel_l2"]) && doc.Metrics["rel_l2"] < 1, $"{id}: rel_l2 {doc.Metrics["rel_l2"]}");
        }
        Assert.Empty(Directory.GetFiles(res, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(Path.Combine(res, ".kan", "locks")));
        Assert.False(Directory.Exists(Path.Combine(res, ".checkpoints")) && Directory.EnumerateFileSystemEntries(Path.Combine(res, ".checkpoints")).Any());
        var status = KanProcess.Run(_dir, "status", "res");
        Assert.True(status.ExitCode == 0, status.Stdout + status.Stderr);
        Assert.Contains("6 jobs: 6 done, 0 running, 0 stalled, 0 failed, 0 pending", status.Stdout);
    }

    /// <summary>How many times each job completed, over the task logs of all submissions.</summary>
    private Dictionary<string, int> Completions()
    {
        string all = string.Concat(Directory.GetFiles(Path.Combine(_dir, "res", "slurm", "logs")).Select(File.ReadAllText));
        return Ids.ToDictionary(id => id, id => Regex.Matches(all, $@"\[{id}\] completed in").Count);
    }

    [SlurmFact]
    public void AThreeTaskArrayCompletesSixSolvesEachOnce()
    {
        WriteJobs(steps: 15);
        string job = Submit();
        WaitForQueueToEmpty(job);

        AssertComplete();
        Assert.All(Completions(), c => Assert.True(c.Value == 1, $"{c.Key} completed {c.Value} times\n{Logs(job)}"));
        for (int task = 0; task < 3; task++)
        {
            string log = File.ReadAllText(Path.Combine(_dir, "res", "slurm", "logs", $"{job}_{task}.out"));
            Assert.Contains($"kan: task {job}_{task} on ", log);
            Assert.Contains($"kan: task {job}_{task} exit 0", log);
        }
        var report = KanProcess.Run(_dir, "report", "res");
        Assert.True(report.ExitCode == 0, report.Stderr);
        // kan report reads the folder as if one machine had run it: six poisson2d rows in the PDE summary
        string summary = File.ReadAllText(Path.Combine(_dir, "res", "pde-summary.md"));
        Assert.Equal(6, Regex.Matches(summary, @"(?m)^\| poisson2d \|").Count);
    }

    [SlurmFact]
    public void ATaskCancelledMidSolveCheckpointsAndAResubmissionWithResumeCompletesEverythingOnce()
    {
        WriteJobs(steps: 80);
        string res = Path.Combine(_dir, "res");
        string first = Submit();

        // wait until a job is mid-solve with a checkpoint saved, then cancel the array task running it
        string locks = Path.Combine(res, ".kan", "locks");
        JobLockInfo? victim = null;
        string? victimId = null;
        var watch = Stopwatch.StartNew();
        while (victim is null)
        {
            Assert.True(watch.Elapsed < Patience, $"no job got to a checkpoint: {Logs(first)}");
            foreach (string path in Directory.Exists(locks) ? Directory.GetFiles(locks, "*.lock") : [])
            {
                string id = Path.GetFileNameWithoutExtension(path);
                if (JobLock.Read(path, out _) is { SlurmJob: not null } info && Directory.Exists(Path.Combine(res, ".checkpoints", id))
                    && Directory.GetFiles(Path.Combine(res, ".checkpoints", id)).Any(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
                {
                    (victim, victimId) = (info, id);
                    break;
                }
            }
            Thread.Sleep(100);
        }
        var cancel = Tool.Run("scancel", [victim.SlurmJob!], TimeSpan.FromSeconds(20));
        Assert.True(cancel.Code == 0, cancel.Stderr);
        WaitForQueueToEmpty(first);

        // the cancelled task saved its checkpoint, released its lock and wrote no result for the job it was running
        string cancelledLog = File.ReadAllText(Path.Combine(res, "slurm", "logs", victim.SlurmJob + ".out"));
        Assert.Contains($"[{victimId}] cancelled after", cancelledLog);
        Assert.False(File.Exists(Path.Combine(res, victimId + ".h5")));
        Assert.Empty(Directory.GetFiles(locks));
        Assert.Empty(Directory.GetFiles(res, "*.tmp", SearchOption.AllDirectories));
        var status = KanProcess.Run(_dir, "status", "res");
        Assert.Equal(0, status.ExitCode); // nothing failed
        Assert.Matches($"(?m)^{victimId} +pending +interrupted; continues from its checkpoint$", status.Stdout);
        foreach (string h5 in Directory.GetFiles(res, "*.h5")) Assert.Equal(ResultFile.CompletedStatus, ResultFile.Read(h5).Status);
        int doneBefore = Directory.GetFiles(res, "*.h5").Length;
        Assert.InRange(doneBefore, 0, 5);

        // resubmitting without --resume refuses; with it, the rest completes and nothing runs twice
        var refused = KanProcess.Run(_dir, "batch", "jobs.json", "--slurm", "--tasks", "3", "--out", "res");
        Assert.Equal(2, refused.ExitCode);
        string second = Submit("--resume");
        WaitForQueueToEmpty(second);

        AssertComplete();
        var completions = Completions();
        Assert.All(completions, c => Assert.True(c.Value == 1, $"{c.Key} completed {c.Value} times\n{Logs(first)}\n{Logs(second)}"));
        Assert.Contains($"{victimId}: resuming from the checkpoint at grid stage", Logs(second));
    }
}
