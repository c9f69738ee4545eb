namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// The outcome of one job of a batch: its status, the seconds this batch spent on it, the headline metrics of its
/// result (also for a skipped job, read from the existing file), the error message of a failed job, and where its
/// result file is (or would be).
/// </summary>
public sealed record JobResult(
    string Id,
    string Problem,
    int Seed,
    JobStatus Status,
    double Seconds,
    IReadOnlyDictionary<string, double> Metrics,
    string? Error,
    string ResultPath);
