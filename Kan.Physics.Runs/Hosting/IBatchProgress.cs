namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// A progress sink that also hears when jobs start and end, so a display can open and close a job's line; the
/// <see cref="BatchRunner"/> calls these when its sink implements this interface, and plain
/// <see cref="IProgress{T}"/> sinks only get the reports.
/// </summary>
public interface IBatchProgress : IProgress<JobProgress>
{
    /// <summary>The job has a slot and is about to run.</summary>
    void JobStarted(JobSpec job);

    /// <summary>The job ended (including skipped jobs, which never start).</summary>
    void JobFinished(JobResult result);
}
