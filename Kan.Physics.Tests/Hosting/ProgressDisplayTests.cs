using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Tests.Hosting;

/// <summary>
/// The progress display: plain mode writes formatted lines, at most one per job per interval plus the held-back last
/// one; interactive mode redraws a live block with ANSI cursor-up / clear-line codes, rate-limited, with finished
/// jobs printed above it.
/// </summary>
public sealed class ProgressDisplayTests
{
    private const string Esc = "\u001b[";

    private TimeSpan _now;

    private static JobSpec Spec(string id) => new(id, "poisson2d", 0, new Dictionary<string, string>());

    private static JobResult Done(string id, JobStatus status, double seconds = 12.34, string? error = null)
        => new(id, "poisson2d", 0, status, seconds, new Dictionary<string, double> { ["mse"] = 1e-5, ["rel_l2"] = 2.1e-3 }, error, $"/out/{id}.h5");

    private static string[] Lines(StringWriter writer) => writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Plain_RateLimitsPerJob_AndWritesTheHeldBackLastReport()
    {
        var writer = new StringWriter();
        using var display = new ProgressDisplay(writer, interactive: false, TimeSpan.FromSeconds(5), () => _now);
        display.JobStarted(Spec("p-s0"));
        display.Report(new JobProgress("p-s0", "G=10", 1, 150, 1.234e-4, 2.1e-3, 1.0));   // first: written
        _now = TimeSpan.FromSeconds(1);
        display.Report(new JobProgress("p-s0", "G=10", 2, 150, 1e-4, 2e-3, 2.0));         // held back
        display.Report(new JobProgress("q-s1", "", 7, 0, double.NaN, double.NaN, 0.5));    // another job: its own limit
        _now = TimeSpan.FromSeconds(4.9);
        display.Report(new JobProgress("p-s0", "G=10", 3, 150, 1e-4, 2e-3, 3.0));         // held back
        _now = TimeSpan.FromSeconds(5.0);
        display.Report(new JobProgress("p-s0", "G=10", 4, 150, 9.87e-5, 1.5e-3, 4.0));    // 5 s later: written, with ETA
        _now = TimeSpan.FromSeconds(6.0);
        display.Report(new JobProgress("p-s0", "G=20", 5, 5, 8e-5, 1e-3, 5.0));           // end of a stage: always written
        display.Report(new JobProgress("p-s0", "G=40", 1, 100, 7e-5, 9e-4, 5.5));          // held back...
        display.JobFinished(Done("p-s0", JobStatus.Completed));                              // ...and written before the final line

        Assert.Equal(
        [
            "[p-s0] started: poisson2d, seed 0",
            "[p-s0] G=10 step 1/150 loss 1.23e-04 error 2.10e-03 1.0 s",
            "[q-s1] step 7 0.5 s",
            "[p-s0] G=10 step 4/150 loss 9.87e-05 error 1.50e-03 4.0 s ETA 2m26s", // 146 steps left at 1 s per step
            "[p-s0] G=20 step 5/5 loss 8.00e-05 error 1.00e-03 5.0 s",
            "[p-s0] G=40 step 1/100 loss 7.00e-05 error 9.00e-04 5.5 s",
            "[p-s0] completed in 12.3 s: rel_l2 2.10e-03, mse 1.00e-05",
        ], Lines(writer));
        Assert.DoesNotContain('\u001b', writer.ToString()); // a char: culture-aware string search ignores control characters
    }

    [Fact]
    public void Interactive_RedrawsTheLiveBlockWithAnsiCodes_AtMostEveryInterval()
    {
        var writer = new StringWriter();
        var display = new ProgressDisplay(writer, interactive: true, TimeSpan.FromMilliseconds(200), () => _now);
        int mark = 0;
        string Next()
        {
            string all = writer.ToString();
            string chunk = all[mark..];
            mark = all.Length;
            return chunk;
        }

        display.JobStarted(Spec("a"));
        Assert.Equal($"\r{Esc}2K[a] starting\n", Next());
        display.JobStarted(Spec("b"));
        Assert.Equal($"{Esc}1A\r{Esc}2K[a] starting\n\r{Esc}2K[b] starting\n", Next());

        _now = TimeSpan.FromMilliseconds(100);
        display.Report(new JobProgress("a", "G=5", 10, 100, 0.5, double.NaN, 1.0));
        Assert.Equal("", Next()); // within 200 ms of the last redraw

        _now = TimeSpan.FromMilliseconds(300);
        display.Report(new JobProgress("a", "G=5", 30, 100, 0.25, 0.01, 3.0));
        Assert.Equal($"{Esc}2A\r{Esc}2K[a] G=5 step 30/100 loss 2.50e-01 error 1.00e-02 3.0 s ETA 7 s\n\r{Esc}2K[b] starting\n", Next());

        // A finished job: erase the block, print its line above, redraw the rest (not rate-limited).
        _now = TimeSpan.FromMilliseconds(350);
        display.JobFinished(Done("a", JobStatus.Failed, 3.0, "diverged"));
        Assert.Equal($"{Esc}2A\r{Esc}J[a] FAILED after 3.0 s: diverged{Environment.NewLine}\r{Esc}2K[b] starting\n", Next());

        display.Dispose();
        Assert.Equal($"{Esc}1A\r{Esc}J", Next());
        display.Report(new JobProgress("b", "", 1, 2, 0, 0, 0));
        Assert.Equal("", Next()); // disposed: silent
    }

    [Fact]
    public void Plain_IsThreadSafe_LinesNeverInterleave()
    {
        var writer = new StringWriter();
        using var display = new ProgressDisplay(writer, interactive: false, TimeSpan.Zero, () => _now);
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 4 }, job =>
        {
            for (int step = 1; step <= 200; step++)
                display.Report(new JobProgress($"job{job}", "", step, 1000, 0.5, 0.25, step * 0.01));
        });
        var lines = Lines(writer);
        Assert.Equal(8 * 200, lines.Length);
        Assert.All(lines, l => Assert.Matches(@"^\[job[0-7]\] step \d+/1000 loss 5\.00e-01 error 2\.50e-01 \d+\.\d s( ETA \S+( s)?)?$", l));
    }

    [Theory]
    [InlineData(JobStatus.Completed, "[j] completed in 12.3 s: rel_l2 2.10e-03, mse 1.00e-05")]
    [InlineData(JobStatus.Skipped, "[j] skipped: /out/j.h5 is complete: rel_l2 2.10e-03, mse 1.00e-05")]
    [InlineData(JobStatus.Cancelled, "[j] cancelled after 12.3 s")]
    [InlineData(JobStatus.Failed, "[j] FAILED after 12.3 s: boom")]
    public void FinalLine_SaysHowTheJobEnded(JobStatus status, string expected)
        => Assert.Equal(expected, ProgressDisplay.FinalLine(Done("j", status, error: "boom")));

    [Theory]
    [InlineData(0.4, "0 s")]
    [InlineData(41.2, "41 s")]
    [InlineData(185, "3m05s")]
    [InlineData(7620, "2h07m")]
    public void FormatDuration_IsCompact(double seconds, string expected) => Assert.Equal(expected, ProgressDisplay.FormatDuration(seconds));
}
