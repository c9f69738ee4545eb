namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// A progress report of a running job: its stage (e.g. "G = 10"), the step reached out of the total, the current loss
/// and error (NaN when unknown) and the seconds since the job started.
/// </summary>
public sealed record JobProgress(string JobId, string Stage, int Step, int TotalSteps, double Loss, double Error, double Seconds)
{
    /// <summary>Loss terms by name, when the problem reports them.</summary>
    public IReadOnlyDictionary<string, double>? Terms { get; init; }
}
