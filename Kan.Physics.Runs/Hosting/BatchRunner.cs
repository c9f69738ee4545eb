using System.Diagnostics;
using Kan.Physics.Networks;
using Kan.Physics.Runs.Results;
using Microsoft.Extensions.Logging;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Runs a list of jobs: each job's problem on a thread-pool thread, at most <see cref="BatchOptions.Parallel"/> at a
/// time, writing <c>&lt;out&gt;/&lt;id&gt;.h5</c> and its figures, keeping checkpoints so that a cancelled or killed
/// batch can be resumed. A failing job never stops the others.
/// </summary>
/// <remarks>
/// Why jobs are isolated: a batch is typically dozens of seeds and settings left running unattended, so one bad
/// setting or diverging run must not cost the rest. Cancellation (Ctrl+C) is the exception: it stops every job,
/// each saving a checkpoint, and jobs not yet started are reported as cancelled.
/// </remarks>
public sealed class BatchRunner
{
    /// <summary>The status a problem's document carries when it stopped on cancellation.</summary>
    public const string CancelledStatus = "cancelled";

    // KanNetwork.MaxDegreeOfParallelism is process-wide; overlapping batches restore it only when the last one ends.
    private static readonly Lock ParallelismGate = new();
    private static int _activeBatches;
    private static int _savedParallelism;

    private readonly ProblemRegistry _registry;
    private readonly IFigureWriter _figures;
    private readonly ILogger<BatchRunner> _logger;
    private readonly IProgress<JobProgress> _progress;
    private readonly IBatchProgress? _observer;

