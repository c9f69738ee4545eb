using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kan.Physics.Runs.Hosting;

/// <summary>Everything a running <see cref="IProblem"/> gets from its runner.</summary>
public sealed class ProblemContext
{
    /// <summary>The job being run.</summary>
    public required JobSpec Job { get; init; }

    /// <summary>The job's settings, checked against the problem's declared ones.</summary>
    public required ProblemSettings Settings { get; init; }

    /// <summary>Where this job's checkpoints live.</summary>
    public required CheckpointStore Checkpoints { get; init; }

    /// <summary>Receives progress reports (thread-safe; may be called from any thread).</summary>
    public IProgress<JobProgress> Progress { get; init; } = new Progress<JobProgress>();

    /// <summary>Signalled on Ctrl+C / SIGTERM: save a checkpoint and stop.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Log for messages that are not progress.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>
    /// The folder of the job's result file, for problems that draw figures of their own beside it (named
    /// <c>&lt;job id&gt;.*.png</c>); null when the runner keeps no files.
    /// </summary>
    public string? OutputDirectory { get; init; }

    /// <summary>The job's seed.</summary>
    public int Seed => Job.Seed;
}
