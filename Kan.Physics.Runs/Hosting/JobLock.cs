using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Who holds a job's lock: a random token that tells this lock from any later one, the host, process id and process
/// start time of the worker, when it took the lock, and the Slurm job and task or shard it belongs to, if any. The
/// lock file's modification time is the heartbeat.
/// </summary>
public sealed record JobLockInfo
{
    /// <summary>Random per lock: tells a lock from the one that replaced it.</summary>
    [JsonPropertyName("token")] public required string Token { get; init; }

    /// <summary>The machine of the worker (<see cref="Environment.MachineName"/>).</summary>
    [JsonPropertyName("host")] public required string Host { get; init; }

    /// <summary>The worker's process id on <see cref="Host"/>.</summary>
    [JsonPropertyName("pid")] public int Pid { get; init; }

    /// <summary>When the worker process started (UTC): a reused process id has another start time.</summary>
    [JsonPropertyName("process_start_utc")] public DateTime ProcessStartUtc { get; init; }

    /// <summary>When the lock was taken (UTC): how long the job has been running.</summary>
    [JsonPropertyName("started_utc")] public DateTime StartedUtc { get; init; }

    /// <summary>The Slurm job (<c>JOB_TASK</c> for an array task), when the worker runs under Slurm.</summary>
    [JsonPropertyName("slurm_job")] public string? SlurmJob { get; init; }

    /// <summary>The worker's shard (<c>K/N</c>), when it runs one.</summary>
    [JsonPropertyName("shard")] public string? Shard { get; init; }

    /// <summary>The lock file's modification time when it was read: the owner's last heartbeat.</summary>
    [JsonIgnore] public DateTime HeartbeatUtc { get; init; }

    /// <summary>Where the owner runs, in words: <c>host pid 123 (slurm 45_2)</c>.</summary>
    public string Where => $"{Host} pid {Pid}{(SlurmJob is null ? "" : $" (slurm {SlurmJob})")}";
}

/// <summary>What <see cref="JobLock.TryAcquire"/> found: the lock taken, or the live lock of another worker.</summary>
/// <param name="Lock">The lock, now held by this process; null when another worker holds it.</param>
/// <param name="Holder">The other worker's lock when <paramref name="Lock"/> is null (null if it could not be read).</param>
/// <param name="TakenOverFrom">The stale lock that was replaced to take this one, if any.</param>
public sealed record JobLockAttempt(JobLock? Lock, JobLockInfo? Holder, JobLockInfo? TakenOverFrom);

/// <summary>
/// A job's lock on a (possibly shared) filesystem: a file created with <see cref="FileMode.CreateNew"/> (atomic
/// exclusive create, also on NFS), holding <see cref="JobLockInfo"/>, whose modification time the owner refreshes
/// (<see cref="Heartbeat"/>). A lock is stale when its owner is gone: on the same host, when the process has exited
/// (or its id now belongs to a process started at another time); elsewhere, when the heartbeat is older than the
/// stale time. A stale lock is taken over by renaming it to a unique name (only one worker's rename succeeds),
/// checking that the renamed file is the lock judged stale, and creating a new one.
/// </summary>
public sealed class JobLock : IDisposable
{
    /// <summary>The extension of lock files.</summary>
    public const string Extension = ".lock";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private static readonly Lazy<(string Host, int Pid, DateTime Start)> Self = new(() =>
    {
        using var p = Process.GetCurrentProcess();
        return (Environment.MachineName, Environment.ProcessId, p.StartTime.ToUniversalTime());
    });

    private int _released;

