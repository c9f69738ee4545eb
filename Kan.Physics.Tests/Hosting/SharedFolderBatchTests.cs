using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Tests.Hosting;

/// <summary>
/// Several workers on one output folder, as Slurm array tasks on a shared filesystem: shards split the batch, job
/// locks keep two workers off one job, a lock left by a killed worker is taken over, failures leave a note for
/// <c>kan status</c> that a later success removes, and the manifest lists the whole batch.
/// </summary>
[Collection(BatchCollection.Name)]
public sealed class SharedFolderBatchTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-shared-");
    private readonly ConcurrentDictionary<string, int> _runs = new();

    public void Dispose() => _dir.Delete(recursive: true);

    private static List<JobSpec> Jobs(int count) =>
        Enumerable.Range(0, count).Select(i => new JobSpec($"fit-s{i}", "fit", i, new Dictionary<string, string>())).ToList();

    /// <summary>A problem that takes a little while and counts how often each job ran.</summary>
    private FakeProblem Slow(int milliseconds) => new("fit", ctx =>
    {
        _runs.AddOrUpdate(ctx.Job.Id, 1, (_, n) => n + 1);
        Thread.Sleep(milliseconds);
        return FakeProblem.Document(ctx);
    });

    private BatchRunner Runner(IProblem problem) =>
        new(new ProblemRegistry([problem]), NoFigures.Instance, new ListLogger<BatchRunner>(), new RecordingProgress());

    private BatchOptions Options(JobShard? shard = null, bool resume = true) => new()
    {
        OutputDirectory = _dir.FullName, Resume = resume, Shard = shard ?? JobShard.All, WriteManifest = true, Parallel = 2,
    };

    [Fact]
    public async Task ShardsRunConcurrentlyCoverTheBatchOnceAndTheManifestListsEveryJob()
    {
        var jobs = Jobs(12);
        var problem = Slow(20);
        var summaries = await Task.WhenAll(Enumerable.Range(1, 3).Select(k => Runner(problem).RunAsync(jobs, Options(new JobShard(k, 3)))));

        Assert.Equal(jobs.Select(j => j.Id).Order(), summaries.SelectMany(s => s.Jobs).Select(j => j.Id).Order());
        Assert.All(summaries.SelectMany(s => s.Jobs), j => Assert.Equal(JobStatus.Completed, j.Status));
        Assert.All(jobs, j => Assert.Equal(1, _runs[j.Id]));
        for (int k = 1; k <= 3; k++)
            Assert.All(summaries[k - 1].Jobs, j => Assert.Equal(k, JobShard.Of(j.Id, 3)));
        Assert.Equal(jobs.Select(j => j.Id), new BatchFolder(_dir.FullName).ReadManifest());
        Assert.Empty(Directory.GetFiles(Path.Combine(_dir.FullName, ".kan", "locks")));
        Assert.Equal(12, BatchStatus.Read(_dir.FullName, TimeSpan.FromMinutes(5)).Count(JobState.Done));
    }

    [Fact]
    public async Task TwoWorkersOnTheWholeBatchRunEveryJobExactlyOnce()
    {
        var jobs = Jobs(10);
        var problem = Slow(40);
        var both = await Task.WhenAll(Runner(problem).RunAsync(jobs, Options()), Runner(problem).RunAsync(jobs, Options()));

        Assert.All(jobs, j => Assert.Equal(1, _runs[j.Id]));
        Assert.All(both, s => Assert.Equal(0, s.ExitCode));
        // each job completed by one worker; the other skipped it (already done) or left it to the first (locked)
        foreach (var job in jobs)
        {
            var statuses = both.Select(s => s.Jobs.Single(j => j.Id == job.Id).Status).Order().ToList();
            Assert.Equal(JobStatus.Completed, statuses[0]);
            Assert.Contains(statuses[1], new[] { JobStatus.Skipped, JobStatus.Locked });
        }
        Assert.Contains(both.SelectMany(s => s.Jobs), j => j.Status == JobStatus.Locked && j.Error!.Contains($"pid {Environment.ProcessId}"));
        foreach (var job in jobs) Assert.Equal(1e-3 * (job.Seed + 1), ResultFile.Read(Path.Combine(_dir.FullName, job.Id + ".h5")).Metrics["rel_l2"]);
    }

    [Fact]
    public async Task AResumedRunTakesOverTheLockOfAKilledWorkerAndALiveOnesIsLeftAlone()
    {
        var jobs = Jobs(3);
        var folder = new BatchFolder(_dir.FullName);
        Directory.CreateDirectory(folder.LocksDirectory);
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            File.WriteAllText(folder.LockPath("fit-s0"), JsonSerializer.Serialize(new
            {
                token = "dead", host = Environment.MachineName, pid = gone.Id, process_start_utc = DateTime.UtcNow, started_utc = DateTime.UtcNow,
            }));
        }
        using var live = JobLock.TryAcquire(folder.LockPath("fit-s1"), TimeSpan.FromMinutes(5)).Lock!; // a worker still running it

        var summary = await Runner(Slow(1)).RunAsync(jobs, Options());

        Assert.Equal([JobStatus.Completed, JobStatus.Locked, JobStatus.Completed], summary.Jobs.Select(j => j.Status));
        Assert.Equal(0, summary.ExitCode);
        Assert.False(_runs.ContainsKey("fit-s1"));
        Assert.True(live.IsHeld());
        var table = new StringWriter();
        summary.WriteTable(table);
        Assert.Contains("3 jobs: 2 completed, 0 skipped, 0 failed, 0 cancelled, 1 held by other workers;", table.ToString());
    }

    [Fact]
    public async Task AFailureLeavesANoteThatTheLaterSuccessRemoves()
    {
        var jobs = Jobs(2);
        bool fail = true;
        var problem = new FakeProblem("fit", ctx => ctx.Seed == 1 && fail ? throw new InvalidOperationException("diverged at step 3") : FakeProblem.Document(ctx));
        var first = await Runner(problem).RunAsync(jobs, Options(resume: false));
        Assert.Equal(1, first.ExitCode);
        var note = JobFailureNote.Read(new BatchFolder(_dir.FullName).FailurePath("fit-s1"), "fit-s1")!;
        Assert.Equal("diverged at step 3", note.Error);
        Assert.Equal(Environment.MachineName, note.Host);
        Assert.Equal(JobState.Failed, BatchStatus.Read(_dir.FullName, TimeSpan.FromMinutes(5)).Jobs[1].State);

        fail = false;
        var second = await Runner(problem).RunAsync(jobs, Options());
        Assert.Equal([JobStatus.Skipped, JobStatus.Completed], second.Jobs.Select(j => j.Status));
        Assert.False(File.Exists(new BatchFolder(_dir.FullName).FailurePath("fit-s1")));
        Assert.Equal(0, BatchStatus.Read(_dir.FullName, TimeSpan.FromMinutes(5)).ExitCode);
    }

    [Fact]
    public async Task AWorkerWhoseLockIsTakenOverStopsTheJobAndWritesNoResult()
    {
        var folder = new BatchFolder(_dir.FullName);
        using var started = new ManualResetEventSlim();
        var problem = new FakeProblem("fit", ctx =>
        {
            started.Set();
            ctx.CancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            ctx.CancellationToken.ThrowIfCancellationRequested();
            return FakeProblem.Document(ctx);
        });
        var options = new BatchOptions { OutputDirectory = _dir.FullName, HeartbeatInterval = TimeSpan.FromMilliseconds(50) };
        var run = Runner(problem).RunAsync(Jobs(1), options);
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        // another node decided this worker was gone and took the lock
        File.Delete(folder.LockPath("fit-s0"));
        File.WriteAllText(folder.LockPath("fit-s0"), JsonSerializer.Serialize(new { token = "theirs", host = "node-9", pid = 1 }));

        var summary = await run.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(JobStatus.Locked, summary.Jobs[0].Status);
        Assert.Contains("taken over", summary.Jobs[0].Error);
        Assert.False(File.Exists(folder.ResultPath("fit-s0")));
        Assert.Equal("theirs", JobLock.Read(folder.LockPath("fit-s0"), out _)!.Token); // theirs is kept
    }
}
