namespace Kan.Physics.Problems.Functions;

/// <summary>
/// Carlson's symmetric elliptic integrals R_F and R_D by the duplication theorem (Carlson 1995, Numer. Algorithms 10,
/// 13-26; DLMF 19.36.1-2). Each duplication step cuts the spread of the arguments by 4, so the loop stops once the
/// fifth-order Taylor remainder (spread^6) is below the rounding level: about 10 steps for comparable arguments,
/// more (one per factor 4 of their ratio, at first) for very unequal ones.
/// </summary>
internal static class Carlson
{
    /// <summary>Carlson's r: the Taylor remainder is below about r relative. Half an ulp of 1.</summary>
    private const double Tolerance = 1.1102230246251565e-16;

    private const int MaxSteps = 1100;

    /// <summary>R_F(x, y, z) = 1/2 Int_0^inf dt / sqrt((t+x)(t+y)(t+z)); x, y, z &gt;= 0, at most one of them 0.</summary>
    public static double RF(double x, double y, double z)
    {
        if (double.IsNaN(x) || double.IsNaN(y) || double.IsNaN(z) || x < 0 || y < 0 || z < 0) return double.NaN;
        if ((x == 0 ? 1 : 0) + (y == 0 ? 1 : 0) + (z == 0 ? 1 : 0) >= 2) return double.PositiveInfinity;
        if (double.IsPositiveInfinity(x) || double.IsPositiveInfinity(y) || double.IsPositiveInfinity(z)) return 0;
        double a0 = (x + y + z) / 3, a = a0;
        // deviations are taken from the original arguments, (A0 - x0) / (4^n A_n): A_n - x_n would have cancelled
        double dx = a0 - x, dy = a0 - y;
        double q = Math.Pow(3 * Tolerance, -1.0 / 6) * Math.Max(Math.Abs(dx), Math.Max(Math.Abs(dy), Math.Abs(a0 - z)));
        double scale = 1;   // 4^-n
        for (int n = 0; n < MaxSteps && q * scale >= Math.Abs(a); n++)
        {
            double sx = Math.Sqrt(x), sy = Math.Sqrt(y), sz = Math.Sqrt(z);
            double lambda = sx * sy + sy * sz + sz * sx;
            x = 0.25 * (x + lambda); y = 0.25 * (y + lambda); z = 0.25 * (z + lambda); a = 0.25 * (a + lambda);
            scale *= 0.25;
        }
        double xx = dx * scale / a, yy = dy * scale / a, zz = -xx - yy;
        double e2 = xx * yy - zz * zz, e3 = xx * yy * zz;
        return (1 - e2 / 10 + e3 / 14 + e2 * e2 / 24 - 3 * e2 * e3 / 44) / Math.Sqrt(a);
    }

    /// <summary>R_D(x, y, z) = 3/2 Int_0^inf dt / sqrt((t+x)(t+y)(t+z)^3); x, y &gt;= 0 not both 0, z &gt; 0.</summary>
    public static double RD(double x, double y, double z)
    {
        if (double.IsNaN(x) || double.IsNaN(y) || double.IsNaN(z) || x < 0 || y < 0 || z < 0) return double.NaN;
        if (z == 0 || x + y == 0) return double.PositiveInfinity;
        if (double.IsPositiveInfinity(x) || double.IsPositiveInfinity(y) || double.IsPositiveInfinity(z)) return 0;
        double a0 = (x + y + 3 * z) / 5, a = a0;
        double dx = a0 - x, dy = a0 - y;
        double q = Math.Pow(Tolerance / 4, -1.0 / 6) * Math.Max(Math.Abs(dx), Math.Max(Math.Abs(dy), Math.Abs(a0 - z)));
        double scale = 1, sum = 0;
        for (int n = 0; n < MaxSteps && q * scale >= Math.Abs(a); n++)
        {
            double sx = Math.Sqrt(x), sy = Math.Sqrt(y), sz = Math.Sqrt(z);
            double lambda = sx * sy + sy * sz + sz * sx;
            sum += scale / (sz * (z + lambda));
            x = 0.25 * (x + lambda); y = 0.25 * (y + lambda); z = 0.25 * (z + lambda); a = 0.25 * (a + lambda);
            scale *= 0.25;
        }
        double xx = dx * scale / a, yy = dy * scale / a, zz = -(xx + yy) / 3;
        double xy = xx * yy, z2 = zz * zz;
        double e2 = xy - 6 * z2, e3 = (3 * xy - 8 * z2) * zz, e4 = 3 * (xy - z2) * z2, e5 = xy * z2 * zz;
        double series = 1 - 3 * e2 / 14 + e3 / 6 + 9 * e2 * e2 / 88 - 3 * e4 / 22 - 9 * e2 * e3 / 52 + 3 * e5 / 26;
        return scale * series / (a * Math.Sqrt(a)) + 3 * sum;
    }
}
