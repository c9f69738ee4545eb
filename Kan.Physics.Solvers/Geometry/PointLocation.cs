namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// Where a point lies relative to a domain, up to a tolerance. One three-way answer lets composite domains
/// (<see cref="Difference"/>) combine their parts' answers without asking each part twice.
/// </summary>
public enum PointLocation
{
    /// <summary>In the domain and farther than the tolerance from its boundary.</summary>
    Inside,

    /// <summary>Within the tolerance of the boundary and not outside by more than the tolerance.</summary>
    Boundary,

    /// <summary>Outside the domain by more than the tolerance.</summary>
    Outside,
}
