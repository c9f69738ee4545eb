using System.Globalization;
using Kan.Physics.Runs.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kan.Physics.Problems.Cli;

/// <summary>
/// Defaults of the <c>kan</c> command bound from configuration (appsettings.json beside the program, then environment
/// variables prefixed <c>KAN_</c>, e.g. <c>KAN_Output=/data/results</c>); command-line options override them.
/// </summary>
internal sealed class KanCommandOptions
{
    /// <summary>Folder of result files.</summary>
    public string Output { get; set; } = "results";

    /// <summary>Jobs run at once by <c>kan batch</c>.</summary>
    public int Parallel { get; set; } = 1;

    /// <summary>Seconds between plain progress lines of a job when the output is redirected (0: every update).</summary>
    public double ProgressSeconds { get; set; } = 5;

    /// <summary>
    /// Seconds without a heartbeat after which another host's job lock counts as abandoned and is taken over (a lock
    /// of this host is taken over as soon as its process has exited). Default 300.
    /// </summary>
    public double LockStaleSeconds { get; set; } = 300;

    /// <summary>Defaults of <c>kan batch --slurm</c> (section <c>Slurm</c>: <c>KAN_Slurm__Partition=short</c>).</summary>
    public SlurmDefaults Slurm { get; set; } = new();

    /// <summary>
    /// Binds and checks the configuration. A value that does not convert or is out of range raises a
    /// <see cref="UsageException"/> naming the key, the value and what it must be, so <c>kan</c> exits with code 2
    /// instead of a stack trace.
    /// </summary>
    public static KanCommandOptions Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        KanCommandOptions options;
        try
        {
            options = configuration.Get<KanCommandOptions>() ?? new KanCommandOptions();
        }
        catch (InvalidOperationException e)
        {
            // the binder's message names the key and the value ("Failed to convert configuration value 'abc' at 'Parallel' ...")
            throw new UsageException($"bad configuration (appsettings.json or KAN_* environment variables): {e.Message}", e);
        }
        if (string.IsNullOrWhiteSpace(options.Output))
            throw new UsageException("bad configuration: Output must name a folder (it is empty)");
        if (options.Parallel < 1)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"bad configuration: Parallel = {options.Parallel} must be at least 1"));
        if (!double.IsFinite(options.ProgressSeconds) || options.ProgressSeconds < 0)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"bad configuration: ProgressSeconds = {options.ProgressSeconds} must be a finite number of seconds >= 0"));
        if (!double.IsFinite(options.LockStaleSeconds) || options.LockStaleSeconds < 1)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"bad configuration: LockStaleSeconds = {options.LockStaleSeconds} must be a number of seconds >= 1"));
        var slurm = options.Slurm ?? new SlurmDefaults();
        options.Slurm = slurm;
        if (slurm.Tasks < 1)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"bad configuration: Slurm:Tasks = {slurm.Tasks} must be at least 1"));
        if (slurm.CpusPerTask < 1)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"bad configuration: Slurm:CpusPerTask = {slurm.CpusPerTask} must be at least 1"));
        if (slurm.SignalSeconds < 0)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture, $"bad configuration: Slurm:SignalSeconds = {slurm.SignalSeconds} must be >= 0"));
        if (slurm.Time is { Length: > 0 } t && !SlurmArray.TryParseTime(t, out _))
            throw new UsageException($"bad configuration: Slurm:Time = '{t}' is not a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)");
        return options;
    }
}

/// <summary>The defaults of <c>kan batch --slurm</c>, from the configuration section <c>Slurm</c>; options override them.</summary>
internal sealed class SlurmDefaults
{
    /// <summary>Array tasks (<c>--tasks</c>); never more than the batch has jobs.</summary>
    public int Tasks { get; set; } = 4;

    /// <summary>CPUs of each task (<c>--cpus-per-task</c>).</summary>
    public int CpusPerTask { get; set; } = 1;

    /// <summary>Time limit of each task (<c>--time</c>), in Slurm's format; empty: the partition's default.</summary>
    public string? Time { get; set; }

    /// <summary>Partition (<c>--partition</c>); empty: the cluster's default.</summary>
    public string? Partition { get; set; }

    /// <summary>Account (<c>--account</c>); empty: the user's default.</summary>
    public string? Account { get; set; }

    /// <summary>Seconds before the time limit at which Slurm signals a task to checkpoint and requeue (default 300).</summary>
    public int SignalSeconds { get; set; } = 300;

    /// <summary>The command that runs <c>kan</c> on the compute nodes; empty: this very program, as it was started.</summary>
    public string? Command { get; set; }
}
