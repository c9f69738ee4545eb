namespace Kan.Physics.Runs.Hosting;

/// <summary>How a job of a batch ended.</summary>
public enum JobStatus
{
    /// <summary>Ran to the end; its result file was written.</summary>
    Completed,

    /// <summary>Not run: resuming, and a readable completed result file was already there.</summary>
    Skipped,

    /// <summary>Threw (or finished with a status other than completed); the other jobs went on.</summary>
    Failed,

    /// <summary>Stopped (or never started) because the batch was cancelled; no result file, checkpoints kept.</summary>
    Cancelled,

    /// <summary>
    /// Not run (or stopped) by this worker: another worker sharing the output folder holds the job's lock (see
    /// <see cref="JobLock"/>); that worker completes it. <see cref="JobResult.Error"/> says which one.
    /// </summary>
    Locked,
}
