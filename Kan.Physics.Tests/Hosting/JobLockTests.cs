using System.Diagnostics;
using System.Text.Json;
using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Tests.Hosting;

/// <summary>
/// Job locks on a shared folder: one owner at a time, a live owner's lock respected, a lock whose owner is gone
/// (exited process on this host, reused process id, no heartbeat from another host) taken over, and a worker whose
/// lock was taken over told so by its heartbeat.
/// </summary>
public sealed class JobLockTests : IDisposable
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(5);
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-lock-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string LockPath(string id = "job") => Path.Combine(_dir.FullName, "locks", id + JobLock.Extension);

    /// <summary>Writes a lock file as another worker would have left it.</summary>
    private string WriteForeignLock(string host, int pid, DateTime processStart, DateTime heartbeat, string token = "0123456789abcdef")
    {
        string path = LockPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            token, host, pid, process_start_utc = processStart, started_utc = heartbeat.AddMinutes(-1), slurm_job = "77_1",
        }));
        File.SetLastWriteTimeUtc(path, heartbeat);
        return path;
    }

    [Fact]
    public void ALiveLockIsNotTakenAndIsFreeAgainOnceReleased()
    {
        var first = JobLock.TryAcquire(LockPath(), Stale, "2/3");
        Assert.NotNull(first.Lock);
        Assert.Null(first.TakenOverFrom);
        var info = JobLock.Read(LockPath(), out bool exists);
        Assert.True(exists);
        Assert.Equal(Environment.MachineName, info!.Host);
        Assert.Equal(Environment.ProcessId, info.Pid);
        Assert.Equal("2/3", info.Shard);

        var second = JobLock.TryAcquire(LockPath(), Stale);
        Assert.Null(second.Lock); // our own process is alive: the lock is live
        Assert.Equal(first.Lock!.Info.Token, second.Holder!.Token);

        Assert.True(first.Lock.Heartbeat());
        first.Lock.Release();
        Assert.False(File.Exists(LockPath()));
        Assert.False(first.Lock.Heartbeat());
        using var third = JobLock.TryAcquire(LockPath(), Stale).Lock;
        Assert.NotNull(third);
    }

    [Fact]
    public void ALockOfAnExitedProcessOnThisHostIsTakenOver()
    {
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        WriteForeignLock(Environment.MachineName, gone.Id, DateTime.UtcNow.AddSeconds(-1), DateTime.UtcNow);

        var attempt = JobLock.TryAcquire(LockPath(), Stale);
        Assert.NotNull(attempt.Lock);
        Assert.Equal(gone.Id, attempt.TakenOverFrom!.Pid);
        Assert.Equal("77_1", attempt.TakenOverFrom.SlurmJob);
        Assert.True(attempt.Lock!.IsHeld());
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(LockPath())!)); // the stale one is gone, not left aside
    }

    [Fact]
    public void ALockWhoseProcessIdWasReusedIsTakenOver()
    {
        // our own pid, but a process start time an hour ago: the owner was another process that had this id
        using var self = Process.GetCurrentProcess();
        WriteForeignLock(Environment.MachineName, self.Id, self.StartTime.ToUniversalTime().AddHours(-1), DateTime.UtcNow);
        Assert.NotNull(JobLock.TryAcquire(LockPath(), Stale).Lock);
    }

    [Fact]
    public void AnotherHostsLockIsTakenOverOnlyWhenItsHeartbeatIsOlderThanTheStaleTime()
    {
        WriteForeignLock("node-17", 4242, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddMinutes(-1));
        var fresh = JobLock.TryAcquire(LockPath(), Stale);
        Assert.Null(fresh.Lock);
        Assert.Equal("node-17", fresh.Holder!.Host);
        Assert.Equal("node-17 pid 4242 (slurm 77_1)", fresh.Holder.Where);

        File.SetLastWriteTimeUtc(LockPath(), DateTime.UtcNow.AddMinutes(-6));
        var taken = JobLock.TryAcquire(LockPath(), Stale);
        Assert.NotNull(taken.Lock);
        Assert.Equal("node-17", taken.TakenOverFrom!.Host);
    }

    [Fact]
    public void AnUnreadableLockCountsByItsTimeStamp()
    {
        string path = LockPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, ""); // a lock being written, or a damaged one
        Assert.Null(JobLock.TryAcquire(path, Stale).Lock);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-10));
        Assert.NotNull(JobLock.TryAcquire(path, Stale).Lock);
    }

    [Fact]
    public void AWorkerWhoseLockWasTakenOverLearnsItFromItsHeartbeatAndDoesNotRemoveTheNewLock()
    {
        var mine = JobLock.TryAcquire(LockPath(), Stale).Lock!;
        // another host decided we were gone and replaced the lock
        File.Delete(LockPath());
        WriteForeignLock("node-3", 99, DateTime.UtcNow, DateTime.UtcNow, token: "ffff");
        Assert.False(mine.IsHeld());
        Assert.False(mine.Heartbeat());
        mine.Release();
        Assert.Equal("ffff", JobLock.Read(LockPath(), out _)!.Token);
    }

    [Fact]
    public void ManyWorkersRacingForTheSameLocksEachGetADisjointSet()
    {
        const int ids = 200, workers = 8;
        var owners = new int[ids];
        var held = new List<JobLock>[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            held[w] = [];
            for (int i = 0; i < ids; i++)
                if (JobLock.TryAcquire(LockPath($"j{i}"), Stale).Lock is { } l)
                {
                    Interlocked.Increment(ref owners[i]);
                    held[w].Add(l);
                }
        });
        Assert.All(owners, n => Assert.Equal(1, n));
        foreach (var l in held.SelectMany(h => h)) l.Release();
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(LockPath())!));
    }
}
