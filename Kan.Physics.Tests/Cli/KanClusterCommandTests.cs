using System.Diagnostics;
using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Tests.Cli;

/// <summary>
/// <c>kan batch --shard</c>, <c>kan batch --slurm</c> and <c>kan status</c> as a user runs them (the built program in a
/// process), without a Slurm cluster: the submission goes to a stand-in <c>sbatch</c> on PATH that records its
/// arguments. The real cluster is in <see cref="SlurmIntegrationTests"/>.
/// </summary>
public sealed class KanClusterCommandTests : IDisposable
{
    private const string JobFile = """
        { "jobs": [ { "problem": "poisson2d", "seeds": [0, 1, 2, 3], "settings": { "mesh": 8, "boundary": 8, "grids": "3", "steps": 3 } } ] }
        """;

    private readonly string _dir = KanProcess.TempDirectory();

    public KanClusterCommandTests() => File.WriteAllText(Path.Combine(_dir, "jobs.json"), JobFile);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private KanProcess.Outcome Kan(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(KanProcess.Dll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_TieredPGO"] = "0";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(entireProcessTree: true); throw new TimeoutException(string.Join(' ', args)); }
        return new KanProcess.Outcome(p.ExitCode, stdout.Result, stderr.Result);
    }

    private KanProcess.Outcome Kan(params string[] args) => Kan(null, args);

    [Fact]
    public void ShardsRunTheirShareAndStatusFollowsTheBatchToTheEnd()
    {
        var ids = Enumerable.Range(0, 4).Select(i => $"poisson2d-s{i}").ToList();
        var second = ids.Where(id => JobShard.Of(id, 2) == 2).ToList();

        var r = Kan("batch", "jobs.json", "--out", "res", "--shard", "2/2");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Equal(second.Order(), Directory.GetFiles(Path.Combine(_dir, "res"), "*.h5").Select(Path.GetFileNameWithoutExtension).Order());

        var status = Kan("status", "res");
        Assert.Equal(0, status.ExitCode);
        foreach (string id in ids)
            Assert.Matches($"(?m)^{id} +{(second.Contains(id) ? "done" : "pending")}$", status.Stdout);
        Assert.Contains($"4 jobs: {second.Count} done, 0 running, 0 stalled, 0 failed, {4 - second.Count} pending", status.Stdout);

        Assert.Equal(0, Kan("batch", "jobs.json", "--out", "res", "--shard", "1/2").ExitCode);
        var totals = Kan("status", "res", "--totals");
        Assert.Equal(0, totals.ExitCode);
        Assert.Equal("4 jobs: 4 done, 0 running, 0 stalled, 0 failed, 0 pending", totals.Stdout.Trim());
    }

    [Fact]
    public void StatusOfAMissingFolderIsAUsageError()
    {
        var r = Kan("status", "nowhere");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("'nowhere' does not exist", r.Stderr);
    }

    [Fact]
    public void ADryRunWritesTheArrayScriptTheJobFileCopyAndTheManifestAndSubmitsNothing()
    {
        var r = Kan(new Dictionary<string, string> { ["KAN_Slurm__Account"] = "phys-lab", ["KAN_Slurm__CpusPerTask"] = "2" },
            "batch", "jobs.json", "--out", "res", "--slurm", "--tasks", "3", "--time", "0-01:30", "--partition", "short",
            "--sbatch-arg=--mem=2G", "--parallel", "2", "--dry-run");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        string slurm = Path.Combine(_dir, "res", "slurm");
        string script = File.ReadAllText(Path.Combine(slurm, "batch.sbatch"));
        Assert.StartsWith(script, r.Stdout); // printed as written
        Assert.Contains("not submitted (--dry-run)", r.Stdout);
        foreach (string line in new[]
        {
            "#SBATCH --job-name=kan-jobs", "#SBATCH --array=0-2", "#SBATCH --cpus-per-task=2", "#SBATCH --time=0-01:30",
            "#SBATCH --partition=short", "#SBATCH --account=phys-lab", $"#SBATCH --output={Path.Combine(slurm, "logs", "%A_%a.out")}",
            "#SBATCH --requeue", "#SBATCH --signal=B:USR1@300", "#SBATCH --mem=2G",
            "shard=\"$((SLURM_ARRAY_TASK_ID + 1))/3\"",
            "then scontrol requeue \"$task\"; fi",
        })
            Assert.Contains(line + "\n", script);
        Assert.Matches($@"batch '{Path.Combine(slurm, "jobs.json")}' --out '{Path.Combine(_dir, "res")}' --shard ""\$shard"" --parallel 2 --resume &", script);
        Assert.Contains("kan.dll'", script); // runs this very program on the nodes
        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "jobs.json")), File.ReadAllText(Path.Combine(slurm, "jobs.json")));
        Assert.True(Directory.Exists(Path.Combine(slurm, "logs")));
        Assert.False(File.Exists(Path.Combine(slurm, "submissions.txt")));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => $"poisson2d-s{i}"), new BatchFolder(Path.Combine(_dir, "res")).ReadManifest());

        var status = Kan("status", "res", "--totals");
        Assert.Equal("4 jobs: 0 done, 0 running, 0 stalled, 0 failed, 4 pending", status.Stdout.Trim());
        // the script is valid bash
        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", Path.Combine(slurm, "batch.sbatch")]) { RedirectStandardError = true })!;
        bash.WaitForExit();
        Assert.Equal(0, bash.ExitCode);
    }

    [Fact]
    public void SubmissionCallsSbatchRecordsTheJobAndRefusesToOverwriteResultsWithoutResume()
    {
        if (OperatingSystem.IsWindows()) return; // Slurm and the stand-in script are Unix things
        // a stand-in sbatch that records its arguments and answers like 'sbatch --parsable'
        string bin = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(bin);
        string fake = Path.Combine(bin, "sbatch");
        File.WriteAllText(fake, $"#!/bin/sh\necho \"$@\" > '{Path.Combine(_dir, "sbatch-args")}'\necho 4242\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") };

        var r = Kan(env, "batch", "jobs.json", "--out", "res", "--slurm", "--tasks", "9");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("--tasks 9 is more than the 4 jobs: submitting 4 tasks", r.Stdout);
        Assert.Contains("submitted Slurm job 4242: an array of 4 tasks, 4 jobs in 4 shards of ", r.Stdout);
        Assert.Contains("watch:   kan status res", r.Stdout);
        Assert.Equal($"--parsable {Path.Combine(_dir, "res", "slurm", "batch.sbatch")}", File.ReadAllText(Path.Combine(_dir, "sbatch-args")).Trim());
        Assert.StartsWith("4242 ", File.ReadAllText(Path.Combine(_dir, "res", "slurm", "submissions.txt")));

        File.WriteAllText(Path.Combine(_dir, "res", "poisson2d-s2.h5"), "");
        var again = Kan(env, "batch", "jobs.json", "--out", "res", "--slurm");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already holds results or checkpoints of 1 of these jobs (e.g. poisson2d-s2); add --resume", again.Stderr);
        Assert.Equal(0, Kan(env, "batch", "jobs.json", "--out", "res", "--slurm", "--resume").ExitCode);

        // without sbatch: exit 1 naming the written script
        var none = Kan(new Dictionary<string, string> { ["PATH"] = "/nonexistent" }, "batch", "jobs.json", "--out", "res", "--slurm", "--resume");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("sbatch is not on PATH", none.Stderr);

        // a bad job file is exit 2 before anything is written
        File.WriteAllText(Path.Combine(_dir, "bad.json"), """{ "jobs": [ { "problem": "poisson2d", "seeds": [-1] } ] }""");
        var bad = Kan(env, "batch", "bad.json", "--out", "fresh", "--slurm");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("seeds[0]", bad.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_dir, "fresh")));
    }
}
