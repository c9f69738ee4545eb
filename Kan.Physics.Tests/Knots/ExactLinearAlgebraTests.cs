using Kan.Physics.Problems.Knots;

namespace Kan.Physics.Tests.Knots;

public class ExactLinearAlgebraTests
{
    [Fact]
    public void InertiaIsInvariantUnderCongruence()
    {
        // S = P^T D P with P invertible has the inertia of the diagonal D (Sylvester)
        var random = new Random(4);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = random.Next(1, 9);
            var d = Enumerable.Range(0, n).Select(_ => (long)random.Next(-3, 4)).ToArray();
            var p = new long[n, n];
            // unit upper-triangular times a random permutation: invertible over Z
            var perm = Enumerable.Range(0, n).OrderBy(_ => random.Next()).ToArray();
            for (int i = 0; i < n; i++)
            {
                p[i, perm[i]] = 1;
                for (int j = i + 1; j < n; j++) p[i, perm[j]] = random.Next(-4, 5);
            }
            var s = new long[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    for (int k = 0; k < n; k++) s[i, j] += p[k, i] * d[k] * p[k, j];
            var expected = (d.Count(v => v > 0), d.Count(v => v < 0), d.Count(v => v == 0));
            Assert.Equal(expected, ExactLinearAlgebra.Inertia(s));
        }
    }

    [Fact]
    public void ZeroDiagonalAndLargeEntries()
    {
        Assert.Equal((1, 1, 0), ExactLinearAlgebra.Inertia(new long[,] { { 0, 1 }, { 1, 0 } }));
        Assert.Equal((0, 0, 3), ExactLinearAlgebra.Inertia(new long[3, 3]));
        // entries near 2^62: the elimination products need about 124 bits
        long big = 1L << 62;
        Assert.Equal((1, 1, 0), ExactLinearAlgebra.Inertia(new long[,] { { big, big - 1 }, { big - 1, big - 3 } }));
        var e = Assert.Throws<ArgumentException>(() => ExactLinearAlgebra.Inertia(new long[,] { { 1, 2 }, { 3, 1 } }));
        Assert.Equal("symmetric", e.ParamName);
    }
}
