using System.Globalization;

namespace Kan.Physics.Runs.Hosting;

/// <summary>What a batch did: one <see cref="JobResult"/> per job in the order given, and the process exit code it implies.</summary>
public sealed class BatchSummary
{
    /// <summary>Exit code when every job completed or was skipped.</summary>
    public const int SuccessExitCode = 0;

    /// <summary>Exit code when some job failed (and none was cancelled).</summary>
    public const int FailureExitCode = 1;

    /// <summary>Exit code after cancellation: 128 + SIGINT, what shells expect of a program stopped by Ctrl+C.</summary>
    public const int CancelledExitCode = 130;

    /// <summary>
    /// The metrics the table shows when a job has them, in this order; a batch with none of these shows the first
    /// three metric names its jobs report instead.
    /// </summary>
    public static IReadOnlyList<string> HeadlineMetrics { get; } = ["rel_l2", "mse", "test_rmse", "final_loss"];

    /// <summary>The summary of <paramref name="jobs"/>; <paramref name="wallSeconds"/> is how long the batch took (NaN: not measured).</summary>
    public BatchSummary(IReadOnlyList<JobResult> jobs, double wallSeconds = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        Jobs = jobs;
        WallSeconds = wallSeconds;
    }

    /// <summary>Seconds from the batch's start to its end (with parallel jobs less than the sum of job times); NaN when not measured.</summary>
    public double WallSeconds { get; }

    /// <summary>The sum of the jobs' own times.</summary>
    public double JobSeconds => Jobs.Sum(j => j.Seconds);

    /// <summary>One result per job, in the order the jobs were given.</summary>
    public IReadOnlyList<JobResult> Jobs { get; }

    /// <summary>Whether every job completed, was skipped, or is another worker's to run (<see cref="JobStatus.Locked"/>).</summary>
    public bool AllSucceeded => Jobs.All(j => j.Status is JobStatus.Completed or JobStatus.Skipped or JobStatus.Locked);

    /// <summary>Whether the batch was cancelled before every job ended.</summary>
    public bool WasCancelled => Jobs.Any(j => j.Status == JobStatus.Cancelled);

    /// <summary>0 when all succeeded (or were left to other workers), 130 after cancellation, 1 when some job failed.</summary>
    public int ExitCode => WasCancelled ? CancelledExitCode : AllSucceeded ? SuccessExitCode : FailureExitCode;

    /// <summary>Number of jobs that ended with <paramref name="status"/>.</summary>
    public int Count(JobStatus status) => Jobs.Count(j => j.Status == status);

    /// <summary>
    /// Writes an aligned table (id, status, seconds, headline metrics, error) and a totals line, e.g.
    /// <code>
    /// id               status     seconds  rel_l2    error
    /// poisson2d-s0     completed     12.3  2.10e-03
    /// poisson2d-s1     failed         0.4  -         setting 'steps' = 'x' must be ...
    /// 2 jobs: 1 completed, 0 skipped, 1 failed, 0 cancelled; 8.1 s wall, 12.7 s of job time
    /// </code>
    /// </summary>
    public void WriteTable(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var metrics = MetricColumns();
        var header = new List<string> { "id", "status", "seconds" };
        header.AddRange(metrics);
        header.Add("error");
        var rows = new List<string[]> { header.ToArray() };
        foreach (var job in Jobs)
        {
            var row = new List<string>
            {
                job.Id,
                job.Status.ToString().ToLowerInvariant(),
                job.Seconds.ToString("F1", CultureInfo.InvariantCulture),
            };
            foreach (string m in metrics) row.Add(job.Metrics.TryGetValue(m, out double v) ? FormatNumber(v) : "-");
            row.Add(job.Error?.ReplaceLineEndings(" ") ?? "");
            rows.Add(row.ToArray());
        }

        int columns = header.Count;
        var widths = new int[columns];
        foreach (var row in rows)
            for (int c = 0; c < columns; c++) widths[c] = Math.Max(widths[c], row[c].Length);
        foreach (var row in rows)
        {
            var line = new System.Text.StringBuilder();
            for (int c = 0; c < columns; c++)
            {
                if (c > 0) line.Append("  ");
                // Numbers right-aligned so decimals line up; the error column is last and left unpadded.
                if (c == columns - 1) line.Append(row[c]);
                else if (c == 2) line.Append(row[c].PadLeft(widths[c]));
                else line.Append(row[c].PadRight(widths[c]));
            }
            writer.WriteLine(line.ToString().TrimEnd());
        }
        int locked = Count(JobStatus.Locked);
        // wall time first: with --parallel the jobs overlap, and their sum says how much work, not how long it took
        string time = double.IsFinite(WallSeconds)
            ? string.Create(CultureInfo.InvariantCulture, $"{WallSeconds:F1} s wall, {JobSeconds:F1} s of job time")
            : string.Create(CultureInfo.InvariantCulture, $"{JobSeconds:F1} s of job time");
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Jobs.Count} jobs: {Count(JobStatus.Completed)} completed, {Count(JobStatus.Skipped)} skipped, {Count(JobStatus.Failed)} failed, {Count(JobStatus.Cancelled)} cancelled{(locked > 0 ? $", {locked} held by other workers" : "")}; {time}"));
    }

    /// <summary>A metric as the table and the progress display show it: three significant digits, exponent form.</summary>
    internal static string FormatNumber(double value)
        => double.IsFinite(value) ? value.ToString("0.00e+00", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);

    private List<string> MetricColumns()
    {
        var present = Jobs.SelectMany(j => j.Metrics.Keys).ToHashSet(StringComparer.Ordinal);
        var chosen = HeadlineMetrics.Where(present.Contains).ToList();
        if (chosen.Count > 0) return chosen;
        return Jobs.SelectMany(j => j.Metrics.Keys).Distinct(StringComparer.Ordinal).Take(3).ToList();
    }
}
