using System.Diagnostics;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Bench;

/// <summary>
/// How fast the coordination of a shared batch folder is, on a synthetic folder of N job entries (default 1,000,
/// 10,000 and 50,000): the lock cycle a worker does per job (take the lock, release it), the resume check per job
/// (does the result exist), and <c>kan status</c> (one read of the whole folder), plus how fast a resuming worker
/// opens completed result files (the skip check reads each one). The folder is under the temporary directory unless
/// <c>--dir PATH</c> points it elsewhere (e.g. at a shared filesystem to measure that).
/// </summary>
internal static class BatchFolderBenchmark
{
    public sealed record Size(
        int Jobs, int Done, int Failed, int Running, int Pending,
        double LockCyclesPerSecond, double ResultChecksPerSecond,
        double StatusSeconds, double StatusJobsPerSecond, double ManifestWriteSeconds);

    public sealed record Result(string Folder, string FileSystem, IReadOnlyList<Size> Sizes, int ResultFilesOpened, double ResultFilesOpenedPerSecond, string Note);

    public static Result Run(IReadOnlyList<int> sizes, string? root)
    {
        string baseDir = Path.Combine(root ?? Path.GetTempPath(), "kan-batch-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(baseDir);
        try
        {
            var results = sizes.Select(n => Measure(n, Path.Combine(baseDir, $"n{n}"))).ToList();
            var (opened, rate) = MeasureResultReads(Path.Combine(baseDir, "h5"), 500);
            return new Result(baseDir, FileSystemOf(baseDir), results, opened, rate,
                "locks: exclusive create + write, then rename aside + read + delete per cycle, one thread; status: directory listings of results, locks and notes, the few lock and note files read");
        }
        finally
        {
            Directory.Delete(baseDir, recursive: true);
        }
    }

    private static Size Measure(int n, string dir)
    {
        var folder = new BatchFolder(dir);
        Directory.CreateDirectory(dir);
        var ids = Enumerable.Range(0, n).Select(i => $"sweep-kappa-{i % 97}-steps-{i / 97}-s{i % 5}").ToList();
        var manifest = Stopwatch.StartNew();
        folder.WriteManifest(ids);
        double manifestSeconds = manifest.Elapsed.TotalSeconds;

        // 40 % done (result files), 1 % failed (notes), 8 running (live locks of this process), the rest pending
        int done = n * 4 / 10, failed = Math.Max(1, n / 100), running = Math.Min(8, n / 10);
        for (int i = 0; i < done; i++) File.WriteAllBytes(folder.ResultPath(ids[i]), []);
        for (int i = done; i < done + failed; i++) JobFailureNote.Write(folder.FailurePath(ids[i]), ids[i], "synthetic failure", JobShard.All);
        var held = new List<JobLock>();
        for (int i = done + failed; i < done + failed + running; i++) held.Add(JobLock.TryAcquire(folder.LockPath(ids[i]), TimeSpan.FromMinutes(5)).Lock!);

        // the per-job lock cycle over the pending jobs (as many as there are, at most 5,000), after 500 cycles of warm-up
        for (int i = 0; i < 500; i++) JobLock.TryAcquire(Path.Combine(dir, "warm", $"w{i}.lock"), TimeSpan.FromMinutes(5)).Lock!.Release();
        var pending = ids.Skip(done + failed + running).Take(5000).ToList();
        var clock = Stopwatch.StartNew();
        foreach (string id in pending)
        {
            var l = JobLock.TryAcquire(folder.LockPath(id), TimeSpan.FromMinutes(5)).Lock ?? throw new InvalidOperationException(id);
            l.Release();
        }
        double lockRate = pending.Count / clock.Elapsed.TotalSeconds;

        // the resume check of every job: does its result exist
        clock.Restart();
        int found = 0;
        foreach (string id in ids) if (File.Exists(folder.ResultPath(id))) found++;
        double checkRate = n / clock.Elapsed.TotalSeconds;
        if (found != done) throw new InvalidOperationException($"found {found} results, expected {done}");

        var status = BatchStatus.Read(dir, TimeSpan.FromMinutes(5)); // warm
        double statusSeconds = BenchReport.MedianSeconds(() => status = BatchStatus.Read(dir, TimeSpan.FromMinutes(5)), 1, 5);
        if (status.Count(JobState.Done) != done || status.Count(JobState.Running) != running || status.Count(JobState.Failed) != failed)
            throw new InvalidOperationException($"status read {status.Totals()}");
        foreach (var l in held) l.Release();
        return new Size(n, done, failed, running, n - done - failed - running, lockRate, checkRate, statusSeconds, n / statusSeconds, manifestSeconds);
    }

    /// <summary>How many small completed result files per second a resuming worker opens (its skip check reads each).</summary>
    private static (int Count, double PerSecond) MeasureResultReads(string dir, int count)
    {
        Directory.CreateDirectory(dir);
        var doc = new ResultDocument
        {
            Problem = "bench", Seed = 0, Metrics = { ["rel_l2"] = 1e-3 },
            Training = { ["step"] = Enumerable.Range(0, 200).Select(i => (double)i).ToArray(), ["loss"] = Enumerable.Range(0, 200).Select(i => 1.0 / (i + 1)).ToArray() },
        };
        for (int i = 0; i < count; i++) ResultFile.Write(Path.Combine(dir, $"r{i}.h5"), doc);
        ResultFile.Read(Path.Combine(dir, "r0.h5"));
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++)
            if (ResultFile.Read(Path.Combine(dir, $"r{i}.h5")).Status != ResultFile.CompletedStatus) throw new InvalidOperationException("not completed");
        return (count, count / clock.Elapsed.TotalSeconds);
    }

    private static string FileSystemOf(string path)
    {
        try
        {
            // the mount with the longest prefix of the path, from /proc/mounts
            var best = File.ReadAllLines("/proc/mounts").Select(l => l.Split(' ')).Where(f => f.Length > 2 && path.StartsWith(f[1], StringComparison.Ordinal))
                .MaxBy(f => f[1].Length);
            return best is null ? "unknown" : $"{best[2]} at {best[1]}";
        }
        catch (IOException) { return "unknown"; }
    }
}
