using Kan.Physics.Problems.LinearAlgebra;

namespace Kan.Physics.Tests.LinearAlgebra;

public class SymmetricEigenSolverTests
{
    private static double[] RandomSymmetric(int n, int seed)
    {
        var rng = new Random(seed);
        var a = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                a[i * n + j] = a[j * n + i] = 2 * rng.NextDouble() - 1;
        return a;
    }

    /// <summary>max_k |A v_k - lambda_k v_k| and max |V^T V - I|.</summary>
    private static (double Residual, double Orthogonality) Errors(double[] a, SymmetricEigenDecomposition e)
    {
        int n = e.Size;
        double res = 0, orth = 0;
        for (int k = 0; k < n; k++)
        {
            var v = e.Vector(k);
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i * n + j] * v[j];
                res = Math.Max(res, Math.Abs(s - e.Values[k] * v[i]));
            }
            for (int l = 0; l <= k; l++)
            {
                var u = e.Vector(l);
                double d = 0;
                for (int i = 0; i < n; i++) d += u[i] * v[i];
                orth = Math.Max(orth, Math.Abs(d - (k == l ? 1 : 0)));
            }
        }
        return (res, orth);
    }

    private static EigenBackend[] Backends => SymmetricEigenSolver.LapackAvailable ? [EigenBackend.Managed, EigenBackend.Lapack] : [EigenBackend.Managed];

    [Fact]
    public void Auto_UsesLapackWhenItLoads_ElseFallsBackToManaged()
    {
        var a = RandomSymmetric(12, 1);
        var auto = SymmetricEigenSolver.Solve(a, 12);
        if (SymmetricEigenSolver.LapackAvailable)
        {
            Assert.Equal(EigenBackend.Lapack, auto.Backend);
            Assert.NotNull(SymmetricEigenSolver.LapackLibrary);
        }
        else
        {
            Assert.Equal(EigenBackend.Managed, auto.Backend);
            Assert.Null(SymmetricEigenSolver.LapackLibrary);
            var e = Assert.Throws<InvalidOperationException>(() => SymmetricEigenSolver.Solve(a, 12, EigenBackend.Lapack));
            Assert.Contains("dsyevd", e.Message);
        }
        Assert.Equal(EigenBackend.Managed, SymmetricEigenSolver.Solve(a, 12, EigenBackend.Managed).Backend);
    }

    [Fact]
    public void OpenblasThreads_DefaultToOne_UnlessTheEnvironmentSaysOtherwise()
    {
        if (SymmetricEigenSolver.LapackThreads is not int threads)
        {
            // no LAPACK, or one without OpenBLAS's thread control: nothing to set
            Assert.False(SymmetricEigenSolver.TrySetLapackThreads(1));
            return;
        }
        string? env = Environment.GetEnvironmentVariable("OPENBLAS_NUM_THREADS") ?? Environment.GetEnvironmentVariable("GOTO_NUM_THREADS")
                      ?? Environment.GetEnvironmentVariable("OMP_NUM_THREADS");
        if (string.IsNullOrEmpty(env)) Assert.Equal(1, threads);
        else Assert.True(threads >= 1);
        Assert.True(SymmetricEigenSolver.TrySetLapackThreads(threads));
        Assert.Equal(threads, SymmetricEigenSolver.LapackThreads);
        Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigenSolver.TrySetLapackThreads(0));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 7)]
    [InlineData(3, 40)]
    [InlineData(4, 150)]
    public void RandomSymmetric_BackendsSatisfyEigenEquation_AndAgree(int seed, int n)
    {
        var a = RandomSymmetric(n, seed);
        var copy = (double[])a.Clone();
        var managed = SymmetricEigenSolver.Solve(a, n, EigenBackend.Managed);
        Assert.Equal(copy, a); // input untouched
        foreach (var backend in Backends)
        {
            var e = SymmetricEigenSolver.Solve(a, n, backend);
            Assert.Equal(backend, e.Backend);
            var (res, orth) = Errors(a, e);
            Assert.True(res < 1e-10, $"{backend}: residual {res}");
            Assert.True(orth < 1e-10, $"{backend}: orthonormality error {orth}");
            for (int k = 1; k < n; k++) Assert.True(e.Values[k] >= e.Values[k - 1], $"{backend}: not ascending at {k}");
            for (int k = 0; k < n; k++)
            {
                Assert.Equal(managed.Values[k], e.Values[k], 1e-11);
                // random spectra are non-degenerate, so with the sign convention the vectors agree entry by entry
                for (int i = 0; i < n; i++) Assert.Equal(managed.Vector(k)[i], e.Vector(k)[i], 1e-8);
            }
        }
        // trace is the sum of eigenvalues
        double trace = 0;
        for (int i = 0; i < n; i++) trace += a[i * n + i];
        Assert.Equal(trace, managed.Values.Sum(), 1e-10);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(21)]
    [InlineData(64)]
    public void PeriodicTightBindingChain_HasSpectrumTwoCos(int n)
    {
        // H = sum_j (|j+1><j| + h.c.) on a ring: plane waves with E = 2 cos(2 pi k / N)
        var h = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            int m = (j + 1) % n;
            h[j * n + m] = h[m * n + j] = 1;
        }
        var expected = Enumerable.Range(0, n).Select(k => 2 * Math.Cos(2 * Math.PI * k / n)).Order().ToArray();
        foreach (var backend in Backends)
        {
            var e = SymmetricEigenSolver.Solve(h, n, backend);
            for (int k = 0; k < n; k++) Assert.Equal(expected[k], e.Values[k], 1e-12);
            var (res, orth) = Errors(h, e);
            Assert.True(res < 1e-10 && orth < 1e-10, $"{backend}: residual {res}, orthonormality {orth}");
            // the band edges are non-degenerate: E = 2 is the uniform state 1/sqrt(N)
            foreach (double x in e.Vector(n - 1)) Assert.Equal(1 / Math.Sqrt(n), x, 1e-12);
        }
    }

    [Fact]
    public void BadInput_IsRejectedWithArgumentAndValue()
    {
        var e1 = Assert.Throws<ArgumentException>(() => SymmetricEigenSolver.Solve(new double[5], 2));
        Assert.Equal("matrix", e1.ParamName);
        Assert.Contains("5", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => SymmetricEigenSolver.Solve([1, 2, 3, 4], 2));
        Assert.Equal("matrix", e2.ParamName);
        Assert.Contains("A[1,0] = 3", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => SymmetricEigenSolver.Solve([1, double.NaN, double.NaN, 4], 2));
        Assert.Contains("NaN", e3.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SymmetricEigenSolver.Solve([], -1));
    }

    [Fact]
    public void Diagonal_IsSortedAndUnitVectors()
    {
        double[] a = [3, 0, 0, 0, -1, 0, 0, 0, 2];
        foreach (var backend in Backends)
        {
            var e = SymmetricEigenSolver.Solve(a, 3, backend);
            Assert.Equal([-1.0, 2.0, 3.0], e.Values);
            Assert.Equal([0.0, 1.0, 0.0], e.Vector(0).ToArray());
            Assert.Equal([0.0, 0.0, 1.0], e.Vector(1).ToArray());
            Assert.Equal([1.0, 0.0, 0.0], e.Vector(2).ToArray());
        }
    }
}
