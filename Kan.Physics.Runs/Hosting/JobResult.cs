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
    string ResultPath)
{
    /// <summary>The notes of its result (<see cref="Results.ResultDocument.Notes"/>: for a PDE solve <c>stop_reason</c> and, when there is one, <c>stop_hint</c>); empty without a result.</summary>
    public IReadOnlyDictionary<string, string> Notes { get; init; } = new Dictionary<string, string>();
}
