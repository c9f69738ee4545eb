using System.Numerics;

namespace Kan.Physics.Problems.Knots;

/// <summary>Exact inertia of symmetric integer matrices, used by the signature.</summary>
/// <remarks>
/// Runs first on <see cref="Int128"/> with checked arithmetic and falls back to <see cref="BigInteger"/> on overflow:
/// the knot tables need only the fast path, and exactness never depends on the size of the diagram.
/// </remarks>
internal static class ExactLinearAlgebra
{
    /// <summary>(positive, negative, zero) eigenvalue counts of a symmetric integer matrix, by Sylvester's law of inertia.</summary>
    public static (int Positive, int Negative, int Zero) Inertia(long[,] symmetric)
    {
        int size = symmetric.GetLength(0);
        for (int i = 0; i < size; i++)
            for (int j = 0; j < i; j++)
                if (symmetric[i, j] != symmetric[j, i])
                    throw new ArgumentException($"matrix is not symmetric: entry ({i},{j}) = {symmetric[i, j]} but ({j},{i}) = {symmetric[j, i]}", nameof(symmetric));
        try
        {
            return Inertia(Convert<Int128>(symmetric));
        }
        catch (OverflowException)
        {
            return Inertia(Convert<BigInteger>(symmetric));
        }
    }

    private static T[,] Convert<T>(long[,] m) where T : IBinaryInteger<T>
    {
        var r = new T[m.GetLength(0), m.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
            for (int j = 0; j < m.GetLength(1); j++) r[i, j] = T.CreateChecked(m[i, j]);
        return r;
    }

    private static (int, int, int) Inertia<T>(T[,] a) where T : IBinaryInteger<T>
    {
        // symmetric elimination by congruences: a nonzero pivot p splits off sign(p), and the rest becomes
        // |p| times the Schur complement, i.e. sign(p) (p a_ij - a_ik a_kj), an integer matrix with the same inertia
        int n = a.GetLength(0);
        var alive = Enumerable.Range(0, n).ToList();
        int positive = 0, negative = 0;
        while (alive.Count > 0)
        {
            int k = alive.FirstOrDefault(i => !T.IsZero(a[i, i]), -1);
            if (k < 0)
            {
                // zero diagonal: if some a_ij != 0, adding row/column j to i gives a_ii = 2 a_ij != 0
                (int i, int j) = (-1, -1);
                foreach (int r in alive)
                {
                    foreach (int c in alive)
                        if (!T.IsZero(a[r, c])) { (i, j) = (r, c); break; }
                    if (i >= 0) break;
                }
                if (i < 0) break; // the rest is the zero matrix
                foreach (int c in alive) a[i, c] = checked(a[i, c] + a[j, c]);
                foreach (int r in alive) a[r, i] = checked(a[r, i] + a[r, j]);
                k = i;
            }
            T p = a[k, k];
            if (T.IsPositive(p)) positive++;
            else negative++;
            alive.Remove(k);
            T gcd = T.Zero;
            foreach (int i in alive)
                foreach (int j in alive)
                {
                    T v = checked(p * a[i, j] - a[i, k] * a[k, j]);
                    a[i, j] = T.IsNegative(p) ? -v : v;
                }
            foreach (int i in alive)
                foreach (int j in alive) gcd = Gcd(gcd, T.Abs(a[i, j]));
            if (gcd > T.One)
                foreach (int i in alive)
                    foreach (int j in alive) a[i, j] /= gcd;
        }
        return (positive, negative, n - positive - negative);
    }

    private static T Gcd<T>(T a, T b) where T : IBinaryInteger<T>
    {
        while (!T.IsZero(b)) (a, b) = (b, a % b);
        return a;
    }
}
