using System.Runtime.InteropServices;

namespace Kan.Physics.Problems.LinearAlgebra;

/// <summary>
/// Finds a LAPACK with <c>dsyevd_</c> once per process and calls it through an unmanaged function pointer. Function
/// pointers from <see cref="NativeLibrary.TryGetExport"/> rather than [LibraryImport] + SetDllImportResolver, because a
/// resolver can be registered only once per assembly (another native binding in this assembly would then throw), and
/// because a missing library or symbol is detected here, once, instead of as a DllNotFoundException at the first call.
/// </summary>
internal static unsafe class LapackNative
{
    /// <summary>Environment variable naming a library (file name or path) to try first; "none" disables LAPACK.</summary>
    public const string OverrideVariable = "KAN_LAPACK";

    // Debian/Ubuntu (OpenBLAS or reference LAPACK via alternatives), other Linux layouts, macOS, Windows
    private static readonly string[] Candidates =
    [
        "liblapack.so.3", "libopenblas.so.0", "libopenblas.so", "liblapack.so",
        "/usr/lib/x86_64-linux-gnu/openblas-pthread/liblapack.so.3", "/usr/lib/aarch64-linux-gnu/openblas-pthread/liblapack.so.3",
        "/usr/lib64/libopenblas.so.0", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib",
        "/System/Library/Frameworks/Accelerate.framework/Accelerate", "libopenblas.dll", "liblapack.dll",
    ];

    // Fortran dsyevd(JOBZ, UPLO, N, A, LDA, W, WORK, LWORK, IWORK, LIWORK, INFO) with 32-bit (LP64) integers, plus the
    // two hidden CHARACTER lengths gfortran appends (harmless for compilers that do not read them)
    private static readonly delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void> Dsyevd;

    private static readonly delegate* unmanaged<int, void> SetThreads;
    private static readonly delegate* unmanaged<int> GetThreads;

    /// <summary>The library that provided dsyevd_, or null when none did.</summary>
    public static string? LibraryName { get; }

    /// <summary>Every candidate tried, for error messages.</summary>
    public static string Tried { get; }

