namespace Kan.Physics.Runs.Hosting;

/// <summary>Where a batch writes, how many jobs run at once, and whether finished jobs are skipped.</summary>
public sealed class BatchOptions
{
    private readonly string? _checkpointDirectory;
    private readonly int _parallel = 1;
    private readonly TimeSpan _lockStaleAfter = DefaultLockStaleAfter;
    private readonly TimeSpan _heartbeatInterval = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="LockStaleAfter"/>: 5 minutes without a heartbeat.</summary>
    public static readonly TimeSpan DefaultLockStaleAfter = TimeSpan.FromMinutes(5);

    /// <summary>The folder of the result files (<c>ID.h5</c>) and figures; created when missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Most jobs running at once (at least 1). Each gets an equal share of the cores for its evaluations.</summary>
    public int Parallel
    {
        get => _parallel;
        init => _parallel = value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(Parallel), value, $"BatchOptions.Parallel is {value}; at least 1 job must be allowed to run.");
    }

    /// <summary>
    /// Skip jobs whose completed result file exists and resume the others from their checkpoints. Without it every
    /// job starts afresh: stale checkpoints are cleared, existing results are replaced.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>The root of the per-job checkpoint folders; default <c>&lt;OutputDirectory&gt;/.checkpoints</c>.</summary>
    public string CheckpointDirectory
    {
        get => _checkpointDirectory ?? Path.Combine(OutputDirectory, ".checkpoints");
        init => _checkpointDirectory = value;
    }

    /// <summary>
    /// Run only the jobs of this share of the batch (<c>--shard K/N</c>); default: all of them. The assignment hashes
    /// each job's id (<see cref="JobShard"/>), so every worker given the same job file and N agrees on it.
    /// </summary>
    public JobShard Shard { get; init; } = JobShard.All;

    /// <summary>
    /// Write the ids of every job (all shards) to <c>&lt;OutputDirectory&gt;/.kan/jobs.txt</c>, so that
    /// <c>kan status</c> can tell pending jobs from those not in the batch; <c>kan batch</c> sets it, <c>kan run</c> does not.
    /// </summary>
    public bool WriteManifest { get; init; }

    /// <summary>
    /// How old another host's lock heartbeat must be for the lock to count as abandoned and be taken over (default 5
    /// minutes; a lock of this host counts as abandoned as soon as its process has exited). Must exceed
    /// <see cref="HeartbeatInterval"/> by a wide margin: clocks of cluster nodes and file attribute caches differ.
    /// </summary>
    public TimeSpan LockStaleAfter
    {
        get => _lockStaleAfter;
        init => _lockStaleAfter = value > TimeSpan.Zero ? value
            : throw new ArgumentOutOfRangeException(nameof(LockStaleAfter), value, $"BatchOptions.LockStaleAfter is {value}; it must be positive.");
    }

    /// <summary>How often a worker refreshes the locks of its running jobs (default 30 s).</summary>
    public TimeSpan HeartbeatInterval
    {
        get => _heartbeatInterval;
        init => _heartbeatInterval = value > TimeSpan.Zero ? value
            : throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), value, $"BatchOptions.HeartbeatInterval is {value}; it must be positive.");
    }
}
