using System.Globalization;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Kan.Physics.Problems.Cli;

/// <summary>
/// The commands of <c>kan</c> that use the host (problem registry, batch runner); <see cref="KanCommandLine"/> parses
/// their arguments. Each returns its exit code (0 ok, 1 a job failed, 130 cancelled); bad input throws <see cref="UsageException"/>.
/// </summary>
internal sealed class KanCommands(IServiceProvider services, TextWriter output, KanCommandOptions? defaults = null)
{
    private readonly KanCommandOptions _defaults = defaults ?? new KanCommandOptions();

    private ProblemRegistry Registry => services.GetRequiredService<ProblemRegistry>();

    public int List()
    {
        foreach (var p in Registry.All)
        {
            output.WriteLine($"{p.Name,-16} {p.Description}");
            foreach (var s in p.Settings)
                output.WriteLine($"    {$"{s.Key}={s.DefaultValue}",-28} {s.Description}{(s.Accepts == "text" ? "" : $" [{s.Accepts}]")}");
        }
        return 0;
    }

    public async Task<int> RunAsync(string problemName, IReadOnlyDictionary<string, string> sets, int seed, string outDir, bool resume,
        CancellationToken ct)
    {
        var problem = Find(problemName);
        Validate(problem, sets);
        var job = JobFile.Single(problem.Name, seed, sets);
        return await RunJobsAsync([job], outDir, 1, resume, JobShard.All, manifest: false, ct);
    }

    public async Task<int> BatchAsync(string jobFile, int parallel, string outDir, bool resume, JobShard shard, CancellationToken ct)
    {
        var jobs = LoadJobs(jobFile);
        return await RunJobsAsync(jobs, outDir, parallel, resume, shard, manifest: true, ct);
    }

    private IReadOnlyList<JobSpec> LoadJobs(string jobFile)
    {
        try { return JobFile.Load(jobFile, Registry); }
        catch (JobFileException e) when (!File.Exists(jobFile)) { throw new UsageException($"job file '{jobFile}' does not exist", e); }
        catch (JobFileException e) { throw new UsageException(e.Message, e); }
    }

    /// <summary>
    /// <c>kan batch --slurm</c>: checks the job file, copies it and writes the sbatch array script into
    /// <c>DIR/slurm/</c>, writes the manifest, and submits the script (unless <paramref name="dryRun"/>).
    /// </summary>
    public int SubmitSlurm(string jobFile, string outDir, SlurmArrayOptions options, bool resume, bool dryRun, string? command)
    {
        var jobs = LoadJobs(jobFile);
        try { OutputDirectory.Prepare(outDir); }
        catch (IOException e) { throw new UsageException(e.Message, e); }
        var folder = new BatchFolder(outDir);
        if (!resume)
        {
            var started = jobs.Where(j => File.Exists(folder.ResultPath(j.Id)) || Directory.Exists(Path.Combine(folder.Root, ".checkpoints", j.Id))).ToList();
            if (started.Count > 0)
                throw new UsageException($"'{outDir}' already holds results or checkpoints of {started.Count} of these jobs (e.g. {started[0].Id}); " +
                                         "add --resume to complete the rest, or choose another --out");
        }
        int tasks = Math.Min(options.Tasks, jobs.Count);
        if (tasks < options.Tasks) output.WriteLine($"--tasks {options.Tasks} is more than the {jobs.Count} jobs: submitting {tasks} tasks");
        options = options with { Tasks = tasks };

        Directory.CreateDirectory(Path.Combine(folder.SlurmDirectory, "logs"));
        string jobCopy = Path.Combine(folder.SlurmDirectory, SlurmArray.JobFileName);
        if (!string.Equals(Path.GetFullPath(jobFile), jobCopy, StringComparison.Ordinal))
            AtomicText(jobCopy, File.ReadAllText(jobFile));
        folder.WriteManifest(jobs.Select(j => j.Id));
        string kan = string.IsNullOrWhiteSpace(command) ? SlurmArray.CurrentCommand() : command;
        string script = SlurmArray.Script(options with { JobName = "kan-" + Path.GetFileNameWithoutExtension(jobFile) }, folder, jobCopy, kan,
            Directory.GetCurrentDirectory());
        string scriptPath = Path.Combine(folder.SlurmDirectory, SlurmArray.ScriptName);
        AtomicText(scriptPath, script);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(scriptPath, File.GetUnixFileMode(scriptPath) | UnixFileMode.UserExecute);

        var shardSizes = Enumerable.Range(1, tasks).Select(k => new JobShard(k, tasks).Select(jobs).Count);
        string spread = $"{jobs.Count} jobs in {tasks} shards of {string.Join(", ", shardSizes)}";
        if (dryRun)
        {
            output.Write(script);
            output.WriteLine($"# wrote {scriptPath} ({spread}); not submitted (--dry-run). Submit it with: sbatch {scriptPath}");
            return 0;
        }
        string id = SlurmArray.Submit(scriptPath);
        SlurmArray.RecordSubmission(folder, id, tasks);
        output.WriteLine($"submitted Slurm job {id}: an array of {tasks} tasks, {spread}");
        output.WriteLine($"script:  {scriptPath}");
        output.WriteLine($"logs:    {Path.Combine(folder.SlurmDirectory, "logs", id + "_*.out")}");
        output.WriteLine($"watch:   kan status {outDir}    (or: squeue -j {id})");
        output.WriteLine($"resume:  kan batch {jobFile} --slurm --resume --out {outDir}   (after a cancel, a node failure or a time limit)");
        return 0;
    }