    static LapackNative()
    {
        var names = new List<string>();
        string? over = Environment.GetEnvironmentVariable(OverrideVariable);
        if (string.Equals(over, "none", StringComparison.OrdinalIgnoreCase))
        {
            Tried = $"none ({OverrideVariable}=none)";
            return;
        }
        if (!string.IsNullOrWhiteSpace(over)) names.Add(over);
        names.AddRange(Candidates);
        Tried = string.Join(", ", names);
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, typeof(LapackNative).Assembly, DllImportSearchPath.SafeDirectories | DllImportSearchPath.ApplicationDirectory, out var handle)
                && !NativeLibrary.TryLoad(name, out handle))
                continue;
            if (NativeLibrary.TryGetExport(handle, "dsyevd_", out var f))
            {
                Dsyevd = (delegate* unmanaged<byte*, byte*, int*, double*, int*, double*, double*, int*, int*, int*, int*, nuint, nuint, void>)f;
                LibraryName = name;
                // OpenBLAS's thread control lives in libopenblas.so.0, which Debian's liblapack.so.3 links to
                if (TryOpenblasExport(handle, "openblas_set_num_threads", out var set) && TryOpenblasExport(handle, "openblas_get_num_threads", out var get))
                {
                    SetThreads = (delegate* unmanaged<int, void>)set;
                    GetThreads = (delegate* unmanaged<int>)get;
                    if (!ThreadCountFromEnvironment()) SetThreads(1);
                }
                return;
            }
            NativeLibrary.Free(handle);
        }
    }

    public static bool Available => LibraryName != null;

    /// <summary>OpenBLAS's current thread count, or null when the library has no such control.</summary>
    public static int? Threads => GetThreads == null ? null : GetThreads();

    /// <summary>Sets OpenBLAS's thread count (process-wide); false when the library has no such control.</summary>
    public static bool TrySetThreads(int threads)
    {
        if (SetThreads == null) return false;
        SetThreads(threads);
        return true;
    }

    private static bool TryOpenblasExport(IntPtr lapack, string name, out IntPtr address)
        => NativeLibrary.TryGetExport(lapack, name, out address)
           || NativeLibrary.TryLoad("libopenblas.so.0", out var blas) && NativeLibrary.TryGetExport(blas, name, out address);

    private static bool ThreadCountFromEnvironment()
        => new[] { "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS" }.Any(v => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(v)));

    /// <summary>
    /// Eigen-decomposes the symmetric column-major matrix <paramref name="a"/> (n x n) in place: on return it holds the
    /// eigenvectors as columns and <paramref name="w"/> the ascending eigenvalues.
    /// </summary>
    public static void SymmetricEigen(double[] a, double[] w, int n)
    {
        // One call at a time: with concurrent calls into OpenBLAS (parallel jobs of a batch plus parallel draws of a
        // dataset) the same anderson job gave another dataset, hence another classifier, in a batch than alone; with
        // the calls serialised the results agree.
        lock (CallGate) SymmetricEigenLocked(a, w, n);
    }

    private static readonly object CallGate = new();

    private static void SymmetricEigenLocked(double[] a, double[] w, int n)
    {
        if (!Available) throw new InvalidOperationException($"no LAPACK library with dsyevd_ could be loaded (tried: {Tried})");
        byte jobz = (byte)'V', uplo = (byte)'L';
        int lda = Math.Max(1, n), info = 0, lwork = -1, liwork = -1, iworkQuery = 0;
        double workQuery = 0;
        // Every buffer is copied to 64-byte aligned native memory: OpenBLAS's vector kernels peel unaligned heads, so
        // the same matrix in differently aligned managed arrays was summed in another order and gave eigenvectors that
        // differed in the last bits (enough to flip a nearly degenerate pair's fractal dimensions from run to run).
        nuint bytesA = (nuint)((long)n * n * sizeof(double)), bytesW = (nuint)(Math.Max(n, 1) * sizeof(double));
        double* pa = (double*)NativeMemory.AlignedAlloc(Math.Max(bytesA, 64), 64);
        double* pw = (double*)NativeMemory.AlignedAlloc(Math.Max(bytesW, 64), 64);
        double* pwork = null;
        int* piwork = null;
        try
        {
            a.AsSpan(0, n * n).CopyTo(new Span<double>(pa, n * n));
            // workspace query first: OpenBLAS may want more than the documented minimum 1 + 6n + 2n^2
            Dsyevd(&jobz, &uplo, &n, pa, &lda, pw, &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1);
            Check(info, n, "workspace query");
            lwork = Math.Max((int)workQuery, 1 + 6 * n + 2 * n * n);
            liwork = Math.Max(iworkQuery, 3 + 5 * n);
            pwork = (double*)NativeMemory.AlignedAlloc((nuint)lwork * sizeof(double), 64);
            piwork = (int*)NativeMemory.AlignedAlloc((nuint)liwork * sizeof(int), 64);
            Dsyevd(&jobz, &uplo, &n, pa, &lda, pw, pwork, &lwork, piwork, &liwork, &info, 1, 1);
            Check(info, n, "solve");
            new ReadOnlySpan<double>(pa, n * n).CopyTo(a);
            new ReadOnlySpan<double>(pw, n).CopyTo(w);
        }
        finally
        {
            NativeMemory.AlignedFree(pa);
            NativeMemory.AlignedFree(pw);
            if (pwork != null) NativeMemory.AlignedFree(pwork);
            if (piwork != null) NativeMemory.AlignedFree(piwork);
        }
    }

    private static void Check(int info, int n, string stage)
    {
        if (info < 0)
            throw new InvalidOperationException($"LAPACK dsyevd ({stage}, n = {n}) rejected argument {-info} (INFO = {info}); library: {LibraryName}");
        if (info > 0)
            throw new InvalidOperationException($"LAPACK dsyevd ({stage}, n = {n}) did not converge (INFO = {info}: an eigenvalue failed to converge in the divide-and-conquer step)");
    }
}
