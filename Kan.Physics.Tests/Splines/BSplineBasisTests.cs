using Kan.Physics.Splines;

namespace Kan.Physics.Tests.Splines;

public class BSplineBasisTests
{
    /// <summary>Independent reference: the textbook recursive Cox-de Boor definition over the full knot vector.</summary>
    private static double Reference(ReadOnlySpan<double> t, int j, int p, double x)
    {
        if (p == 0) return t[j] <= x && x < t[j + 1] ? 1 : 0;
        double a = (x - t[j]) / (t[j + p] - t[j]) * Reference(t, j, p - 1, x);
        double b = (t[j + p + 1] - x) / (t[j + p + 1] - t[j + 1]) * Reference(t, j + 1, p - 1, x);
        return a + b;
    }

    private static BSplineBasis RandomGrid(Random rng, int g, int k)
    {
        var pts = new double[g + 1];
        pts[0] = -1 - rng.NextDouble();
        for (int i = 1; i <= g; i++) pts[i] = pts[i - 1] + 0.2 + rng.NextDouble();
        return new BSplineBasis(pts, k);
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void PartitionOfUnityInsideTheGrid(int k)
    {
        var rng = new Random(k);
        var basis = RandomGrid(rng, 7, k);
        var v = new double[k + 1];
        for (int t = 0; t < 200; t++)
        {
            double x = basis.GridMin + (basis.GridMax - basis.GridMin) * rng.NextDouble();
            basis.Evaluate(x, 0, v, default, default, default);
            Assert.Equal(1.0, v.Sum(), 12);
            Assert.All(v, b => Assert.True(b >= -1e-15));
        }
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(5)]
    public void ValuesMatchTheRecursiveDefinitionInsideTheGrid(int k)
    {
        var rng = new Random(10 + k);
        var basis = RandomGrid(rng, 6, k);
        var knots = basis.Knots.ToArray();
        var v = new double[k + 1];
        for (int t = 0; t < 300; t++)
        {
            double x = basis.GridMin + (basis.GridMax - basis.GridMin) * rng.NextDouble();
            int first = basis.Evaluate(x, 0, v, default, default, default);
            for (int c = 0; c < basis.Count; c++)
            {
                double expected = Reference(knots, c, k, x);
                int r = c - first;
                double got = r >= 0 && r <= k ? v[r] : 0;
                Assert.True(Math.Abs(expected - got) < 1e-13, $"x={x}, c={c}: {got} vs {expected}");
            }
        }
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void OutsideTheGridASplineIsItsTaylorPolynomialOfDegreeKMinusOne(int k)
    {
        var rng = new Random(40 + k);
        var basis = RandomGrid(rng, 5, k);
        var coef = Enumerable.Range(0, basis.Count).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var d = Enumerable.Range(0, 4).Select(_ => new double[k + 1]).ToArray();
        // derivatives of the spline at a grid end, from inside the grid
        double[] EndDerivatives(double end)
        {
            int first = basis.Evaluate(end, 3, d[0], d[1], d[2], d[3]);
            return Enumerable.Range(0, 4).Select(q => Enumerable.Range(0, k + 1).Sum(r => coef[first + r] * d[q][r])).ToArray();
        }
        foreach (var (end, sign) in new[] { (basis.GridMin, -1.0), (basis.GridMax, 1.0) })
        {
            var f = EndDerivatives(end);
            foreach (double dist in new[] { 1e-9, 0.05, 0.7, 10.0 })
            {
                double x = end + sign * dist, u = x - end, expected = 0, fact = 1;
                for (int q = 0; q < k; q++) { if (q > 0) fact *= q; expected += f[q] * Math.Pow(u, q) / fact; }
                double got = basis.EvaluateSpline(coef, x);
                Assert.True(Math.Abs(got - expected) <= 1e-11 * (1 + Math.Abs(expected)), $"k={k} x={x}: {got} vs {expected}");
                basis.Evaluate(x, 3, d[0], d[1], d[2], d[3]);
                Assert.Equal(1.0, d[0].Sum(), 10);
                if (k <= 3) Assert.All(d[k], v => Assert.Equal(0.0, v)); // the k-th derivative vanishes outside
            }
        }
    }

    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)]
    public void DerivativesMatchCentralFiniteDifferences(int k)
    {
        var rng = new Random(20 + k);
        var basis = RandomGrid(rng, 5, k);
        var knots = basis.Knots.ToArray();
        var d = new double[4][];
        for (int q = 0; q < 4; q++) d[q] = new double[k + 1];
        var vp = new double[4][]; var vm = new double[4][];
        for (int q = 0; q < 4; q++) { vp[q] = new double[k + 1]; vm[q] = new double[k + 1]; }
        const double h = 1e-6;
        int checkedPoints = 0;
        for (int t = 0; t < 300; t++)
        {
            double x = knots[0] + (knots[^1] - knots[0]) * rng.NextDouble();
            // keep away from knots, where derivatives of order >= k are discontinuous
            if (knots.Any(kn => Math.Abs(kn - x) < 1e-4)) continue;
            int f = basis.Evaluate(x, 3, d[0], d[1], d[2], d[3]);
            int fp = basis.Evaluate(x + h, 3, vp[0], vp[1], vp[2], vp[3]);
            int fm = basis.Evaluate(x - h, 3, vm[0], vm[1], vm[2], vm[3]);
            Assert.Equal(f, fp); Assert.Equal(f, fm);
            for (int q = 1; q <= 3; q++)
                for (int r = 0; r <= k; r++)
                {
                    double fd = (vp[q - 1][r] - vm[q - 1][r]) / (2 * h);
                    double scale = Math.Max(1.0, Math.Abs(d[q][r]));
                    Assert.True(Math.Abs(fd - d[q][r]) < 2e-5 * scale, $"k={k} q={q} r={r} x={x}: {d[q][r]} vs fd {fd}");
                }
            checkedPoints++;
        }
        Assert.True(checkedPoints > 200);
        // derivatives above the order are identically zero
        if (k < 3) Assert.All(d[3], v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirNames()
    {
        Assert.Equal("gridSize", Assert.Throws<ArgumentOutOfRangeException>(() => BSplineBasis.Uniform(-1, 1, 0, 3)).ParamName);
        Assert.Equal("order", Assert.Throws<ArgumentOutOfRangeException>(() => BSplineBasis.Uniform(-1, 1, 5, 0)).ParamName);
        Assert.Equal("gridPoints", Assert.Throws<ArgumentException>(() => new BSplineBasis([0.0, 1.0, 1.0], 3)).ParamName);
        Assert.Equal("gridPoints", Assert.Throws<ArgumentException>(() => new BSplineBasis([0.0, double.NaN], 3)).ParamName);
        Assert.Throws<ArgumentException>(() => BSplineBasis.Uniform(1, 1, 5, 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(101)]
    public void Piece_search_on_an_uneven_grid_agrees_with_a_linear_scan(int g)
    {
        var rng = new Random(g);
        var basis = RandomGrid(rng, g, 3);
        var grid = basis.GridPoints.ToArray();
        // the grid points themselves, points just either side of them, and random points inside
        var xs = new List<double>();
        foreach (var p in grid) xs.AddRange([p, Math.BitDecrement(p), Math.BitIncrement(p)]);
        for (int t = 0; t < 200; t++) xs.Add(grid[0] + rng.NextDouble() * (grid[^1] - grid[0]));
        foreach (var x in xs)
        {
            int expected = x < grid[0] ? 0 : x > grid[^1] ? g + 1 : 1 + Enumerable.Range(0, g).Last(a => grid[a] <= x);
            Assert.True(expected == basis.FindPiece(x), $"x = {x:R}: piece {basis.FindPiece(x)}, a linear scan gives {expected}");
        }
        Assert.Equal(-1, basis.FindPiece(double.NaN));
    }
}

public class BSplineTableTests
{
    [Theory]
    [InlineData(1)] [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)]
    public void PolynomialTablesAgreeWithTheRecurrences(int k)
    {
        var rng = new Random(30 + k);
        var pts = new double[9];
        pts[0] = -2;
        for (int i = 1; i < pts.Length; i++) pts[i] = pts[i - 1] + 0.1 + rng.NextDouble();
        var basis = new BSplineBasis(pts, k);
        var a = Enumerable.Range(0, 4).Select(_ => new double[k + 1]).ToArray();
        var b = Enumerable.Range(0, 4).Select(_ => new double[k + 1]).ToArray();
        for (int t = 0; t < 500; t++)
        {
            double x = basis.Knots[0] - 0.3 + (basis.Knots[^1] - basis.Knots[0] + 0.6) * rng.NextDouble();
            int fa = basis.Evaluate(x, 3, a[0], a[1], a[2], a[3]);
            int fb = basis.EvaluateByRecurrence(x, 3, b[0], b[1], b[2], b[3]);
            Assert.Equal(fb, fa);
            for (int q = 0; q < 4; q++)
                for (int r = 0; r <= k; r++)
                    Assert.True(Math.Abs(a[q][r] - b[q][r]) <= 1e-11 * (1 + Math.Abs(b[q][r])), $"k={k} q={q} r={r} x={x}: {a[q][r]} vs {b[q][r]}");
        }
    }
}

public class SiluTests
{
    [Fact]
    public void BlockEvaluationMatchesTheScalarSiluAndItsDerivatives()
    {
        var rng = new Random(3);
        var x = Enumerable.Range(0, 1001).Select(i => i < 8 ? new[] { -800.0, -40, -1e-9, 0, 1e-9, 40, 800, 3 }[i] : 60 * rng.NextDouble() - 30).ToArray();
        var d = new double[4 * x.Length];
        Kan.Physics.Layers.Silu.EvaluateBlock(x, 3, d, x.Length);
        for (int t = 0; t < x.Length; t++)
        {
            Kan.Physics.Layers.Silu.Evaluate(x[t], 3, out double s0, out double s1, out double s2, out double s3);
            double[] expected = [s0, s1, s2, s3];
            for (int q = 0; q < 4; q++)
                Assert.True(Math.Abs(d[q * x.Length + t] - expected[q]) <= 1e-14 * (1 + Math.Abs(expected[q])), $"x={x[t]} q={q}: {d[q * x.Length + t]} vs {expected[q]}");
        }
    }
}
