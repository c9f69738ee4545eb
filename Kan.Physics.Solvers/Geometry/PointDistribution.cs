namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// How collocation points are spread over a domain or one of its boundary parts. The choice trades regularity
/// against randomness: meshes resolve a region evenly but alias with oscillating residuals, random points are
/// unbiased but clump, and the two quasi-random rules sit in between with a lower discrepancy than random points.
/// </summary>
public enum PointDistribution
{
    /// <summary>
    /// A regular tensor mesh with about the requested number of points; the seed is ignored. See
    /// <see cref="Domain.SampleInterior"/> for how the count maps to points per axis.
    /// </summary>
    UniformMesh,

    /// <summary>Independent uniform points from <see cref="Random"/> seeded with the given seed.</summary>
    UniformRandom,

    /// <summary>
    /// Latin hypercube points (<see cref="LatinHypercube"/>): on a box, each axis cut into <c>count</c> equal strata
    /// holds exactly one point per stratum.
    /// </summary>
    LatinHypercube,

    /// <summary>
    /// The Sobol low-discrepancy sequence (<see cref="Geometry.Sobol"/>) with a random digital shift drawn from the
    /// seed, so different seeds give different point sets that keep the sequence's net structure (randomised QMC).
    /// </summary>
    Sobol,
}
