using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// The locks of a worker's running jobs, whose heartbeats a timer refreshes; a job whose lock was taken over (its
/// heartbeat failed to reach the shared filesystem for longer than the stale time, say) is cancelled, so that two
/// workers never go on running the same job.
/// </summary>
internal sealed class HeldLocks : IDisposable
{
    private readonly ConcurrentDictionary<JobLock, CancellationTokenSource> _held = new();
    private readonly ILogger _logger;
    private readonly Timer _timer;

    public HeldLocks(TimeSpan interval, ILogger logger)
    {
        _logger = logger;
        _timer = new Timer(_ => Beat(), null, interval, interval);
    }

    public void Add(JobLock jobLock, CancellationTokenSource cancel) => _held[jobLock] = cancel;

    public void Remove(JobLock jobLock) => _held.TryRemove(jobLock, out _);

    /// <summary>Refreshes every held lock; cancels the job of a lock that is no longer ours.</summary>
    public void Beat()
    {
        foreach (var (jobLock, cancel) in _held)
        {
            if (jobLock.Heartbeat()) continue;
            _logger.LogWarning("The lock {Path} is no longer this worker's; stopping its job", jobLock.Path);
            try { cancel.Cancel(); } catch (ObjectDisposedException) { }
        }
    }

    public void Dispose() => _timer.Dispose();
}
