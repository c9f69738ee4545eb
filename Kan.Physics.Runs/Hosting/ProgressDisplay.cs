using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Shows the progress of a batch on a terminal or in a log. Interactive (a terminal): a live block of one line per
/// running job (id, stage, step/total, loss, error, elapsed, ETA), redrawn in place with ANSI escape codes at most
/// every 200 ms, with one line per finished job printed above it. Plain (redirected output, or a writer that is not
/// the console): ordinary lines such as <c>[poisson2d-s0] G=10 step 35/150 loss 1.23e-04 error 2.10e-03 12.3 s</c>,
/// at most one per job every 5 s plus the last step of each stage, so logs stay short.
/// </summary>
/// <remarks>
/// Thread-safe: jobs report from any thread and every write happens under one lock, so lines never interleave.
/// Write failures (a closed pipe) are ignored, because progress must never fail a job.
/// The ETA is the current stage's: (total - step) times the seconds per step since the stage's first report,
/// taken from the reports' own clocks, so it needs no timer.
/// </remarks>
public sealed class ProgressDisplay : IBatchProgress, IDisposable
{
    /// <summary>Least time between redraws of the live block.</summary>
    public static readonly TimeSpan DefaultRedrawInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Least time between two plain lines of one job.</summary>
    public static readonly TimeSpan DefaultLineInterval = TimeSpan.FromSeconds(5);

    private const string Escape = "\u001b[";

    private readonly Lock _lock = new();
    private readonly TextWriter _writer;
    private readonly TimeSpan _interval;
    private readonly Func<TimeSpan> _clock;
    private readonly bool _console;
    private readonly OrderedDictionary<string, JobLine> _jobs = new(StringComparer.Ordinal);
    private int _drawnLines;
    private TimeSpan? _lastDraw;
    private bool _disposed;

    /// <summary>The standard output: interactive unless it is redirected.</summary>
    public ProgressDisplay() : this(DefaultLineInterval)
    {
    }

    /// <summary>
    /// The standard output, interactive unless it is redirected; when it is redirected, <paramref name="lineInterval"/>
    /// is the least time between two plain lines of a job (the live display keeps its own redraw rate).
    /// </summary>
    public ProgressDisplay(TimeSpan lineInterval) : this(Console.Out, !Console.IsOutputRedirected, Console.IsOutputRedirected ? lineInterval : null)
    {
        _console = true;
    }

    /// <summary>
    /// A display on <paramref name="writer"/>. <paramref name="interactive"/> selects the live ANSI block;
    /// <paramref name="interval"/> is the least time between redraws (interactive, default 200 ms) or between two
    /// lines of a job (plain, default 5 s); <paramref name="clock"/> (default: a stopwatch) lets tests control time.
    /// </summary>
    public ProgressDisplay(TextWriter writer, bool interactive, TimeSpan? interval = null, Func<TimeSpan>? clock = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (interval is { } given && given < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(interval), given, "The interval must not be negative.");
        _writer = writer;
        Interactive = interactive;
        _interval = interval ?? (interactive ? DefaultRedrawInterval : DefaultLineInterval);
        if (clock is null)
        {
            var stopwatch = Stopwatch.StartNew();
            clock = () => stopwatch.Elapsed;
        }
        _clock = clock;
    }

    /// <summary>The standard error (keeps standard output for tables and data): interactive unless it is redirected.</summary>
    public static ProgressDisplay ForStandardError() => new(Console.Error, !Console.IsErrorRedirected, console: true);

    private ProgressDisplay(TextWriter writer, bool interactive, bool console) : this(writer, interactive)
    {
        _console = console;
    }

    /// <summary>Whether the live ANSI block is drawn (else plain lines are written).</summary>
    public bool Interactive { get; }

