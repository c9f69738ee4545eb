using System.Diagnostics;
using System.Text.Json;
using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Tests.Hosting;

/// <summary>
/// <c>kan status</c>'s reading of an output folder: done, running (where, how long), stalled, failed (why) and pending
/// jobs from the manifest, results, locks and failure notes; exit code 1 while any job failed.
/// </summary>
public sealed class BatchStatusTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-status-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void AFolderWithJobsInEveryStateIsReadAsSuch()
    {
        var folder = new BatchFolder(_dir.FullName);
        folder.WriteManifest(["a-s0", "a-s1", "a-s2", "a-s3", "a-s4", "a-s5", "a-s6"]);
        File.WriteAllText(folder.ResultPath("a-s0"), "result");                       // done
        File.WriteAllText(folder.ResultPath("a-s0") + ".0123.h5.tmp", "half");        // an interrupted write: not a result
        using var running = JobLock.TryAcquire(folder.LockPath("a-s1"), TimeSpan.FromMinutes(5)).Lock!; // running here
        JobFailureNote.Write(folder.FailurePath("a-s2"), "a-s2", "setting 'steps' = 'x' must be an integer", new JobShard(2, 3)); // failed
        // a-s3: pending, interrupted with a checkpoint
        Directory.CreateDirectory(Path.Combine(folder.Root, ".checkpoints", "a-s3"));
        // a-s4: a lock whose process has exited: stalled
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            File.WriteAllText(folder.LockPath("a-s4"), JsonSerializer.Serialize(new
            {
                token = "t4", host = Environment.MachineName, pid = gone.Id, process_start_utc = DateTime.UtcNow, started_utc = DateTime.UtcNow.AddMinutes(-3),
            }));
        }
        // a-s5: failed before, then completed: the note is gone, so done
        File.WriteAllText(folder.ResultPath("a-s5"), "result");
        // a-s6: nothing yet. A result outside the manifest (a 'kan run' into the same folder) is not a job of the batch.
        File.WriteAllText(folder.ResultPath("other-s0"), "result");

        var status = BatchStatus.Read(_dir.FullName, TimeSpan.FromMinutes(5));

        Assert.True(status.HasManifest);
        Assert.Equal(["a-s0", "a-s1", "a-s2", "a-s3", "a-s4", "a-s5", "a-s6"], status.Jobs.Select(j => j.Id));
        Assert.Equal([JobState.Done, JobState.Running, JobState.Failed, JobState.Pending, JobState.Stalled, JobState.Done, JobState.Pending],
            status.Jobs.Select(j => j.State));
        Assert.Equal(Environment.ProcessId, status.Jobs[1].Lock!.Pid);
        Assert.Equal("setting 'steps' = 'x' must be an integer", status.Jobs[2].Failure!.Error);
        Assert.Equal("2/3", status.Jobs[2].Failure!.Shard);
        Assert.True(status.Jobs[3].HasCheckpoint);
        Assert.Equal(1, status.ExitCode);
        Assert.Equal("7 jobs: 2 done, 1 running, 1 stalled, 1 failed, 2 pending", status.Totals());

        var table = new StringWriter();
        status.WriteTable(table);
        var lines = table.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(9, lines.Length);
        Assert.Matches($@"^a-s1 +running +{Environment.MachineName} pid {Environment.ProcessId} +\d+s +heartbeat \d+s ago", lines[2]);
        Assert.Matches("^a-s2 +failed .*setting 'steps' = 'x' must be an integer$", lines[3]);
        Assert.Matches("^a-s3 +pending +interrupted; continues from its checkpoint$", lines[4]);
        Assert.Matches(@"^a-s4 +stalled .* 3m0\ds +owner gone", lines[5]);

        // the failure resolved and the running job done: exit code 0
        File.Delete(folder.FailurePath("a-s2"));
        File.WriteAllText(folder.ResultPath("a-s2"), "result");
        Assert.Equal(0, BatchStatus.Read(_dir.FullName, TimeSpan.FromMinutes(5)).ExitCode);
    }

    [Fact]
    public void WithoutAManifestTheJobsFoundAreListedAndTheTableSaysPendingIsUnknown()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "b-s1.h5"), "");
        File.WriteAllText(Path.Combine(_dir.FullName, "a-s0.h5"), "");
        var status = BatchStatus.Read(_dir.FullName, TimeSpan.FromMinutes(5));
        Assert.False(status.HasManifest);
        Assert.Equal(["a-s0", "b-s1"], status.Jobs.Select(j => j.Id));
        var table = new StringWriter();
        status.WriteTable(table, totalsOnly: true);
        Assert.StartsWith("2 jobs: 2 done, 0 running", table.ToString());
        Assert.Contains("pending jobs are not known", table.ToString());
        Assert.Throws<DirectoryNotFoundException>(() => BatchStatus.Read(Path.Combine(_dir.FullName, "nope"), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(59.9, "59s")]
    [InlineData(65, "1m05s")]
    [InlineData(3599, "59m59s")]
    [InlineData(7500, "2h05m")]
    public void DurationsAreShort(double seconds, string text) => Assert.Equal(text, BatchStatus.Duration(TimeSpan.FromSeconds(seconds)));
}
