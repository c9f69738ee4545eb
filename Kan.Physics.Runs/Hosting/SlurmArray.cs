using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Kan.Physics.Runs.Hosting;

/// <summary>How <c>kan batch --slurm</c> asks Slurm for its job array.</summary>
public sealed record SlurmArrayOptions
{
    /// <summary>Array tasks, each running one shard of the batch (task K runs shard K+1 of <see cref="Tasks"/>).</summary>
    public int Tasks { get; init; } = 1;

    /// <summary>CPUs of each task (<c>--cpus-per-task</c>); the worker sizes its threads to them.</summary>
    public int CpusPerTask { get; init; } = 1;

    /// <summary>Jobs each task runs at once (<c>kan batch --parallel</c>).</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>The time limit of each task in Slurm's format, or null for the partition's default.</summary>
    public string? Time { get; init; }

    /// <summary>The partition, or null for the default.</summary>
    public string? Partition { get; init; }

    /// <summary>The account, or null for the user's default.</summary>
    public string? Account { get; init; }

    /// <summary>Further <c>#SBATCH</c> arguments, verbatim (e.g. <c>--mem=4G</c>, <c>--qos=long</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>
    /// Seconds before the time limit at which Slurm sends the batch shell SIGUSR1 (<c>--signal=B:USR1@S</c>): the
    /// script then stops the worker (its jobs checkpoint) and requeues the task. Capped at half the time limit; 0: no signal.
    /// </summary>
    public int SignalSeconds { get; init; } = 300;

    /// <summary>The job name; default <c>kan-&lt;job file name&gt;</c>.</summary>
    public string? JobName { get; init; }
}

/// <summary>One array task as <c>squeue</c> shows it.</summary>
/// <param name="Id">The task, <c>JOB_TASK</c> (or <c>JOB_[0-2]</c> for tasks not yet started).</param>
/// <param name="State">RUNNING, PENDING, COMPLETING, ...</param>
/// <param name="Time">Run time so far (<c>M:SS</c>).</param>
/// <param name="Nodes">The nodes it runs on.</param>
/// <param name="Reason">Why it waits, when pending.</param>
public sealed record SlurmTaskState(string Id, string State, string Time, string Nodes, string Reason);

/// <summary>
/// The Slurm side of a batch: writes the sbatch array script into the output folder, submits it with <c>sbatch</c>,
/// and asks <c>squeue</c> about its tasks (never <c>sacct</c>, which needs accounting storage that many small
/// clusters lack). Each array task runs <c>kan batch JOBFILE --shard K/N --resume</c> into the shared output folder,
/// so the job locks (<see cref="JobLock"/>) keep a resubmission or requeued task from running a job twice.
/// </summary>
public static partial class SlurmArray
{
    /// <summary>The script's file name in <see cref="BatchFolder.SlurmDirectory"/>.</summary>
    public const string ScriptName = "batch.sbatch";

    /// <summary>The copy of the job file the tasks run, in <see cref="BatchFolder.SlurmDirectory"/>.</summary>
    public const string JobFileName = "jobs.json";

    /// <summary>The list of submitted Slurm job ids (one a line: id, UTC time, tasks), in <see cref="BatchFolder.SlurmDirectory"/>.</summary>
    public const string SubmissionsName = "submissions.txt";

    [GeneratedRegex(@"^(?:(?<m>\d+)|(?<m>\d+):(?<s>\d+)|(?<h>\d+):(?<m>\d+):(?<s>\d+)|(?<d>\d+)-(?<h>\d+)(?::(?<m>\d+)(?::(?<s>\d+))?)?)$")]
    private static partial Regex TimePattern();

