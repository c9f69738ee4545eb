using MathNet.Numerics.LinearAlgebra;
using System.Collections.Concurrent;

namespace Kan.Physics.Problems.References;

/// <summary>
/// Gauss-Hermite nodes and weights for Int g(z) exp(-z^2) dz. The nodes are the eigenvalues of the symmetric Jacobi
/// matrix (Golub-Welsch) polished by Newton steps on the orthonormal Hermite recurrence; the weights come from that
/// recurrence, 1 / (n p_{n-1}(z)^2), rather than from eigenvectors, because eigenvector entries are accurate only
/// relative to the largest, and the outer weights (about 1e-160 for 400 nodes) would lose all their digits.
/// </summary>
internal sealed class GaussHermiteRule
{
    /// <summary>Beyond this the recurrence values exp(z^2/2) near the largest node overflow a double.</summary>
    public const int MaxNodes = 600;

    private static readonly ConcurrentDictionary<int, GaussHermiteRule> Cache = new();

    public double[] Nodes { get; }
    public double[] Weights { get; }

    private GaussHermiteRule(double[] nodes, double[] weights)
    {
        Nodes = nodes; Weights = weights;
    }

    public static GaussHermiteRule Get(int n) => Cache.GetOrAdd(n, Build);

    private static GaussHermiteRule Build(int n)
    {
        var jacobi = Matrix<double>.Build.Dense(n, n);
        for (int k = 1; k < n; k++) jacobi[k, k - 1] = jacobi[k - 1, k] = Math.Sqrt(k / 2.0);
        var eigen = jacobi.Evd(Symmetricity.Symmetric).EigenValues;
        var z = new double[n];
        for (int i = 0; i < n; i++) z[i] = eigen[i].Real;
        Array.Sort(z);
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double pn = 0, pm = 0;
            for (int iter = 0; iter < 4; iter++)
            {
                (pn, pm) = Orthonormal(n, z[i]);
                double step = pn / (Math.Sqrt(2.0 * n) * pm);
                z[i] -= step;
                if (Math.Abs(step) <= 1e-16 * Math.Max(1, Math.Abs(z[i]))) break;
            }
            (_, pm) = Orthonormal(n, z[i]);
            w[i] = 1 / (n * pm * pm);
        }
        // symmetrise: the exact rule is symmetric, and exact mirror pairs keep odd integrands at zero
        for (int i = 0; i < n / 2; i++)
        {
            double zz = 0.5 * (z[n - 1 - i] - z[i]), ww = 0.5 * (w[i] + w[n - 1 - i]);
            z[i] = -zz; z[n - 1 - i] = zz; w[i] = w[n - 1 - i] = ww;
        }
        if (n % 2 == 1) z[n / 2] = 0;
        return new GaussHermiteRule(z, w);
    }

    /// <summary>p_n(z) and p_{n-1}(z) of the Hermite polynomials orthonormal for exp(-z^2); p_n' = sqrt(2n) p_{n-1}.</summary>
    private static (double Pn, double Pm) Orthonormal(int n, double z)
    {
        double pPrev = 0, p = Math.Pow(Math.PI, -0.25);
        for (int k = 0; k < n; k++)
        {
            double next = z * Math.Sqrt(2.0 / (k + 1)) * p - Math.Sqrt((double)k / (k + 1)) * pPrev;
            pPrev = p; p = next;
        }
        return (p, pPrev);
    }
}