    /// <summary>
    /// A runner for the problems of <paramref name="registry"/>; <paramref name="progress"/> receives every job's
    /// reports (and start/end notices when it is an <see cref="IBatchProgress"/> such as <see cref="ProgressDisplay"/>).
    /// </summary>
    public BatchRunner(ProblemRegistry registry, IFigureWriter figures, ILogger<BatchRunner> logger, IProgress<JobProgress> progress)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(progress);
        _registry = registry;
        _figures = figures;
        _logger = logger;
        _progress = progress;
        _observer = progress as IBatchProgress;
    }

    /// <summary>
    /// Runs <paramref name="jobs"/> (those of <see cref="BatchOptions.Shard"/>) and returns one result per job run, in
    /// their order. Never throws for a job's failure; throws only for bad arguments (null, repeated or unsafe ids) or
    /// an output folder that cannot be created.
    /// </summary>
    /// <remarks>
    /// Several workers (processes, machines) may run the same batch into one output folder at once: each job is run
    /// under its lock (<see cref="JobLock"/>), so a job another worker is running is left to it
    /// (<see cref="JobStatus.Locked"/>), and a lock whose owner is gone is taken over. A failed job leaves a note in
    /// <c>.kan/failed</c> for <c>kan status</c>; the note goes when the job later completes.
    /// </remarks>
    public async Task<BatchSummary> RunAsync(IReadOnlyList<JobSpec> jobs, BatchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.OutputDirectory))
            throw new ArgumentException($"options.OutputDirectory is '{options.OutputDirectory}'; give the folder for the results.", nameof(options));
        CheckIds(jobs);

        var folder = new BatchFolder(options.OutputDirectory);
        string checkpoints = Path.GetFullPath(options.CheckpointDirectory);
        Directory.CreateDirectory(folder.Root);
        if (options.WriteManifest) folder.WriteManifest(jobs.Select(j => j.Id));
        var mine = options.Shard.Select(jobs);
        if (options.Shard.Count > 1)
            _logger.LogInformation("Shard {Shard}: {Mine} of the batch's {Total} jobs", options.Shard, mine.Count, jobs.Count);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var slots = new SemaphoreSlim(options.Parallel, options.Parallel);
        using var held = new HeldLocks(options.HeartbeatInterval, _logger);
        var run = new BatchRun(folder, checkpoints, options, slots, held);
        EnterParallelism(Math.Max(1, Environment.ProcessorCount / options.Parallel));
        try
        {
            var tasks = new Task<JobResult>[mine.Count];
            for (int i = 0; i < mine.Count; i++)
                tasks[i] = RunJobAsync(mine[i], run, cancellationToken);
            var results = await Task.WhenAll(tasks).ConfigureAwait(false);
            RemoveIfEmpty(checkpoints);
            return new BatchSummary(results, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            LeaveParallelism();
        }
    }

    /// <summary>What every job of one <see cref="RunAsync"/> call shares.</summary>
    private sealed record BatchRun(BatchFolder Folder, string Checkpoints, BatchOptions Options, SemaphoreSlim Slots, HeldLocks Held);

    private static void CheckIds(IReadOnlyList<JobSpec> jobs)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i] ?? throw new ArgumentException($"jobs[{i}] is null.", nameof(jobs));
            string id = job.Id;
            // Ids become file and folder names; reject anything that could escape the output folder.
            if (string.IsNullOrWhiteSpace(id) || id is "." or ".." || id.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0
                || id.Contains('/') || id.Contains('\\'))
                throw new ArgumentException($"jobs[{i}].Id is '{id}'; an id must be a plain file name.", nameof(jobs));
            if (!seen.TryAdd(id, i))
                throw new ArgumentException($"jobs[{i}].Id '{id}' repeats jobs[{seen[id]}].Id; two jobs would write the same result file.", nameof(jobs));
        }
    }

    /// <summary>Removes the checkpoint root once every job has cleared its folder, so finished batches leave only results.</summary>
    private void RemoveIfEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogDebug("Could not remove the empty checkpoint folder {Folder}: {Reason}", folder, OneLine(ex.Message));
        }
    }

    private static void EnterParallelism(int degree)
    {
        lock (ParallelismGate)
        {
            if (_activeBatches++ == 0) _savedParallelism = KanNetwork.MaxDegreeOfParallelism;
            KanNetwork.MaxDegreeOfParallelism = degree;
        }
    }

    private static void LeaveParallelism()
    {
        lock (ParallelismGate)
        {
            if (--_activeBatches == 0) KanNetwork.MaxDegreeOfParallelism = _savedParallelism;
        }
    }

    private async Task<JobResult> RunJobAsync(JobSpec job, BatchRun run, CancellationToken ct)
    {
        string resultPath = run.Folder.ResultPath(job.Id);
        bool resume = run.Options.Resume;
        if (resume && TrySkip(job, resultPath) is { } skipped) return Finished(skipped);

        try { await run.Slots.WaitAsync(ct).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            // Never started: nothing to report to the display, but the summary lists it.
            return Result(job, JobStatus.Cancelled, 0, null, "not started", resultPath);
        }
        JobLock? jobLock = null;
        try
        {
            if (ct.IsCancellationRequested) // a slot freed by a job that stopped on the same cancellation
                return Result(job, JobStatus.Cancelled, 0, null, "not started", resultPath);

            var attempt = JobLock.TryAcquire(run.Folder.LockPath(job.Id), run.Options.LockStaleAfter,
                run.Options.Shard.Count > 1 ? run.Options.Shard.ToString() : null);
            if (attempt.Lock is null)
            {
                string where = attempt.Holder is { } h ? $"running on {h.Where} since {h.StartedUtc:u}" : "its lock is being written";
                _logger.LogInformation("{JobId}: another worker holds its lock ({Where}); leaving it to that worker", job.Id, where);
                return Finished(Result(job, JobStatus.Locked, 0, null, where, resultPath));
            }
            jobLock = attempt.Lock;
            if (attempt.TakenOverFrom is { } gone)
                _logger.LogWarning("{JobId}: took over the lock of {Where} (started {Started:u}; owner gone)", job.Id, gone.Where, gone.StartedUtc);
            // Another worker may have completed the job between the look above and taking the lock.
            if (resume && TrySkip(job, resultPath) is { } done) return Finished(done);

            using var jobCancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            run.Held.Add(jobLock, jobCancel);
            try
            {
                return Finished(await ExecuteAsync(job, run, jobLock, ct, jobCancel.Token).ConfigureAwait(false));
            }
            finally
            {
                run.Held.Remove(jobLock);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The lock folder cannot be written: the job cannot run safely beside other workers.
            string error = $"cannot take the job's lock in {run.Folder.LocksDirectory}: {OneLine(ex.Message)}";
            _logger.LogError("{JobId}: {Error}", job.Id, error);
            return Finished(Result(job, JobStatus.Failed, 0, null, error, resultPath));
        }
        finally
        {
            jobLock?.Release();
            run.Slots.Release();
        }
    }

    /// <summary>The Skipped result when <paramref name="resultPath"/> holds a readable completed result, else null (run the job).</summary>
    private JobResult? TrySkip(JobSpec job, string resultPath)
    {
        if (!File.Exists(resultPath)) return null;
        try
        {
            var existing = ResultFile.Read(resultPath);
            if (existing.Status == ResultFile.CompletedStatus)
            {
                _logger.LogDebug("{JobId}: skipped, {Path} holds a completed result", job.Id, resultPath);
                return Result(job, JobStatus.Skipped, 0, existing, null, resultPath);
            }
            _logger.LogInformation("{JobId}: the existing result {Path} has status '{Status}'; running the job again", job.Id, resultPath, existing.Status);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // ResultFileException is an IOException: a truncated or corrupt file is rerun and replaced atomically.
            _logger.LogWarning("{JobId}: the existing result cannot be read ({Reason}); running the job again", job.Id, OneLine(ex.Message));
        }
        return null;
    }

    private async Task<JobResult> ExecuteAsync(JobSpec job, BatchRun run, JobLock jobLock, CancellationToken batchToken, CancellationToken ct)
    {
        string resultPath = run.Folder.ResultPath(job.Id);
        bool resume = run.Options.Resume;
        var clock = Stopwatch.StartNew();
        ClearFailure(run.Folder, job.Id);
        Notify(o => o.JobStarted(job));
        try
        {
            var problem = _registry.Get(job.Problem);
            var settings = new ProblemSettings(problem.Name, problem.Settings, job.Settings);
            var store = new CheckpointStore(Path.Combine(run.Checkpoints, job.Id));
            if (!resume) store.Clear(); // a fresh run must not pick up an old run's state
            var context = new ProblemContext
            {
                Job = job,
                Settings = settings,
                Checkpoints = store,
                Progress = _progress,
                CancellationToken = ct,
                Logger = _logger,
                OutputDirectory = run.Folder.Root,
            };
            _logger.LogDebug("{JobId}: starting {Problem} with seed {Seed}", job.Id, problem.Name, job.Seed);

            var document = await Task.Run(() => problem.Run(context), ct).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{problem.Name} returned no result document.");
            if (document.Status == CancelledStatus)
            {
                if (ct.IsCancellationRequested) return Stopped(job, clock, resultPath, batchToken);
                throw new InvalidOperationException($"{problem.Name} returned status '{CancelledStatus}' although the batch was not cancelled.");
            }
            if (!jobLock.IsHeld()) return LostLock(job, clock, resultPath);

            if (document.WallSeconds == 0) document.WallSeconds = clock.Elapsed.TotalSeconds;
            ResultFile.Write(resultPath, document);
            WriteFigures(job, document, resultPath);
            try { store.Clear(); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning("{JobId}: the result is written but its checkpoints in {Folder} could not be removed: {Reason}", job.Id, store.Directory, OneLine(ex.Message));
            }

            if (document.Status != ResultFile.CompletedStatus)
            {
                string error = $"the problem finished with status '{document.Status}'";
                _logger.LogError("{JobId}: {Error}", job.Id, error);
                NoteFailure(run, job, error);
                return Result(job, JobStatus.Failed, clock.Elapsed.TotalSeconds, document, error, resultPath);
            }
            _logger.LogDebug("{JobId}: completed in {Seconds:F1} s", job.Id, clock.Elapsed.TotalSeconds);
            return Result(job, JobStatus.Completed, clock.Elapsed.TotalSeconds, document, null, resultPath);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return Stopped(job, clock, resultPath, batchToken);
        }
        catch (Exception ex)
        {
            string error = OneLine(ex.Message);
            _logger.LogError("{JobId}: failed: {Error}", job.Id, error);
            _logger.LogDebug(ex, "{JobId}: failure details", job.Id);
            NoteFailure(run, job, error);
            return Result(job, JobStatus.Failed, clock.Elapsed.TotalSeconds, null, error, resultPath);
        }
    }

    /// <summary>A job stopped by the batch's cancellation, or because its lock was taken from it.</summary>
    private JobResult Stopped(JobSpec job, Stopwatch clock, string resultPath, CancellationToken batchToken) =>
        batchToken.IsCancellationRequested ? Cancelled(job, clock, resultPath) : LostLock(job, clock, resultPath);

    private JobResult LostLock(JobSpec job, Stopwatch clock, string resultPath)
    {
        const string error = "its lock was taken over by another worker (no heartbeat seen for too long); that worker completes it";
        _logger.LogWarning("{JobId}: stopped after {Seconds:F1} s: {Error}", job.Id, clock.Elapsed.TotalSeconds, error);
        return Result(job, JobStatus.Locked, clock.Elapsed.TotalSeconds, null, error, resultPath);
    }

    /// <summary>Leaves a note of why the job failed for <c>kan status</c> (best effort: the summary has it anyway).</summary>
    private void NoteFailure(BatchRun run, JobSpec job, string error)
    {
        try { JobFailureNote.Write(run.Folder.FailurePath(job.Id), job.Id, error, run.Options.Shard); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("{JobId}: could not write its failure note: {Reason}", job.Id, OneLine(ex.Message));
        }
    }

    private static void ClearFailure(BatchFolder folder, string id)
    {
        try { File.Delete(folder.FailurePath(id)); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { }
    }

    private JobResult Cancelled(JobSpec job, Stopwatch clock, string resultPath)
    {
        _logger.LogDebug("{JobId}: cancelled after {Seconds:F1} s; checkpoints kept", job.Id, clock.Elapsed.TotalSeconds);
        return Result(job, JobStatus.Cancelled, clock.Elapsed.TotalSeconds, null, null, resultPath);
    }

    private void WriteFigures(JobSpec job, ResultDocument document, string resultPath)
    {
        try
        {
            var written = _figures.Write(document, resultPath);
            _logger.LogDebug("{JobId}: {Count} figures written", job.Id, written.Count);
        }
        catch (Exception ex)
        {
            // Figures are a convenience; the result file is the record, so the job still counts as completed.
            _logger.LogWarning("{JobId}: figures could not be drawn: {Reason}", job.Id, OneLine(ex.Message));
            _logger.LogDebug(ex, "{JobId}: figure failure details", job.Id);
        }
    }

    private JobResult Finished(JobResult result)
    {
        Notify(o => o.JobFinished(result));
        return result;
    }

    /// <summary>Tells the display; a display that fails (a closed console) must not fail the job or the batch.</summary>
    private void Notify(Action<IBatchProgress> call)
    {
        if (_observer is null) return;
        try { call(_observer); }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogWarning("The progress display failed: {Reason}", OneLine(ex.Message));
        }
    }

    private static JobResult Result(JobSpec job, JobStatus status, double seconds, ResultDocument? document, string? error, string resultPath)
    {
        var metrics = new OrderedDictionary<string, double>(StringComparer.Ordinal);
        if (document?.Metrics is { } m)
            foreach (var (name, value) in m) metrics[name] = value;
        var notes = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        if (document?.Notes is { } n)
            foreach (var (name, text) in n) notes[name] = text;
        return new JobResult(job.Id, job.Problem, job.Seed, status, seconds, metrics, error, resultPath) { Notes = notes };
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
