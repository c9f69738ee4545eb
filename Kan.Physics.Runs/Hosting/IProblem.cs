using Kan.Physics.Runs.Results;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// A runnable, reproducible problem: given settings and a seed it trains something and returns its result document,
/// which the batch runner writes as an HDF5 file (with figures beside it). Problem modules of the <c>kan</c> command and
/// a user's own problems implement it alike.
/// </summary>
public interface IProblem
{
    /// <summary>Short unique name used on the command line and in job files, e.g. <c>poisson2d</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>kan list</c>.</summary>
    string Description { get; }

    /// <summary>
    /// Every setting the problem understands, with its default, range and help, and the parser to its options; any other
    /// key is rejected before the run. <see cref="Problem{TOptions}"/> declares it as a <see cref="SettingsSchema{TOptions}"/>.
    /// </summary>
    ISettingsSchema Settings { get; }

    /// <summary>
    /// Runs the job. Must honour <see cref="ProblemContext.CancellationToken"/> (returning a document with status
    /// <c>cancelled</c> or throwing <see cref="OperationCanceledException"/> after saving a checkpoint), report progress
    /// through <see cref="ProblemContext.Progress"/>, and resume from <see cref="ProblemContext.Checkpoints"/> when one exists.
    /// Bad settings throw <see cref="ProblemSettingException"/>.
    /// </summary>
    ResultDocument Run(ProblemContext context);
}
