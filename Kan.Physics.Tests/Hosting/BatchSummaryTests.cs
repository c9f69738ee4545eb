using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Tests.Hosting;

/// <summary>The batch summary: exit codes by outcome and an aligned table of ids, statuses, times, metrics and errors.</summary>
public sealed class BatchSummaryTests
{
    private static JobResult R(string id, JobStatus status, double seconds, string? error = null, params (string, double)[] metrics)
        => new(id, "p", 0, status, seconds, metrics.ToDictionary(m => m.Item1, m => m.Item2), error, $"/out/{id}.h5");

    [Fact]
    public void ExitCode_FollowsTheWorstOutcome()
    {
        Assert.Equal(0, new BatchSummary([R("a", JobStatus.Completed, 1), R("b", JobStatus.Skipped, 0)]).ExitCode);
        Assert.Equal(1, new BatchSummary([R("a", JobStatus.Completed, 1), R("b", JobStatus.Failed, 0)]).ExitCode);
        Assert.Equal(130, new BatchSummary([R("a", JobStatus.Failed, 1), R("b", JobStatus.Cancelled, 0)]).ExitCode);
        Assert.True(new BatchSummary([R("a", JobStatus.Skipped, 1)]).AllSucceeded);
        Assert.False(new BatchSummary([R("a", JobStatus.Cancelled, 1)]).AllSucceeded);
    }

    [Fact]
    public void WriteTable_AlignsColumns_AndShowsHeadlineMetricsWhenPresent()
    {
        var summary = new BatchSummary(
        [
            R("poisson2d-s0", JobStatus.Completed, 12.34, null, ("final_loss", 3e-7), ("rel_l2", 2.1e-3), ("other", 5)),
            R("poisson2d-grids-5_10-s1", JobStatus.Failed, 0.4, "setting 'steps' = 'x' must be a non-negative integer"),
            R("p-s2", JobStatus.Skipped, 0, null, ("rel_l2", 1e-2)),
        ], wallSeconds: 8.06);
        var writer = new StringWriter();
        summary.WriteTable(writer);

        Assert.Equal(
        [
            "id                       status     seconds  rel_l2    final_loss  error",
            "poisson2d-s0             completed     12.3  2.10e-03  3.00e-07",
            "poisson2d-grids-5_10-s1  failed         0.4  -         -           setting 'steps' = 'x' must be a non-negative integer",
            "p-s2                     skipped        0.0  1.00e-02  -",
            "3 jobs: 1 completed, 1 skipped, 1 failed, 0 cancelled; 8.1 s wall, 12.7 s of job time",
        ], writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void WriteTable_WithoutHeadlineMetrics_ShowsTheFirstThreeReported()
    {
        var writer = new StringWriter();
        new BatchSummary([R("a", JobStatus.Completed, 1, null, ("w", 1), ("x", 2), ("y", 3), ("z", 4))]).WriteTable(writer);
        Assert.StartsWith("id  status     seconds  w         x         y         error", writer.ToString());
    }
}
