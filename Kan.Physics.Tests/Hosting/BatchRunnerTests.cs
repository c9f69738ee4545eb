using Kan.Physics.Networks;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Microsoft.Extensions.Logging;

namespace Kan.Physics.Tests.Hosting;

/// <summary>Tests that run batches share one collection: a batch sets the process-wide KanNetwork.MaxDegreeOfParallelism.</summary>
[CollectionDefinition(Name)]
public sealed class BatchCollection
{
    public const string Name = "Hosting batches";
}

/// <summary>
/// The batch runner: failures stay with their job, resume skips completed results and reruns corrupt ones,
/// cancellation keeps checkpoints and writes nothing, a resumed run continues from the checkpoint, and no more than
/// <see cref="BatchOptions.Parallel"/> jobs run at once.
/// </summary>
[Collection(BatchCollection.Name)]
public sealed class BatchRunnerTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-batch-");
    private readonly ListLogger<BatchRunner> _logger = new();
    private readonly RecordingProgress _progress = new();

    public void Dispose() => _dir.Delete(recursive: true);

    private BatchOptions Options(bool resume = false, int parallel = 1) => new() { OutputDirectory = _dir.FullName, Resume = resume, Parallel = parallel };

    private BatchRunner Runner(IFigureWriter? figures = null, params IProblem[] problems)
        => new(new ProblemRegistry(problems), figures ?? NoFigures.Instance, _logger, _progress);

    private static JobSpec Job(string problem, int seed, IReadOnlyDictionary<string, string>? settings = null)
        => new($"{problem}-s{seed}", problem, seed, settings ?? new Dictionary<string, string>());

    private string ResultPath(string id) => Path.Combine(_dir.FullName, id + ".h5");

    private string CheckpointFolder(string id) => Path.Combine(_dir.FullName, ".checkpoints", id);

    [Fact]
    public async Task FailingJob_IsReported_AndTheOthersComplete()
    {
        var problem = new FakeProblem("fit", ctx => ctx.Seed == 1
            ? throw new InvalidOperationException("diverged at step 7\nloss = NaN")
            : FakeProblem.Document(ctx), new ProblemSetting("steps", "10", "steps"));
        var jobs = new[]
        {
            Job("fit", 0), Job("fit", 1), Job("fit", 2),
            new JobSpec("fit-bad-setting", "fit", 3, new Dictionary<string, string> { ["stpes"] = "5" }),
            new JobSpec("nosuch-s0", "nosuch", 0, new Dictionary<string, string>()),
        };

        var summary = await Runner(null, problem).RunAsync(jobs, Options(), CancellationToken.None);

        Assert.Equal([JobStatus.Completed, JobStatus.Failed, JobStatus.Completed, JobStatus.Failed, JobStatus.Failed], summary.Jobs.Select(j => j.Status));
        Assert.Equal("diverged at step 7 loss = NaN", summary.Jobs[1].Error);
        Assert.Contains("setting 'stpes' = '5' is not a setting", summary.Jobs[3].Error);
        Assert.Contains("Unknown problem 'nosuch'; valid problems: fit", summary.Jobs[4].Error);
        Assert.False(summary.AllSucceeded);
        Assert.Equal(1, summary.ExitCode);
        Assert.Equal(3, problem.Runs); // the bad setting and the unknown problem never reach Run

        Assert.True(File.Exists(ResultPath("fit-s0")));
        Assert.False(File.Exists(ResultPath("fit-s1")));
        var doc = ResultFile.Read(ResultPath("fit-s2"));
        Assert.Equal(3e-3, doc.Metrics["rel_l2"]);
        Assert.Equal(3e-3, summary.Jobs[2].Metrics["rel_l2"]);
        Assert.True(doc.WallSeconds > 0); // filled in by the runner
        Assert.Equal(ResultPath("fit-s2"), summary.Jobs[2].ResultPath);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error && e.Message == "fit-s1: failed: diverged at step 7 loss = NaN");
        Assert.Contains("finish fit-s1 Failed", _progress.Events);
    }

    [Fact]
    public async Task Resume_SkipsCompletedResults_AndRerunsACorruptOne()
    {
        var problem = new FakeProblem("fit");
        var runner = Runner(null, problem);
        var jobs = new[] { Job("fit", 0), Job("fit", 1) };
        var first = await runner.RunAsync(jobs, Options(), CancellationToken.None);
        Assert.True(first.AllSucceeded);
        Assert.Equal(2, problem.Runs);

        var resumed = await runner.RunAsync(jobs, Options(resume: true), CancellationToken.None);
        Assert.Equal([JobStatus.Skipped, JobStatus.Skipped], resumed.Jobs.Select(j => j.Status));
        Assert.Equal(2, problem.Runs);
        Assert.Equal(2e-3, resumed.Jobs[1].Metrics["rel_l2"]); // read back from the file
        Assert.Equal(0, resumed.ExitCode);

        // Truncate one result: resuming must warn, run it again and replace the file.
        var bytes = File.ReadAllBytes(ResultPath("fit-s1"));
        File.WriteAllBytes(ResultPath("fit-s1"), bytes[..(bytes.Length / 2)]);
        var repaired = await runner.RunAsync(jobs, Options(resume: true), CancellationToken.None);
        Assert.Equal([JobStatus.Skipped, JobStatus.Completed], repaired.Jobs.Select(j => j.Status));
        Assert.Equal(3, problem.Runs);
        Assert.Equal(2e-3, ResultFile.Read(ResultPath("fit-s1")).Metrics["rel_l2"]);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("fit-s1: the existing result cannot be read (") && e.Message.Contains("truncated"));

        // Without Resume, existing results are replaced by a new run.
        var again = await runner.RunAsync(jobs, Options(), CancellationToken.None);
        Assert.Equal([JobStatus.Completed, JobStatus.Completed], again.Jobs.Select(j => j.Status));
        Assert.Equal(5, problem.Runs);
    }

    /// <summary>
    /// A problem that resumes from checkpoint "state" when it exists, else saves it, signals that it started and
    /// waits for cancellation.
    /// </summary>
    private static FakeProblem CheckpointingProblem(TaskCompletionSource started)
        => new("slow", ctx =>
        {
            using (var state = ctx.Checkpoints.TryOpen("state"))
            {
                if (state != null)
                {
                    int step = new BinaryReader(state).ReadInt32();
                    return FakeProblem.Document(ctx, relL2: step);
                }
            }
            ctx.Checkpoints.Save("state", s => new BinaryWriter(s).Write(42));
            ctx.Progress.Report(new JobProgress(ctx.Job.Id, "G=5", 42, 100, 0.5, double.NaN, 0.1));
            started.TrySetResult();
            ctx.CancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(90));
            ctx.CancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException("the test did not cancel");
        });

    [Fact]
    public async Task CancelledJob_KeepsItsCheckpoint_WritesNoResult_AndResumes()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var problem = CheckpointingProblem(started);
        var runner = Runner(null, problem);
        var jobs = new[] { Job("slow", 0), Job("slow", 1) };

        using var cts = new CancellationTokenSource();
        var run = runner.RunAsync(jobs, Options(parallel: 1), cts.Token);
        // generous waits: other test classes saturating both cores can delay the job's start by many seconds
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        cts.Cancel();
        var summary = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal([JobStatus.Cancelled, JobStatus.Cancelled], summary.Jobs.Select(j => j.Status));
        Assert.Equal("not started", summary.Jobs[1].Error);
        Assert.Equal(130, summary.ExitCode);
        Assert.Equal(1, problem.Runs);
        Assert.False(File.Exists(ResultPath("slow-s0")));
        Assert.True(File.Exists(Path.Combine(CheckpointFolder("slow-s0"), "state")));
        Assert.Contains("report slow-s0 42", _progress.Events);
        Assert.Contains("finish slow-s0 Cancelled", _progress.Events);
        Assert.DoesNotContain("start slow-s1", _progress.Events);

        // Resuming continues job 0 from its checkpoint (rel_l2 = the saved step) and clears it once the result is written.
        var resumed = await runner.RunAsync([jobs[0]], Options(resume: true), CancellationToken.None);
        Assert.Equal(JobStatus.Completed, resumed.Jobs[0].Status);
        Assert.Equal(42, ResultFile.Read(ResultPath("slow-s0")).Metrics["rel_l2"]);
        Assert.False(Directory.Exists(CheckpointFolder("slow-s0")));
        Assert.False(Directory.Exists(Path.Combine(_dir.FullName, ".checkpoints"))); // removed once empty
    }

    [Fact]
    public async Task FreshRun_ClearsStaleCheckpoints()
    {
        bool? sawCheckpoint = null;
        var problem = new FakeProblem("fit", ctx =>
        {
            sawCheckpoint = ctx.Checkpoints.Exists("state");
            return FakeProblem.Document(ctx);
        });
        Directory.CreateDirectory(CheckpointFolder("fit-s0"));
        File.WriteAllText(Path.Combine(CheckpointFolder("fit-s0"), "state"), "stale");

        var summary = await Runner(null, problem).RunAsync([Job("fit", 0)], Options(resume: false), CancellationToken.None);

        Assert.True(summary.AllSucceeded);
        Assert.False(sawCheckpoint);
    }

    [Fact]
    public async Task DocumentWithCancelledStatus_WhenCancelled_IsCancelledWithoutAResult()
    {
        using var cts = new CancellationTokenSource();
        var problem = new FakeProblem("fit", ctx =>
        {
            ctx.Checkpoints.Save("state", s => s.WriteByte(1));
            cts.Cancel(); // as if Ctrl+C arrived during training
            var doc = FakeProblem.Document(ctx);
            doc.Status = BatchRunner.CancelledStatus;
            return doc;
        });

        var summary = await Runner(null, problem).RunAsync([Job("fit", 0)], Options(), cts.Token);

        Assert.Equal(JobStatus.Cancelled, summary.Jobs[0].Status);
        Assert.False(File.Exists(ResultPath("fit-s0")));
        Assert.True(File.Exists(Path.Combine(CheckpointFolder("fit-s0"), "state")));
    }

    [Fact]
    public async Task Parallel_BoundsConcurrency_AndSharesTheCores()
    {
        int current = 0, max = 0;
        var seenDegrees = new System.Collections.Concurrent.ConcurrentBag<int>();
        var problem = new FakeProblem("fit", ctx =>
        {
            int now = Interlocked.Increment(ref current);
            int seen;
            while ((seen = Volatile.Read(ref max)) < now && Interlocked.CompareExchange(ref max, now, seen) != seen) { }
            seenDegrees.Add(KanNetwork.MaxDegreeOfParallelism);
            // Wait for a partner so that the bound is reached whatever the scheduling, then hold the slot a moment.
            SpinWait.SpinUntil(() => Volatile.Read(ref current) >= 2, TimeSpan.FromSeconds(5));
            Thread.Sleep(10);
            Interlocked.Decrement(ref current);
            return FakeProblem.Document(ctx);
        });
        var jobs = Enumerable.Range(0, 6).Select(s => Job("fit", s)).ToArray();
        int before = KanNetwork.MaxDegreeOfParallelism;

        var summary = await Runner(null, problem).RunAsync(jobs, Options(parallel: 2), CancellationToken.None);

        Assert.True(summary.AllSucceeded);
        // never more than 2 at once; 2 itself is reached unless a loaded machine starves the second worker for 5 s
        Assert.InRange(max, 1, 2);
        Assert.All(seenDegrees, d => Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), d));
        Assert.Equal(before, KanNetwork.MaxDegreeOfParallelism);
        // the summary has the batch's wall time, which spans every job, beside the sum of the job times
        Assert.True(double.IsFinite(summary.WallSeconds), $"wall time {summary.WallSeconds}");
        Assert.True(summary.WallSeconds >= summary.Jobs.Max(j => j.Seconds) - 1e-3, $"wall {summary.WallSeconds} s < longest job");
        Assert.Equal(summary.Jobs.Sum(j => j.Seconds), summary.JobSeconds, 12);
    }

    private sealed class RecordingFigures(bool fail) : IFigureWriter
    {
        public List<string> Calls { get; } = [];

        public IReadOnlyList<string> Write(ResultDocument document, string resultPath)
        {
            lock (Calls) Calls.Add($"{document.Problem}:{document.Seed}:{resultPath}:{File.Exists(resultPath)}");
            if (fail) throw new IOException("no font\nfor you");
            return [resultPath + ".loss.png"];
        }
    }

    [Fact]
    public async Task Figures_AreDrawnAfterTheResult_AndTheirFailureOnlyWarns()
    {
        var problem = new FakeProblem("fit");
        var good = new RecordingFigures(fail: false);
        var summary = await Runner(good, problem).RunAsync([Job("fit", 0)], Options(), CancellationToken.None);
        Assert.True(summary.AllSucceeded);
        Assert.Equal([$"fit:0:{ResultPath("fit-s0")}:True"], good.Calls);

        var bad = new RecordingFigures(fail: true);
        var failing = await Runner(bad, problem).RunAsync([Job("fit", 1)], Options(), CancellationToken.None);
        Assert.Equal(JobStatus.Completed, failing.Jobs[0].Status);
        Assert.Single(bad.Calls);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message == "fit-s1: figures could not be drawn: no font for you");
    }

    [Fact]
    public async Task ProgressSink_HearsStartReportsAndFinish_InOrder()
    {
        var problem = new FakeProblem("fit", ctx =>
        {
            ctx.Progress.Report(new JobProgress(ctx.Job.Id, "", 1, 2, 0.1, 0.2, 0.01));
            ctx.Progress.Report(new JobProgress(ctx.Job.Id, "", 2, 2, 0.05, 0.1, 0.02));
            return FakeProblem.Document(ctx);
        });
        await Runner(null, problem).RunAsync([Job("fit", 0)], Options(), CancellationToken.None);
        Assert.Equal(["start fit-s0", "report fit-s0 1", "report fit-s0 2", "finish fit-s0 Completed"], _progress.Events);
    }

    [Fact]
    public async Task BadArguments_AreRejectedBeforeAnythingRuns()
    {
        var problem = new FakeProblem("fit");
        var runner = Runner(null, problem);
        var dup = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync([Job("fit", 0), Job("fit", 0)], Options(), CancellationToken.None));
        Assert.Contains("jobs[1].Id 'fit-s0' repeats jobs[0].Id", dup.Message);
        var unsafeId = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(
            [new JobSpec("../escape", "fit", 0, new Dictionary<string, string>())], Options(), CancellationToken.None));
        Assert.Contains("'../escape'", unsafeId.Message);
        var parallel = Assert.Throws<ArgumentOutOfRangeException>(() => Options(parallel: 0));
        Assert.Contains("Parallel is 0", parallel.Message);
        Assert.Equal(0, problem.Runs);
        Assert.Equal(Path.Combine(_dir.FullName, ".checkpoints"), Options().CheckpointDirectory);
    }
}
