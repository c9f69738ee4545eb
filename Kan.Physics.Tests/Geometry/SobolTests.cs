using Kan.Physics.Solvers.Geometry;

namespace Kan.Physics.Tests.Geometry;

public class SobolTests
{
    private static double[] Column(double[] points, int dimension, int column)
        => Enumerable.Range(0, points.Length / dimension).Select(r => points[r * dimension + column]).ToArray();

    [Fact]
    public void FirstPointsMatchThePublishedSequence()
    {
        // scipy.stats.qmc.Sobol(d=3, scramble=False).random(8), worked by hand from the Joe-Kuo rows (1 0 1) and (2 1 1 3).
        double[] p = Sobol.Points(8, 3);
        Assert.Equal([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125], Column(p, 3, 0));
        Assert.Equal([0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625], Column(p, 3, 1));
        Assert.Equal([0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375], Column(p, 3, 2));
    }

    [Fact]
    public void VanDerCorputContinuesInGrayCodeOrder()
    {
        double[] p = Sobol.Points(16, 1);
        Assert.Equal([0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875, 0.6875, 0.9375, 0.4375, 0.3125, 0.8125, 0.5625, 0.0625], p);
    }

    [Fact]
    public void SkipFirstDropsTheOrigin()
    {
        Assert.Equal(Sobol.Points(9, 4)[4..], Sobol.Points(8, 4, skipFirst: true));
    }

    [Fact]
    public void PointsFromContinuesTheSequence()
    {
        double[] all = Sobol.Points(1000, 21);
        Assert.Equal(all[(357 * 21)..(900 * 21)], Sobol.PointsFrom(357, 543, 21));
        Assert.Equal(all[(999 * 21)..], Sobol.PointsFrom(999, 1, 21));
    }

    /// <summary>Each elementary interval [a/2^k, (a+1)/2^k) x [b/2^(m-k), (b+1)/2^(m-k)) holds exactly one of 2^m points.</summary>
    private static void AssertNet(double[] points, int offset, int m)
    {
        int n = 1 << m;
        for (int k = 0; k <= m; k++)
        {
            var seen = new bool[n];
            for (int i = 0; i < n; i++)
            {
                double x = points[2 * (offset + i)], y = points[2 * (offset + i) + 1];
                int cell = (int)Math.Floor(x * (1 << k)) * (1 << (m - k)) + (int)Math.Floor(y * (1 << (m - k)));
                Assert.False(seen[cell], $"m={m}, k={k}: two points in elementary interval {cell}");
                seen[cell] = true;
            }
        }
    }

    [Fact]
    public void EveryPowerOfTwoPrefixInTwoDimensionsIsAZeroNet()
    {
        double[] p = Sobol.Points(1 << 12, 2);
        for (int m = 0; m <= 12; m++) AssertNet(p, 0, m);
        // Blocks aligned at multiples of 2^m are nets too.
        AssertNet(p, 5 << 7, 7);
    }

    [Fact]
    public void DigitalShiftKeepsTheNetProperty()
    {
        double[] p = Sobol.Points(1 << 10, 2, shiftSeed: 12345);
        for (int m = 0; m <= 10; m++) AssertNet(p, 0, m);
        Assert.NotEqual(Sobol.Points(1 << 10, 2), p);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(7)]
    public void EveryMarginalHasOnePointPerDyadicStratum(int? shift)
    {
        const int m = 10, n = 1 << m;
        double[] p = Sobol.Points(n, Sobol.MaxDimension, shiftSeed: shift);
        for (int j = 0; j < Sobol.MaxDimension; j++)
        {
            var strata = Column(p, Sobol.MaxDimension, j).Select(x => (int)Math.Floor(x * n)).OrderBy(s => s);
            Assert.Equal(Enumerable.Range(0, n), strata);
        }
    }

    [Fact]
    public void PointsLieInTheHalfOpenUnitCube()
    {
        foreach (double x in Sobol.Points(5000, 21, shiftSeed: 3))
            Assert.True(x >= 0 && x < 1, $"{x} is outside [0, 1)");
    }

