namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// Latin hypercube points in (0, 1)^d: every axis is cut into <c>count</c> equal strata and each stratum holds exactly
/// one point, at a uniform random position inside it, with the strata paired across axes by independent random
/// permutations. That guarantees even one-dimensional marginals, which plain random points do not.
/// </summary>
public static class LatinHypercube
{
    /// <summary>
    /// <paramref name="count"/> points (row-major, count x <paramref name="dimension"/>) from a generator seeded with
    /// <paramref name="seed"/>. Coordinates are never exactly a stratum edge, so none is 0 (the cube's boundary).
    /// </summary>
    public static double[] Points(int count, int dimension, int seed)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The count cannot be negative.");
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "The dimension must be at least 1.");
        if ((long)count * dimension > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Too many points for one array.");
        return Points(count, dimension, new Random(seed));
    }

    /// <summary>Same as the public overload but drawing from an existing generator, for repeated batches.</summary>
    internal static double[] Points(int count, int dimension, Random rng)
    {
        var points = new double[count * dimension];
        var perm = new int[count];
        for (int j = 0; j < dimension; j++)
        {
            for (int i = 0; i < count; i++) perm[i] = i;
            for (int i = count - 1; i > 0; i--)
            {
                int r = rng.Next(i + 1);
                (perm[i], perm[r]) = (perm[r], perm[i]);
            }
            for (int i = 0; i < count; i++)
            {
                double offset = rng.NextDouble();
                if (offset == 0) offset = 0.5;
                points[i * dimension + j] = (perm[i] + offset) / count;
            }
        }
        return points;
    }
}
