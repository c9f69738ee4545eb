using System.Collections.Concurrent;
using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Tests.Hosting;

/// <summary>An <see cref="IBatchProgress"/> that records every call, in order.</summary>
internal sealed class RecordingProgress : IBatchProgress
{
    public ConcurrentQueue<string> Events { get; } = new();
    public ConcurrentQueue<JobProgress> Reports { get; } = new();

    public void Report(JobProgress value)
    {
        Reports.Enqueue(value);
        Events.Enqueue($"report {value.JobId} {value.Step}");
    }

    public void JobStarted(JobSpec job) => Events.Enqueue($"start {job.Id}");

    public void JobFinished(JobResult result) => Events.Enqueue($"finish {result.Id} {result.Status}");
}