    /// <summary><c>kan status DIR</c>: every job's state and the Slurm tasks; exit 1 while any job failed.</summary>
    public int Status(string outDir, bool totalsOnly, TimeSpan staleAfter)
    {
        BatchStatus status;
        try { status = BatchStatus.Read(outDir, staleAfter); }
        catch (DirectoryNotFoundException e) { throw new UsageException(e.Message, e); }
        status.WriteTable(output, totalsOnly);
        var folder = new BatchFolder(outDir);
        var submitted = SlurmArray.Submissions(folder);
        if (submitted.Count > 0)
        {
            var queue = SlurmArray.Queue(submitted, out string? error);
            if (queue is null) output.WriteLine($"slurm: job {string.Join(", ", submitted)}: {error}");
            else if (queue.Count == 0) output.WriteLine($"slurm: no task of job {string.Join(", ", submitted)} is in the queue");
            else
                foreach (var t in queue)
                    output.WriteLine($"slurm: {t.Id} {t.State}{(t.Time is "0:00" or "" ? "" : $" {t.Time}")}{(t.Nodes.Length > 0 ? $" on {t.Nodes}" : "")}{(t.Reason.Length > 0 ? $" ({t.Reason})" : "")}");
        }
        return status.ExitCode;
    }

    private static void AtomicText(string path, string text)
    {
        string temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }

    public int Show(string path)
    {
        var doc = ReadResult(path);
        output.WriteLine($"{path}: problem {doc.Problem}, seed {doc.Seed}, status {doc.Status}, {doc.WallSeconds:F1} s, " +
                         $"created {doc.CreatedUtc:u}, Kan.Physics {doc.KanPhysicsVersion}");
        output.WriteLine("metrics:");
        foreach (var (k, v) in doc.Metrics) output.WriteLine($"  {k,-20} {v.ToString("G6", CultureInfo.InvariantCulture)}");
        if (doc.Notes.Count > 0)
        {
            output.WriteLine("notes:");
            foreach (var (k, v) in doc.Notes) output.WriteLine($"  {k,-20} {v}");
        }
        if (doc.Training.Count > 0)
            output.WriteLine($"training: {doc.Training.First().Value.Length} rows; columns {string.Join(", ", doc.Training.Keys)}");
        if (doc.Model is { } m) output.WriteLine($"model: KAN [{string.Join(",", m.Widths)}], grid {m.Layers[0].GridSize}, {m.ParameterCount} parameters");
        if (doc.Solution is { } s) output.WriteLine($"solution: {s.PointCount} points over ({string.Join(", ", s.CoordinateNames)}){(s.GridShape is { } g ? $", mesh {string.Join("x", g)}" : "")}");
        if (doc.Formula is { } f)
        {
            output.WriteLine($"formula: {f.Text}");
            output.WriteLine($"latex:   {f.Latex}");
            if (f.Rmse is { } r) output.WriteLine($"formula RMSE: {r:E3}");
        }
        output.WriteLine($"config: {doc.ConfigJson}");
        return 0;
    }

    public int Plot(string path)
    {
        var doc = ReadResult(path);
        foreach (string figure in ResultFigures.Draw(doc, path)) output.WriteLine(figure);
        return 0;
    }

    public int Report(string folder, bool html = false)
    {
        if (!Directory.Exists(folder)) throw new UsageException($"results folder '{folder}' does not exist");
        output.WriteLine(SpecialFunctionsReport.Write(folder));
        output.WriteLine(FeynmanReport.Write(folder));
        output.WriteLine(PdeReport.Write(folder));
        if (html) output.WriteLine(HtmlReport.Write(folder));
        return 0;
    }

    private async Task<int> RunJobsAsync(IReadOnlyList<JobSpec> jobs, string outDir, int parallel, bool resume, JobShard shard, bool manifest, CancellationToken ct)
    {
        try { OutputDirectory.Prepare(outDir); }
        catch (IOException e) { throw new UsageException(e.Message, e); }
        var runner = services.GetRequiredService<BatchRunner>();
        var summary = await runner.RunAsync(jobs, new BatchOptions
        {
            OutputDirectory = outDir, Parallel = parallel, Resume = resume, Shard = shard, WriteManifest = manifest,
            LockStaleAfter = TimeSpan.FromSeconds(_defaults.LockStaleSeconds),
            HeartbeatInterval = TimeSpan.FromSeconds(Math.Clamp(_defaults.LockStaleSeconds / 10, 1, 30)),
        }, ct);
        output.WriteLine();
        summary.WriteTable(output);
        foreach (var j in summary.Jobs.Where(j => j.Status == JobStatus.Completed))
        {
            output.WriteLine($"result: {j.ResultPath}");
            if (j.Notes.TryGetValue("stop_reason", out string? reason))
                output.WriteLine(j.Notes.TryGetValue("stop_hint", out string? hint) ? $"stop: {reason}: {hint}" : $"stop: {reason}");
        }
        return summary.ExitCode;
    }

    private IProblem Find(string name)
    {
        try { return Registry.Get(name); }
        catch (ArgumentException e) { throw new UsageException(e.Message, e); }
    }

    private static void Validate(IProblem problem, IReadOnlyDictionary<string, string> settings)
    {
        try
        {
            var s = new ProblemSettings(problem.Name, problem.Settings, settings);
            // build PDE setups now, so a bad value is an input error before any training starts
            if (problem is IPdeModule pde) pde.Build(s, 0);
        }
        catch (ProblemSettingException e) { throw new UsageException(e.Message, e); }
    }

    private static ResultDocument ReadResult(string path)
    {
        try { return ResultFile.Read(path); }
        catch (FileNotFoundException) { throw new UsageException($"result file '{path}' does not exist"); }
        catch (ResultFileException e) { throw new UsageException(e.Message, e); }
    }
}
