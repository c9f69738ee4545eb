using MathNet.Numerics.LinearAlgebra;

namespace Kan.Physics.Problems.LinearAlgebra;

/// <summary>
/// All eigenvalues and eigenvectors of a dense real symmetric matrix. LAPACK's divide-and-conquer <c>dsyevd</c> (e.g.
/// Debian's libopenblas0-pthread) is the fast path; Math.NET's managed decomposition is the fallback, so the code works
/// everywhere and is only slower where no LAPACK is installed. The library is looked up once per process; set the
/// environment variable <c>KAN_LAPACK</c> to a library file to try it first, or to <c>none</c> to force the fallback.
/// </summary>
/// <remarks>
/// When the library is OpenBLAS and none of OPENBLAS_NUM_THREADS, GOTO_NUM_THREADS, OMP_NUM_THREADS is set, it is put
/// on one thread per call at load time: the matrices here are small (N up to ~1000), where threads gain little, callers
/// parallelise over independent matrices instead, and threaded OpenBLAS called from several threads or on a busy
/// machine spins its workers against each other (measured 3-5x slower on 2 loaded cores). Use
/// <see cref="TrySetLapackThreads"/> for one large solve.
/// </remarks>
public static class SymmetricEigenSolver
{
    /// <summary>Largest |A_ij - A_ji| accepted, relative to max |A_ij|; beyond it the input is not a symmetric matrix.</summary>
    public const double SymmetryTolerance = 1e-10;

    /// <summary>Whether a LAPACK library with <c>dsyevd_</c> was found (so <see cref="EigenBackend.Auto"/> uses it).</summary>
    public static bool LapackAvailable => LapackNative.Available;

    /// <summary>The library name or path that provided <c>dsyevd_</c>, or null.</summary>
    public static string? LapackLibrary => LapackNative.LibraryName;

    /// <summary>Threads OpenBLAS uses inside one call, or null when the LAPACK library is missing or not OpenBLAS.</summary>
    public static int? LapackThreads => LapackNative.Available ? LapackNative.Threads : null;

    /// <summary>
    /// Sets the threads OpenBLAS uses inside one call (process-wide, for every OpenBLAS user in the process); false when
    /// the library is missing or has no thread control.
    /// </summary>
    public static bool TrySetLapackThreads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "must be >= 1");
        return LapackNative.Available && LapackNative.TrySetThreads(threads);
    }

    /// <summary>The backend <see cref="EigenBackend.Auto"/> resolves to on this machine.</summary>
    public static EigenBackend AutoBackend => LapackAvailable ? EigenBackend.Lapack : EigenBackend.Managed;

    /// <summary>
    /// Eigen-decomposition of the n x n symmetric matrix <paramref name="matrix"/> (row-major, which for a symmetric
    /// matrix is also column-major). The input is not modified; it is symmetrised as (A + A^T)/2 so that both backends,
    /// which read different triangles, see the same matrix.
    /// </summary>
    /// <exception cref="ArgumentException">wrong length, a non-finite entry, or an asymmetric matrix.</exception>
    /// <exception cref="InvalidOperationException"><see cref="EigenBackend.Lapack"/> requested but unavailable, or LAPACK failed.</exception>
    public static SymmetricEigenDecomposition Solve(double[] matrix, int n, EigenBackend backend = EigenBackend.Auto)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "matrix size must be non-negative");
        if (matrix.Length != (long)n * n)
            throw new ArgumentException($"length {matrix.Length} is not n*n = {(long)n * n} for n = {n}", nameof(matrix));
        if (!Enum.IsDefined(backend)) throw new ArgumentOutOfRangeException(nameof(backend), backend, "unknown backend");
        if (backend == EigenBackend.Lapack && !LapackAvailable)
            throw new InvalidOperationException($"backend = Lapack requested, but no LAPACK library with dsyevd_ could be loaded (tried: {LapackNative.Tried}); install libopenblas0-pthread or use EigenBackend.Auto");
        var run = backend == EigenBackend.Auto ? AutoBackend : backend;

        var a = Symmetrised(matrix, n);
        double[] values, vectors;
        if (n == 0)
        {
            values = []; vectors = [];
        }
        else if (run == EigenBackend.Lapack)
        {
            values = new double[n];
            LapackNative.SymmetricEigen(a, values, n);
            vectors = a;
        }
        else
        {
            (values, vectors) = Managed(a, n);
        }
        FixSigns(vectors, n);
        return new SymmetricEigenDecomposition(n, values, vectors, run);
    }

    private static double[] Symmetrised(double[] matrix, int n)
    {
        double max = 0;
        foreach (double v in matrix)
        {
            if (!double.IsFinite(v)) throw new ArgumentException($"entry {v} is not finite", nameof(matrix));
            max = Math.Max(max, Math.Abs(v));
        }
        var a = (double[])matrix.Clone();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
            {
                double aij = matrix[i * n + j], aji = matrix[j * n + i];
                if (Math.Abs(aij - aji) > SymmetryTolerance * max)
                    throw new ArgumentException($"not symmetric: A[{i},{j}] = {aij} but A[{j},{i}] = {aji}", nameof(matrix));
                a[i * n + j] = a[j * n + i] = 0.5 * (aij + aji);
            }
        return a;
    }

    private static (double[] Values, double[] Vectors) Managed(double[] a, int n)
    {
        var evd = Matrix<double>.Build.DenseOfColumnMajor(n, n, a).Evd(Symmetricity.Symmetric);
        var raw = new double[n];
        for (int i = 0; i < n; i++) raw[i] = evd.EigenValues[i].Real;
        var columns = evd.EigenVectors.ToColumnMajorArray();
        // Math.NET returns ascending order for symmetric input today; sort anyway so the contract does not rest on that
        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(raw.ToArray(), order);
        var values = new double[n];
        var vectors = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            values[k] = raw[order[k]];
            Array.Copy(columns, order[k] * n, vectors, k * n, n);
        }
        return (values, vectors);
    }

    // Eigenvectors are defined up to sign; fixing it makes results comparable across backends and runs.
    private static void FixSigns(double[] vectors, int n)
    {
        for (int k = 0; k < n; k++)
        {
            var v = vectors.AsSpan(k * n, n);
            int big = 0;
            for (int i = 1; i < n; i++) if (Math.Abs(v[i]) > Math.Abs(v[big])) big = i;
            if (v[big] < 0) foreach (ref double x in v) x = -x;
        }
    }
}