    [Fact]
    public void ShiftDependsOnlyOnTheSeed()
    {
        Assert.Equal(Sobol.Points(64, 5, shiftSeed: 1), Sobol.Points(64, 5, shiftSeed: 1));
        Assert.NotEqual(Sobol.Points(64, 5, shiftSeed: 1), Sobol.Points(64, 5, shiftSeed: 2));
    }

    /// <summary>Rows d = 2..21 of new-joe-kuo-6.21201 as published: s, a, m_1..m_s.</summary>
    private static readonly string[] PublishedRows =
    [
        "1 0 1", "2 1 1 3", "3 1 1 3 1", "3 2 1 1 1", "4 1 1 1 3 3", "4 4 1 3 5 13", "5 2 1 1 5 5 17", "5 4 1 1 5 5 5",
        "5 7 1 1 7 11 19", "5 11 1 1 5 1 1", "5 13 1 1 1 3 11", "5 14 1 3 5 5 31", "6 1 1 3 3 9 7 49", "6 13 1 1 1 15 21 21",
        "6 16 1 3 1 13 27 49", "6 19 1 1 1 15 7 5", "6 22 1 3 1 15 13 25", "6 25 1 1 5 5 19 61", "7 1 1 3 7 11 23 15 103",
        "7 4 1 3 7 13 13 15 69",
    ];

    /// <summary>Whether x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1 is primitive over GF(2): x has order 2^s - 1 modulo it.</summary>
    private static bool IsPrimitive(int s, int a)
    {
        int poly = (1 << s) | (a << 1) | 1, r = 1, order = 0;
        do
        {
            r <<= 1;
            if ((r & (1 << s)) != 0) r ^= poly;
            order++;
        } while (r != 1 && order <= 1 << s);
        return order == (1 << s) - 1;
    }

    [Fact]
    public void DirectionNumbersInUseMatchThePublishedTable()
    {
        // Gray code of 2^k - 1 is 2^(k-1), so point 2^k - 1 is the direction number v_k = m_k / 2^k.
        var m = new long[Sobol.MaxDimension, 21];
        for (int k = 1; k <= 20; k++)
        {
            double[] p = Sobol.PointsFrom((1L << k) - 1, 1, Sobol.MaxDimension);
            for (int j = 0; j < Sobol.MaxDimension; j++) m[j, k] = (long)(p[j] * (1L << k));
        }
        for (int k = 1; k <= 20; k++) Assert.Equal(1, m[0, k]);
        for (int j = 1; j < Sobol.MaxDimension; j++)
        {
            int[] row = PublishedRows[j - 1].Split(' ').Select(int.Parse).ToArray();
            int s = row[0], a = row[1];
            Assert.True(IsPrimitive(s, a), $"dimension {j + 1}: (s={s}, a={a}) is not a primitive polynomial");
            if (j > 1)
            {
                int[] previous = PublishedRows[j - 2].Split(' ').Select(int.Parse).ToArray();
                Assert.True(s > previous[0] || (s == previous[0] && a > previous[1]), $"dimension {j + 1} is out of order");
            }
            for (int k = 1; k <= s; k++) Assert.Equal(row[1 + k], m[j, k]);
            // Later m_k follow the recurrence of the polynomial.
            for (int k = s + 1; k <= 20; k++)
            {
                long expected = m[j, k - s] ^ (m[j, k - s] << s);
                for (int i = 1; i < s; i++)
                    if (((a >> (s - 1 - i)) & 1) == 1) expected ^= m[j, k - i] << i;
                Assert.Equal(expected, m[j, k]);
            }
        }
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => Sobol.Points(4, 0)).ParamName);
        Assert.Equal("dimension", Assert.Throws<ArgumentOutOfRangeException>(() => Sobol.Points(4, Sobol.MaxDimension + 1)).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => Sobol.Points(-1, 2)).ParamName);
        Assert.Equal("firstIndex", Assert.Throws<ArgumentOutOfRangeException>(() => Sobol.PointsFrom(-1, 2, 2)).ParamName);
        Assert.Equal("firstIndex", Assert.Throws<ArgumentOutOfRangeException>(() => Sobol.PointsFrom((1L << 32) - 1, 2, 2)).ParamName);
    }
}
