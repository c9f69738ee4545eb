using System.Numerics;

namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// The Sobol low-discrepancy sequence in [0, 1)^d for d up to <see cref="MaxDimension"/>, from the Joe-Kuo
/// direction numbers (file <c>new-joe-kuo-6.21201</c>), with 32-bit precision and the Gray-code ordering used by
/// Joe and Kuo and by scipy.stats.qmc.Sobol(scramble=False). Quasi-random collocation points cover a domain more
/// evenly than random ones, and every run of 2^m points starting at index 0 (or at a multiple of 2^m) is a (t,m,d)-net.
/// </summary>
/// <remarks>
/// Point n is x_n = XOR of the direction numbers v_k over the set bits k of gray(n) = n ^ (n &gt;&gt; 1); consecutive
/// points differ by one direction number, which is how the sequence is stepped. Dimension 1 uses v_k = 2^-k (the
/// van der Corput sequence); dimension j &gt;= 2 uses primitive polynomial (s, a) and initial m_1..m_s from the table,
/// continued by m_k = 2 a_1 m_(k-1) ^ 4 a_2 m_(k-2) ^ ... ^ 2^(s-1) a_(s-1) m_(k-s+1) ^ 2^s m_(k-s) ^ m_(k-s) and
/// v_k = m_k / 2^k. The optional digital shift XORs every coordinate with a seeded random 32-bit word: the points stay
/// a net of the same quality but become a random, unbiased sample (randomised QMC), and the origin is no longer
/// a point, which matters because 0 lies on a domain's boundary.
/// </remarks>
public static class Sobol
{
    /// <summary>The highest dimension available: dimension 1 plus the first 20 rows of the Joe-Kuo table.</summary>
    public const int MaxDimension = 21;

    /// <summary>Bits per coordinate; the sequence has 2^32 distinct points.</summary>
    public const int Bits = 32;

    private const double Scale = 1.0 / 4294967296.0;

    /// <summary>Rows d = 2..21 of new-joe-kuo-6.21201: degree s, polynomial coefficients a, then m_1..m_s.</summary>
    private static readonly int[][] JoeKuo =
    [
        [1, 0, 1],
        [2, 1, 1, 3],
        [3, 1, 1, 3, 1],
        [3, 2, 1, 1, 1],
        [4, 1, 1, 1, 3, 3],
        [4, 4, 1, 3, 5, 13],
        [5, 2, 1, 1, 5, 5, 17],
        [5, 4, 1, 1, 5, 5, 5],
        [5, 7, 1, 1, 7, 11, 19],
        [5, 11, 1, 1, 5, 1, 1],
        [5, 13, 1, 1, 1, 3, 11],
        [5, 14, 1, 3, 5, 5, 31],
        [6, 1, 1, 3, 3, 9, 7, 49],
        [6, 13, 1, 1, 1, 15, 21, 21],
        [6, 16, 1, 3, 1, 13, 27, 49],
        [6, 19, 1, 1, 1, 15, 7, 5],
        [6, 22, 1, 3, 1, 15, 13, 25],
        [6, 25, 1, 1, 5, 5, 19, 61],
        [7, 1, 1, 3, 7, 11, 23, 15, 103],
        [7, 4, 1, 3, 7, 13, 13, 15, 69],
    ];

    /// <summary>Direction numbers v_k * 2^32, indexed [dimension - 1][k - 1].</summary>
    private static readonly uint[][] Directions = BuildDirections();

    private static uint[][] BuildDirections()
    {
        var v = new uint[MaxDimension][];
        v[0] = new uint[Bits];
        for (int k = 1; k <= Bits; k++) v[0][k - 1] = 1u << (Bits - k);
        for (int j = 1; j < MaxDimension; j++)
        {
            int[] row = JoeKuo[j - 1];
            int s = row[0], a = row[1];
            var m = new ulong[Bits + 1];
            for (int k = 1; k <= s; k++) m[k] = (ulong)row[1 + k];
            for (int k = s + 1; k <= Bits; k++)
            {
                ulong mk = m[k - s] ^ (m[k - s] << s);
                for (int i = 1; i < s; i++)
                    if (((a >> (s - 1 - i)) & 1) != 0) mk ^= m[k - i] << i;
                m[k] = mk;
            }
            v[j] = new uint[Bits];
            for (int k = 1; k <= Bits; k++) v[j][k - 1] = (uint)(m[k] << (Bits - k));
        }
        return v;
    }

    /// <summary>
    /// The first <paramref name="count"/> points (row-major, count x <paramref name="dimension"/>), optionally
    /// without the all-zero first point, which sits on the boundary of the unit cube and is often unwanted. A non-null
    /// <paramref name="shiftSeed"/> seeds the random digital shift described on the class.
    /// </summary>
    public static double[] Points(int count, int dimension, bool skipFirst = false, int? shiftSeed = null)
        => PointsFrom(skipFirst ? 1 : 0, count, dimension, shiftSeed);

    /// <summary>
    /// Points <paramref name="firstIndex"/> .. firstIndex + count - 1 of the sequence, so that a caller that needs
    /// more points (rejection sampling) can continue the sequence instead of restarting it.
    /// </summary>
    public static double[] PointsFrom(long firstIndex, int count, int dimension, int? shiftSeed = null)
    {
        if (dimension < 1 || dimension > MaxDimension)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"Sobol points are available in dimensions 1 to {MaxDimension}.");
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count), count, "The count cannot be negative.");
        if (firstIndex < 0 || firstIndex + count > (1L << Bits))
            throw new ArgumentOutOfRangeException(nameof(firstIndex), firstIndex, $"Indices must stay in [0, 2^{Bits}).");
        if ((long)count * dimension > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), count, "Too many points for one array.");

        var shift = new uint[dimension];
        if (shiftSeed is int seed)
        {
            var rng = new Random(seed);
            for (int j = 0; j < dimension; j++) shift[j] = (uint)rng.NextInt64(0, 1L << Bits);
        }

        // State for point firstIndex: XOR of the direction numbers picked by its Gray code.
        var x = new uint[dimension];
        ulong gray = (ulong)firstIndex ^ ((ulong)firstIndex >> 1);
        for (int k = 0; gray != 0; k++, gray >>= 1)
            if ((gray & 1) != 0)
                for (int j = 0; j < dimension; j++) x[j] ^= Directions[j][k];

        var points = new double[count * dimension];
        ulong n = (ulong)firstIndex;
        for (int i = 0; i < count; i++, n++)
        {
            for (int j = 0; j < dimension; j++) points[i * dimension + j] = (x[j] ^ shift[j]) * Scale;
            if (i == count - 1) break;
            // Gray code of n + 1 differs from that of n in the lowest zero bit of n.
            int c = BitOperations.TrailingZeroCount(~n);
            for (int j = 0; j < dimension; j++) x[j] ^= Directions[j][c];
        }
        return points;
    }
}
