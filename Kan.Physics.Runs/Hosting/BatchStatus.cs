using System.Globalization;
using System.Text;

namespace Kan.Physics.Runs.Hosting;

/// <summary>Where a job of a batch stands, as <c>kan status</c> reads it from the output folder.</summary>
public enum JobState
{
    /// <summary>Its result file is there (and no failure note).</summary>
    Done,

    /// <summary>A live worker holds its lock.</summary>
    Running,

    /// <summary>A lock is there but its owner is gone (killed, node lost): the next worker or <c>--resume</c> takes it over.</summary>
    Stalled,

    /// <summary>Its last run failed; the note says why. <c>--resume</c> runs it again.</summary>
    Failed,

    /// <summary>Not run yet (or interrupted, then with a checkpoint to continue from).</summary>
    Pending,
}

/// <summary>One job's line of <c>kan status</c>.</summary>
/// <param name="Id">The job id.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Lock">The lock of a running or stalled job: where it runs, since when, the last heartbeat.</param>
/// <param name="Failure">Why a failed job failed.</param>
/// <param name="HasCheckpoint">Whether a checkpoint folder is there (a pending job then continues from it).</param>
public sealed record JobStateEntry(string Id, JobState State, JobLockInfo? Lock, JobFailureNote? Failure, bool HasCheckpoint);

/// <summary>
/// The state of every job of a batch output folder (see <see cref="BatchFolder"/>), read from directory listings and
/// the few lock and failure files, never from the result files themselves: a folder of thousands of results is read
/// in a few directory scans. Used by <c>kan status DIR</c>.
/// </summary>
public sealed class BatchStatus
{
    private BatchStatus(string folder, bool hasManifest, IReadOnlyList<JobStateEntry> jobs, DateTime nowUtc)
    {
        Folder = folder;
        HasManifest = hasManifest;
        Jobs = jobs;
        NowUtc = nowUtc;
    }

    /// <summary>The output folder.</summary>
    public string Folder { get; }

    /// <summary>Whether the folder has a manifest (<c>kan batch</c> wrote it); without one, pending jobs are unknown.</summary>
    public bool HasManifest { get; }

    /// <summary>Every job: the manifest's in its order, or, without a manifest, every job with a result, lock or failure note, by id.</summary>
    public IReadOnlyList<JobStateEntry> Jobs { get; }

    /// <summary>When the folder was read (UTC).</summary>
    public DateTime NowUtc { get; }

    /// <summary>The number of jobs in <paramref name="state"/>.</summary>
    public int Count(JobState state) => Jobs.Count(j => j.State == state);

    /// <summary>1 while any job has failed, else 0.</summary>
    public int ExitCode => Jobs.Any(j => j.State == JobState.Failed) ? 1 : 0;

    /// <summary>
    /// Reads the state of the batch in <paramref name="folder"/>. A lock counts as stalled as
    /// <see cref="JobLock.IsStale"/> decides with <paramref name="staleAfter"/>.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static BatchStatus Read(string folder, TimeSpan staleAfter, string? checkpointDirectory = null)
    {
        var layout = new BatchFolder(folder);
        if (!Directory.Exists(layout.Root)) throw new DirectoryNotFoundException($"the results folder '{folder}' does not exist");
        var now = DateTime.UtcNow;
        var manifest = layout.ReadManifest();

        var results = Names(layout.Root, "*.h5", ".h5");
        var locks = Names(layout.LocksDirectory, "*" + JobLock.Extension, JobLock.Extension);
        var failed = Names(layout.FailedDirectory, "*.json", ".json");
        string checkpoints = checkpointDirectory ?? Path.Combine(layout.Root, ".checkpoints");
        var withCheckpoint = Directory.Exists(checkpoints)
            ? Directory.EnumerateDirectories(checkpoints).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : [];

        IEnumerable<string> ids;
        if (manifest is not null) ids = manifest;
        else ids = results.Concat(locks).Concat(failed).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        var jobs = new List<JobStateEntry>();
        foreach (string id in ids)
        {
            JobLockInfo? info = null;
            bool lockLive = false, lockStale = false;
            if (locks.Contains(id))
            {
                string path = layout.LockPath(id);
                info = JobLock.Read(path, out bool exists);
                if (exists)
                {
                    bool stale = JobLock.IsStale(info, path, staleAfter, now);
                    lockLive = !stale;
                    lockStale = stale;
                }
            }
            JobFailureNote? failure = failed.Contains(id) ? JobFailureNote.Read(layout.FailurePath(id), id) : null;
            JobState state = lockLive ? JobState.Running
                : failure is not null ? JobState.Failed
                : results.Contains(id) ? JobState.Done
                : lockStale ? JobState.Stalled
                : JobState.Pending;
            jobs.Add(new JobStateEntry(id, state, lockLive || lockStale ? info : null, state == JobState.Failed ? failure : null, withCheckpoint.Contains(id)));
        }
        return new BatchStatus(layout.Root, manifest is not null, jobs, now);
    }

