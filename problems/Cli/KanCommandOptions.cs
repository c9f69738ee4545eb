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

    /// <summary>Seconds between plain progress lines when output is redirected.</summary>
    public double ProgressSeconds { get; set; } = 5;
}