    /// <summary>
    /// Parses a Slurm time limit: <c>minutes</c>, <c>minutes:seconds</c>, <c>hours:minutes:seconds</c>,
    /// <c>days-hours</c>, <c>days-hours:minutes</c> or <c>days-hours:minutes:seconds</c>.
    /// </summary>
    public static bool TryParseTime(string? text, out TimeSpan limit)
    {
        limit = default;
        var m = TimePattern().Match(text ?? "");
        if (!m.Success) return false;
        static long Part(Match m, string name) => m.Groups[name].Success ? long.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            long seconds = checked(Part(m, "d") * 86400 + Part(m, "h") * 3600 + Part(m, "m") * 60 + Part(m, "s"));
            if (seconds <= 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2) return false;
            limit = TimeSpan.FromSeconds(seconds);
            return true;
        }
        catch (OverflowException) { return false; }
    }

    /// <summary>
    /// The command line that runs this <c>kan</c> again (for the array tasks): the program as it was started, with
    /// <c>dotnet kan.dll</c> when it runs under the dotnet host.
    /// </summary>
    public static string CurrentCommand()
    {
        string process = Environment.ProcessPath ?? "kan";
        string? entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        bool host = Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return host && !string.IsNullOrEmpty(entry) ? $"{Quote(process)} {Quote(entry)}" : Quote(process);
    }

    /// <summary>Quotes <paramref name="word"/> for bash (single quotes).</summary>
    public static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// The sbatch script of an array of <see cref="SlurmArrayOptions.Tasks"/> tasks: task K runs
    /// <c>COMMAND batch JOBFILE --out DIR --shard K+1/N --parallel P --resume</c>. On SIGUSR1 (sent
    /// <see cref="SlurmArrayOptions.SignalSeconds"/> before the time limit) it stops the worker, whose jobs save a
    /// checkpoint, and requeues the task when jobs were left; on SIGTERM (<c>scancel</c>, preemption) the worker checkpoints and exits.
    /// </summary>
    public static string Script(SlurmArrayOptions options, BatchFolder folder, string jobFile, string kanCommand, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentException.ThrowIfNullOrEmpty(jobFile);
        ArgumentException.ThrowIfNullOrEmpty(kanCommand);
        if (options.Tasks < 1) throw new ArgumentOutOfRangeException(nameof(options), options.Tasks, "Tasks must be at least 1");
        if (options.Time is not null && !TryParseTime(options.Time, out _))
            throw new ArgumentException($"'{options.Time}' is not a Slurm time limit", nameof(options));
        int signal = options.SignalSeconds;
        if (options.Time is not null && TryParseTime(options.Time, out var limit)) signal = (int)Math.Min(signal, limit.TotalSeconds / 2);
        string name = options.JobName ?? "kan-" + Path.GetFileNameWithoutExtension(jobFile);
        string logs = Path.Combine(folder.SlurmDirectory, "logs");

        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append("# Written by 'kan batch --slurm' on ").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append(" UTC.\n");
        s.Append("# A Slurm job array: task K runs shard K+1 of ").Append(options.Tasks.ToString(CultureInfo.InvariantCulture))
            .Append(" of the jobs in ").Append(jobFile).Append(",\n# writing into ").Append(folder.Root)
            .Append(". Job locks in .kan/locks keep any two tasks from running one job;\n")
            .Append("# resubmitting this script (sbatch ").Append(Path.Combine(folder.SlurmDirectory, ScriptName)).Append(") completes what is left.\n");
        void Directive(string text) => s.Append("#SBATCH ").Append(text).Append('\n');
        Directive($"--job-name={name}");
        Directive(string.Create(CultureInfo.InvariantCulture, $"--array=0-{options.Tasks - 1}"));
        Directive(string.Create(CultureInfo.InvariantCulture, $"--cpus-per-task={options.CpusPerTask}"));
        Directive("--ntasks=1");
        if (options.Time is not null) Directive($"--time={options.Time}");
        if (!string.IsNullOrEmpty(options.Partition)) Directive($"--partition={options.Partition}");
        if (!string.IsNullOrEmpty(options.Account)) Directive($"--account={options.Account}");
        Directive($"--output={Path.Combine(logs, "%A_%a.out")}");
        Directive("--open-mode=append");
        Directive("--requeue");
        if (signal > 0) Directive(string.Create(CultureInfo.InvariantCulture, $"--signal=B:USR1@{signal}"));
        foreach (string extra in options.ExtraArguments) Directive(extra);
        s.Append('\n');
        s.Append("set -u\n");
        s.Append("# .NET sizes its thread pool and the KAN's parallel loops to the CPUs given to the task\n");
        s.Append("export DOTNET_PROCESSOR_COUNT=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        s.Append("cd ").Append(Quote(workingDirectory)).Append(" || exit 1\n");
        s.Append("task=\"${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}\"\n");
        s.Append("shard=\"$((SLURM_ARRAY_TASK_ID + 1))/").Append(options.Tasks.ToString(CultureInfo.InvariantCulture)).Append("\"\n");
        s.Append("echo \"kan: task $task on $(hostname), shard $shard, start $(date -u +%FT%TZ), restart ${SLURM_RESTART_COUNT:-0}\"\n");
        s.Append(kanCommand).Append(" batch ").Append(Quote(jobFile)).Append(" --out ").Append(Quote(folder.Root))
            .Append(" --shard \"$shard\" --parallel ").Append(options.Parallel.ToString(CultureInfo.InvariantCulture)).Append(" --resume &\n");
        s.Append("kan=$!\n");
        s.Append("requeue=0\n");
        s.Append("# near the time limit: the worker's jobs save a checkpoint and stop; the task goes back to the queue\n");
        s.Append("trap 'requeue=1; echo \"kan: time limit near: checkpointing and requeueing $task\"; kill -TERM $kan 2>/dev/null' USR1\n");
        s.Append("trap 'kill -TERM $kan 2>/dev/null' TERM INT\n");
        s.Append("while :; do wait $kan; rc=$?; kill -0 $kan 2>/dev/null || break; done\n");
        s.Append("echo \"kan: task $task exit $rc at $(date -u +%FT%TZ)\"\n");
        s.Append("if [ \"$requeue\" = 1 ] && [ \"$rc\" -ne 0 ]; then scontrol requeue \"$task\"; fi\n");
        s.Append("exit $rc\n");
        return s.ToString();
    }

    /// <summary>
    /// Submits <paramref name="script"/> with <c>sbatch --parsable</c> and returns the Slurm job id; throws
    /// <see cref="InvalidOperationException"/> with sbatch's message when it fails or is not installed.
    /// </summary>
    public static string Submit(string script)
    {
        var (code, stdout, stderr) = RunTool("sbatch", ["--parsable", script], TimeSpan.FromMinutes(2))
            ?? throw new InvalidOperationException($"sbatch is not on PATH (is this a Slurm login node?); the script is written: {script}");
        if (code != 0) throw new InvalidOperationException($"sbatch refused {script} (exit {code}): {OneLine(stderr + " " + stdout)}");
        string id = stdout.Trim().Split(';')[0].Trim();
        if (id.Length == 0 || !id.All(char.IsAsciiDigit)) throw new InvalidOperationException($"sbatch answered '{OneLine(stdout)}', not a job id");
        return id;
    }

    /// <summary>
    /// The array tasks of <paramref name="jobIds"/> still in the queue, from <c>squeue</c>; null with
    /// <paramref name="error"/> when squeue is not installed or does not answer. Jobs no longer known count as none.
    /// </summary>
    public static IReadOnlyList<SlurmTaskState>? Queue(IReadOnlyCollection<string> jobIds, out string? error)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        error = null;
        if (jobIds.Count == 0) return [];
        var result = RunTool("squeue", ["-h", "-r", "-j", string.Join(',', jobIds), "-o", "%i|%T|%M|%N|%r"], TimeSpan.FromSeconds(30));
        if (result is null)
        {
            error = "squeue is not on PATH";
            return null;
        }
        var (code, stdout, stderr) = result.Value;
        if (code != 0)
        {
            // jobs that have left the controller's memory: nothing queued
            if (stderr.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)) return [];
            error = $"squeue failed (exit {code}): {OneLine(stderr)}";
            return null;
        }
        var tasks = new List<SlurmTaskState>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split('|');
            if (f.Length >= 5) tasks.Add(new SlurmTaskState(f[0], f[1], f[2], f[3], f[4] is "None" ? "" : f[4]));
        }
        return tasks;
    }

    /// <summary>The Slurm job ids submitted for the batch in <paramref name="folder"/>, oldest first.</summary>
    public static IReadOnlyList<string> Submissions(BatchFolder folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        string path = Path.Combine(folder.SlurmDirectory, SubmissionsName);
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault())
            .OfType<string>().Where(id => id.All(char.IsAsciiDigit)).Distinct().ToList();
    }

    /// <summary>Appends a submitted job id to the submissions list.</summary>
    public static void RecordSubmission(BatchFolder folder, string jobId, int tasks)
    {
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder.SlurmDirectory);
        File.AppendAllText(Path.Combine(folder.SlurmDirectory, SubmissionsName),
            string.Create(CultureInfo.InvariantCulture, $"{jobId} {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} tasks={tasks}\n"));
    }

    private static (int Code, string Stdout, string Stderr)? RunTool(string tool, string[] args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args) psi.ArgumentList.Add(a);
        Process? p;
        try { p = Process.Start(psi); }
        catch (System.ComponentModel.Win32Exception) { return null; } // not installed
        if (p is null) return null;
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                try { p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                return (124, "", $"{tool} did not answer within {timeout.TotalSeconds:F0} s");
            }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
