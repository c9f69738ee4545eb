using Kan.Physics.Networks;

namespace Kan.Physics.Runs.Results;

/// <summary>
/// Everything one job records in its result file, in plain .NET types: what ran (problem, seed, configuration),
/// headline metrics, the per-step training history, and optionally the trained network, a sampled PDE solution and a
/// recovered formula. <see cref="ResultFile"/> writes and reads it; see there for the HDF5 layout.
/// </summary>
/// <remarks>
/// Dictionaries keep insertion order (the defaults are <see cref="OrderedDictionary{TKey, TValue}"/>), so the
/// training columns come back in the order they were added; plots and tables rely on it.
/// </remarks>
public sealed class ResultDocument
{
    /// <summary>Name of the problem that was solved, e.g. "poisson2d"; a file without it is not a result file.</summary>
    public required string Problem { get; set; }

    /// <summary>The random seed of the job (root attribute <c>seed</c>, int64).</summary>
    public long Seed { get; set; }

    /// <summary>Version of the library that produced the result; defaults to this build's version.</summary>
    public string KanPhysicsVersion { get; set; } = ResultFile.LibraryVersion;

    /// <summary>When the job finished (stored as an ISO-8601 UTC string, to the 100 ns tick).</summary>
    public DateTimeOffset CreatedUtc { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Wall-clock duration of the job in seconds (finite, not negative).</summary>
    public double WallSeconds { get; set; }

    /// <summary>The job's full configuration as a JSON text, so a run can be repeated from its result file alone.</summary>
    public string ConfigJson { get; set; } = "{}";

    /// <summary>The job's final state; writers record <c>"completed"</c>.</summary>
    public string Status { get; set; } = ResultFile.CompletedStatus;

    /// <summary>Headline figures by name (mse, rel_l2, final_loss, ...). NaN and infinities are kept as they are.</summary>
    public IDictionary<string, double> Metrics { get; set; } = new OrderedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>
    /// Short texts about the run by name, e.g. <c>stop_reason</c> ("IterationLimit", "Stalled", ...) and
    /// <c>stop_hint</c> (one line on how it ended and what to try); stored as string attributes of the group
    /// <c>/notes</c>.
    /// </summary>
    public IDictionary<string, string> Notes { get; set; } = new OrderedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Per-step history: one column of equal length per name (step, loss, each loss term, seconds, ...).</summary>
    public IDictionary<string, double[]> Training { get; set; } = new OrderedDictionary<string, double[]>(StringComparer.Ordinal);

    /// <summary>The trained network, stored so it reloads bit for bit; null to leave the <c>model</c> group out.</summary>
    public KanNetwork? Model { get; set; }

    /// <summary>The sampled PDE solution; null for problems without one.</summary>
    public SolutionData? Solution { get; set; }

    /// <summary>A symbolic formula recovered from the network; null when none was extracted.</summary>
    public FormulaData? Formula { get; set; }
}