    private JobLock(string path, JobLockInfo info)
    {
        Path = path;
        Info = info;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>What this lock's file says.</summary>
    public JobLockInfo Info { get; }

    /// <summary>The Slurm job of this process (<c>ARRAYJOB_TASK</c> or <c>JOB</c>), or null outside Slurm.</summary>
    public static string? CurrentSlurmJob()
    {
        string? array = Environment.GetEnvironmentVariable("SLURM_ARRAY_JOB_ID");
        string? task = Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID");
        if (!string.IsNullOrEmpty(array) && !string.IsNullOrEmpty(task)) return $"{array}_{task}";
        string? job = Environment.GetEnvironmentVariable("SLURM_JOB_ID");
        return string.IsNullOrEmpty(job) ? null : job;
    }

    /// <summary>
    /// Takes the lock at <paramref name="path"/> for this process, taking over a stale one (see the class remarks);
    /// returns the other worker's lock when a live one is there. Throws only for I/O failures other than the lock
    /// existing (a folder that cannot be written).
    /// </summary>
    public static JobLockAttempt TryAcquire(string path, TimeSpan staleAfter, string? shard = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (host, pid, start) = Self.Value;
        JobLockInfo? takenOver = null;
        for (int attempt = 0; attempt < 8; attempt++)
        {
            var info = new JobLockInfo
            {
                Token = Guid.NewGuid().ToString("N"), Host = host, Pid = pid, ProcessStartUtc = start,
                StartedUtc = DateTime.UtcNow, SlurmJob = CurrentSlurmJob(), Shard = shard,
            };
            if (TryCreate(path, info)) return new JobLockAttempt(new JobLock(path, info), null, takenOver);

            var holder = Read(path, out bool exists);
            if (!exists) continue; // released meanwhile: try again
            if (!IsStale(holder, path, staleAfter, DateTime.UtcNow)) return new JobLockAttempt(null, holder, takenOver);

            // Take over: move the stale lock aside; only one worker's rename of this file succeeds.
            string aside = $"{path}.{Guid.NewGuid():N}.stale";
            try { File.Move(path, aside); }
            catch (FileNotFoundException) { continue; }
            catch (DirectoryNotFoundException) { continue; }
            var moved = Read(aside, out _);
            if (SameLock(holder, moved))
            {
                TryDelete(aside);
                takenOver = holder ?? takenOver;
                continue;
            }
            // Between our look and our rename another worker replaced the stale lock with its own: put it back.
            try { File.Move(aside, path, overwrite: false); }
            catch (IOException) { TryDelete(aside); }
            return new JobLockAttempt(null, moved, takenOver);
        }
        return new JobLockAttempt(null, Read(path, out _), takenOver);
    }

    /// <summary>
    /// Reads the lock at <paramref name="path"/> with its heartbeat; null when there is none, or when it cannot be parsed
    /// (being written, or damaged) — then <paramref name="exists"/> says whether the file is there.
    /// </summary>
    public static JobLockInfo? Read(string path, out bool exists)
    {
        exists = false;
        try
        {
            var heartbeat = File.GetLastWriteTimeUtc(path);
            byte[] bytes = File.ReadAllBytes(path);
            exists = true;
            var info = JsonSerializer.Deserialize<JobLockInfo>(bytes, Json);
            return info is null ? null : info with { HeartbeatUtc = heartbeat };
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            exists = File.Exists(path);
            return null;
        }
    }

    /// <summary>
    /// Whether a lock is stale: its owner, on this host, has exited (or its process id was reused); on another host
    /// (or unreadable), its heartbeat is older than <paramref name="staleAfter"/> at <paramref name="nowUtc"/>.
    /// </summary>
    public static bool IsStale(JobLockInfo? info, string path, TimeSpan staleAfter, DateTime nowUtc)
    {
        if (info is not null && string.Equals(info.Host, Self.Value.Host, StringComparison.OrdinalIgnoreCase))
            return !IsAlive(info.Pid, info.ProcessStartUtc);
        DateTime heartbeat = info?.HeartbeatUtc ?? SafeWriteTime(path);
        return nowUtc - heartbeat > staleAfter;
    }

    /// <summary>Refreshes the heartbeat; false when the lock is no longer this process's (taken over, or removed).</summary>
    public bool Heartbeat()
    {
        if (Volatile.Read(ref _released) != 0 || !IsHeld()) return false;
        try
        {
            File.SetLastWriteTimeUtc(Path, DateTime.UtcNow);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Whether the lock file still holds this lock's token.</summary>
    public bool IsHeld() => Read(Path, out _)?.Token == Info.Token;

    /// <summary>Removes the lock file, if it is still this lock (never another worker's that replaced it).</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        // Move it aside first, so a lock that replaced ours between the check and the delete is not removed.
        string aside = $"{Path}.{Guid.NewGuid():N}.released";
        try { File.Move(Path, aside); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        if (Read(aside, out _)?.Token == Info.Token) TryDelete(aside);
        else
        {
            try { File.Move(aside, Path, overwrite: false); } catch (IOException) { TryDelete(aside); }
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => Release();

    private static bool TryCreate(string path, JobLockInfo info)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(info, Json));
        FileStream file;
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        }
        catch (IOException) when (File.Exists(path)) { return false; }
        // No fsync: a lock needs the exclusive create, not durability. After a crash an empty or missing lock file is
        // judged by its time stamp, or not there at all, and the job's checkpoint (which is fsynced) is what survives.
        using (file) file.Write(bytes);
        return true;
    }

    private static bool SameLock(JobLockInfo? judged, JobLockInfo? moved) =>
        judged is null ? moved is null : moved is not null && moved.Token == judged.Token;

    private static bool IsAlive(int pid, DateTime startUtc)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.HasExited) return false;
            return Math.Abs((p.StartTime.ToUniversalTime() - startUtc).TotalSeconds) < 2;
        }
        catch (ArgumentException) { return false; } // no such process
        catch (InvalidOperationException) { return false; } // exited meanwhile
        catch (System.ComponentModel.Win32Exception) { return true; } // there, but not ours to inspect
    }

    private static DateTime SafeWriteTime(string path)
    {
        try { return File.GetLastWriteTimeUtc(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return DateTime.MinValue; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