    /// <summary>
    /// Writes one line per job (id, state, where, for how long, detail) and the totals, e.g.
    /// <code>
    /// id        state    where                  for    detail
    /// fit-s0    done
    /// fit-s1    running  vm pid 42 (slurm 7_1)  1m05s  heartbeat 3 s ago
    /// fit-s2    failed   vm pid 40 (slurm 7_0)         diverged at step 7
    /// fit-s3    pending                                checkpoint kept
    /// 4 jobs: 1 done, 1 running, 0 stalled, 1 failed, 1 pending
    /// </code>
    /// With <paramref name="totalsOnly"/>, only the totals line.
    /// </summary>
    public void WriteTable(TextWriter writer, bool totalsOnly = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (!totalsOnly)
        {
            var rows = new List<string[]> { new[] { "id", "state", "where", "for", "detail" } };
            foreach (var job in Jobs) rows.Add(Row(job));
            var widths = new int[4];
            foreach (var row in rows)
                for (int c = 0; c < 4; c++) widths[c] = Math.Max(widths[c], row[c].Length);
            foreach (var row in rows)
            {
                var line = new StringBuilder();
                for (int c = 0; c < 4; c++) line.Append(c == 3 ? row[c].PadLeft(widths[c]) : row[c].PadRight(widths[c])).Append("  ");
                line.Append(row[4]);
                writer.WriteLine(line.ToString().TrimEnd());
            }
        }
        writer.WriteLine(Totals());
        if (!HasManifest)
            writer.WriteLine("(no manifest .kan/jobs.txt: the folder was not written by 'kan batch', so pending jobs are not known)");
    }

    /// <summary>The totals line: <c>N jobs: a done, b running, c stalled, d failed, e pending</c>.</summary>
    public string Totals() => string.Create(CultureInfo.InvariantCulture,
        $"{Jobs.Count} jobs: {Count(JobState.Done)} done, {Count(JobState.Running)} running, {Count(JobState.Stalled)} stalled, {Count(JobState.Failed)} failed, {Count(JobState.Pending)} pending");

    private string[] Row(JobStateEntry job)
    {
        string state = job.State.ToString().ToLowerInvariant();
        switch (job.State)
        {
            case JobState.Running when job.Lock is { } l:
                return [job.Id, state, l.Where, Duration(NowUtc - l.StartedUtc), $"heartbeat {Duration(NowUtc - l.HeartbeatUtc)} ago"];
            case JobState.Running:
                return [job.Id, state, "?", "", "its lock is being written"];
            case JobState.Stalled when job.Lock is { } l:
                return [job.Id, state, l.Where, Duration(NowUtc - l.StartedUtc), $"owner gone (last heartbeat {Duration(NowUtc - l.HeartbeatUtc)} ago); --resume takes it over" + (job.HasCheckpoint ? " from its checkpoint" : "")];
            case JobState.Stalled:
                return [job.Id, state, "?", "", "unreadable lock from a worker that is gone; --resume takes it over"];
            case JobState.Failed when job.Failure is { } f:
                string where = f.Host is null ? "" : $"{f.Host} pid {f.Pid}{(f.SlurmJob is null ? "" : $" (slurm {f.SlurmJob})")}";
                return [job.Id, state, where, "", f.Error];
            case JobState.Pending when job.HasCheckpoint:
                return [job.Id, state, "", "", "interrupted; continues from its checkpoint"];
            default:
                return [job.Id, state, "", "", ""];
        }
    }

    /// <summary>A duration as <c>12s</c>, <c>3m05s</c> or <c>2h07m</c>.</summary>
    internal static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalSeconds < 60) return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s");
        if (span.TotalMinutes < 60) return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s");
        return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m");
    }

    /// <summary>The names (without <paramref name="suffix"/>) of the files matching <paramref name="pattern"/> in <paramref name="folder"/>.</summary>
    private static HashSet<string> Names(string folder, string pattern, string suffix)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return names;
        foreach (string path in Directory.EnumerateFiles(folder, pattern))
        {
            string name = Path.GetFileName(path);
            if (name.EndsWith(suffix, StringComparison.Ordinal)) names.Add(name[..^suffix.Length]);
        }
        return names;
    }
}
