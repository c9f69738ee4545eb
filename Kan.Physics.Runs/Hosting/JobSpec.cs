namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// One solve of a batch: the problem, its seed and settings (key to value text), and an id that names its result
/// files (<c>ID.h5</c>, figures <c>ID.*.png</c>, checkpoints).
/// </summary>
public sealed record JobSpec(string Id, string Problem, int Seed, IReadOnlyDictionary<string, string> Settings);