    /// <inheritdoc />
    public void JobStarted(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_lock)
        {
            if (_disposed) return;
            _jobs[job.Id] = new JobLine(job.Id);
            if (Interactive) Redraw();
            else WriteRaw($"[{job.Id}] started: {job.Problem}, seed {job.Seed}{Environment.NewLine}");
        }
    }

    /// <inheritdoc />
    public void Report(JobProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (_lock)
        {
            if (_disposed) return;
            if (!_jobs.TryGetValue(value.JobId, out var line)) _jobs[value.JobId] = line = new JobLine(value.JobId);
            line.Update(value);
            TimeSpan now = _clock();
            if (Interactive)
            {
                if (_lastDraw is not { } last || now - last >= _interval) Redraw();
                return;
            }
            bool stageEnd = value.TotalSteps > 0 && value.Step >= value.TotalSteps;
            if (line.LastPrinted is not { } printed || now - printed >= _interval || stageEnd)
            {
                WriteRaw(line.Text() + Environment.NewLine);
                line.LastPrinted = now;
                line.Pending = false;
            }
            else line.Pending = true;
        }
    }

    /// <inheritdoc />
    public void JobFinished(JobResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            if (_disposed) return;
            _jobs.Remove(result.Id, out var line);
            var text = new StringBuilder();
            if (Interactive) text.Append(Erase());
            else if (line is { Pending: true }) text.Append(line.Text()).Append(Environment.NewLine); // the last report, held back by the rate limit
            text.Append(FinalLine(result)).Append(Environment.NewLine);
            if (Interactive) text.Append(Block());
            WriteRaw(text.ToString());
        }
    }

    /// <summary>Removes the live block (finished lines stay) and ignores any later report.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed) return;
            if (Interactive) WriteRaw(Erase());
            _disposed = true;
        }
    }

    /// <summary>The line printed when a job ends, e.g. <c>[p-s0] completed in 12.3 s: rel_l2 2.10e-03</c>.</summary>
    internal static string FinalLine(JobResult result)
    {
        string seconds = result.Seconds.ToString("F1", CultureInfo.InvariantCulture);
        return result.Status switch
        {
            JobStatus.Completed => $"[{result.Id}] completed in {seconds} s{Metrics(result.Metrics)}",
            JobStatus.Skipped => $"[{result.Id}] skipped: {result.ResultPath} is complete{Metrics(result.Metrics)}",
            JobStatus.Cancelled => $"[{result.Id}] cancelled after {seconds} s",
            JobStatus.Locked => $"[{result.Id}] left to another worker: {result.Error}",
            _ => $"[{result.Id}] FAILED after {seconds} s: {result.Error}",
        };
    }

    private static string Metrics(IReadOnlyDictionary<string, double> metrics)
    {
        var shown = BatchSummary.HeadlineMetrics.Where(metrics.ContainsKey).ToList();
        if (shown.Count == 0) shown = metrics.Keys.Take(3).ToList();
        return shown.Count == 0 ? "" : ": " + string.Join(", ", shown.Select(m => $"{m} {BatchSummary.FormatNumber(metrics[m])}"));
    }

    private void Redraw()
    {
        WriteRaw(Block());
        _lastDraw = _clock();
    }

    /// <summary>Moves up over the drawn block and rewrites it, one cleared line per running job, then clears below.</summary>
    private string Block()
    {
        var text = new StringBuilder();
        if (_drawnLines > 0) text.Append(Escape).Append(_drawnLines).Append('A');
        int width = Width();
        foreach (var line in _jobs.Values)
        {
            string content = line.Text();
            // A wrapped line would take two rows and break the cursor-up count of the next redraw.
            if (width > 1 && content.Length >= width) content = content[..(width - 1)];
            text.Append('\r').Append(Escape).Append("2K").Append(content).Append('\n');
        }
        if (_drawnLines > _jobs.Count) text.Append(Escape).Append('J');
        _drawnLines = _jobs.Count;
        return text.ToString();
    }

    /// <summary>Moves up over the drawn block and clears it, leaving the cursor where the block started.</summary>
    private string Erase()
    {
        if (_drawnLines == 0) return "";
        string text = $"{Escape}{_drawnLines}A\r{Escape}J";
        _drawnLines = 0;
        return text;
    }

    private int Width()
    {
        if (!_console) return 0;
        try { return Console.WindowWidth; }
        catch (IOException) { return 0; }
        catch (PlatformNotSupportedException) { return 0; }
    }

    private void WriteRaw(string text)
    {
        if (text.Length == 0) return;
        try
        {
            _writer.Write(text);
            _writer.Flush();
        }
        catch (IOException) { } // progress is best effort: a closed pipe must not fail the job
        catch (ObjectDisposedException) { }
    }

    /// <summary>What the display knows of one running job.</summary>
    private sealed class JobLine(string id)
    {
        private JobProgress? _last;
        private string? _stage;
        private int _anchorStep;
        private double _anchorSeconds;

        /// <summary>When the last plain line of this job was written (plain mode).</summary>
        public TimeSpan? LastPrinted { get; set; }

        /// <summary>A report arrived after the last plain line (plain mode).</summary>
        public bool Pending { get; set; }

        public void Update(JobProgress progress)
        {
            // A new stage (or a step counter that restarts) starts a new rate measurement.
            if (_last is null || progress.Stage != _stage || progress.Step < _anchorStep)
            {
                _stage = progress.Stage;
                _anchorStep = progress.Step;
                _anchorSeconds = progress.Seconds;
            }
            _last = progress;
        }

        public string Text()
        {
            var text = new StringBuilder().Append('[').Append(id).Append(']');
            if (_last is not { } p) return text.Append(" starting").ToString();
            if (!string.IsNullOrEmpty(p.Stage)) text.Append(' ').Append(p.Stage);
            text.Append(" step ").Append(p.Step.ToString(CultureInfo.InvariantCulture));
            if (p.TotalSteps > 0) text.Append('/').Append(p.TotalSteps.ToString(CultureInfo.InvariantCulture));
            if (!double.IsNaN(p.Loss)) text.Append(" loss ").Append(BatchSummary.FormatNumber(p.Loss));
            if (!double.IsNaN(p.Error)) text.Append(" error ").Append(BatchSummary.FormatNumber(p.Error));
            text.Append(' ').Append(p.Seconds.ToString("F1", CultureInfo.InvariantCulture)).Append(" s");
            if (Eta(p) is { } eta) text.Append(" ETA ").Append(eta);
            return text.ToString();
        }

        private string? Eta(JobProgress p)
        {
            int steps = p.Step - _anchorStep;
            double seconds = p.Seconds - _anchorSeconds;
            if (p.TotalSteps <= p.Step || steps <= 0 || !(seconds > 0)) return null;
            double left = (p.TotalSteps - p.Step) * seconds / steps;
            return FormatDuration(left);
        }
    }

    /// <summary>"41 s", "3m05s", "2h07m".</summary>
    internal static string FormatDuration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "?";
        long s = (long)Math.Round(seconds);
        if (s < 60) return string.Create(CultureInfo.InvariantCulture, $"{s} s");
        if (s < 3600) return string.Create(CultureInfo.InvariantCulture, $"{s / 60}m{s % 60:00}s");
        return string.Create(CultureInfo.InvariantCulture, $"{s / 3600}h{s / 60 % 60:00}m");
    }
}
