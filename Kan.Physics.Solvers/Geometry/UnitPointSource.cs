namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// Batches of points in [0, 1)^d for one non-mesh distribution, continuing from batch to batch (the random generator
/// keeps its state, the Sobol sequence its index) so that rejection sampling tops up without repeating points.
/// </summary>
internal sealed class UnitPointSource
{
    private readonly PointDistribution distribution;
    private readonly int dimension;
    private readonly int seed;
    private readonly Random rng;
    private long sobolIndex;

    public UnitPointSource(PointDistribution distribution, int dimension, int seed)
    {
        this.distribution = distribution;
        this.dimension = dimension;
        this.seed = seed;
        rng = new Random(seed);
    }

    public double[] Next(int count)
    {
        switch (distribution)
        {
            case PointDistribution.UniformRandom:
            {
                var u = new double[count * dimension];
                for (int i = 0; i < u.Length; i++) u[i] = rng.NextDouble();
                return u;
            }
            case PointDistribution.LatinHypercube:
                return LatinHypercube.Points(count, dimension, rng);
            case PointDistribution.Sobol:
            {
                if (sobolIndex + count > 1L << Sobol.Bits)
                    throw new InvalidOperationException("The Sobol sequence ran out of points during rejection sampling.");
                var u = Sobol.PointsFrom(sobolIndex, count, dimension, seed);
                sobolIndex += count;
                return u;
            }
            default:
                throw new InvalidOperationException($"{distribution} is not a batch distribution.");
        }
    }
}
