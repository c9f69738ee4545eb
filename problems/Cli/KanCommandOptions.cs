using System.Globalization;
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
        return options;
    }
}
