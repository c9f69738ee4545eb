using Kan.Physics.Networks;

namespace Kan.Physics.Serialization;

/// <summary>
/// A network read back by <see cref="KanNetworkSerializer.LoadWithMetadata(string)"/>, together with the free-form
/// metadata it was saved with, so that provenance (training run, dataset, units, ...) travels with the parameters
/// instead of in a side file that can get lost or mismatched.
/// </summary>
/// <param name="Network">The fully validated network.</param>
/// <param name="Metadata">The metadata given to Save (empty when none was given); read-only.</param>
public sealed record SavedNetwork(KanNetwork Network, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>
    /// The Kan.Physics version that wrote the file (the header's <c>kan_physics_version</c>), kept for diagnosing
    /// files written by other builds; it does not affect how the file is read, the format version does.
    /// </summary>
    public string KanPhysicsVersion { get; init; } = "";
}
