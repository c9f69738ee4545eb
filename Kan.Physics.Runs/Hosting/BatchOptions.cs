namespace Kan.Physics.Runs.Hosting;

/// <summary>Where a batch writes, how many jobs run at once, and whether finished jobs are skipped.</summary>
public sealed class BatchOptions
{
    private readonly string? _checkpointDirectory;
    private readonly int _parallel = 1;

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
}
