using Kan.Physics.Problems.Anderson;
using Kan.Physics.Problems.LinearAlgebra;

namespace Kan.Physics.Bench;

/// <summary>
/// Dense symmetric eigen-solve (all eigenpairs) of an Anderson-chain Hamiltonian (GAAM, lambda = 1.2, alpha = 0.3,
/// phi = 0.7) at the dataset sizes, median over repeated runs, managed vs LAPACK: the cost of one dataset draw.
/// </summary>
internal static class AndersonBench
{
    /// <summary>Medians in ms; LapackMs at the solver's default OpenBLAS threads, LapackAllCoresMs with one per core.</summary>
    public sealed record SizeResult(int N, double ManagedMs, int ManagedRepeats, double? LapackMs, double? LapackAllCoresMs, int LapackRepeats, double? Speedup);

    public sealed record Result(string? LapackLibrary, int? LapackThreads, int ProcessorCount, SizeResult[] Sizes);

    public static Result Run()
    {
        var model = new GeneralizedAubryAndreModel();
        var sizes = new List<SizeResult>();
        foreach (int n in new[] { 233, 610, 987 })
        {
            var h = model.Hamiltonian(n, 1.2, 0.3, 0.7);
            // about 3 s of managed solves per size (O(N^3): ~1 s each at N = 987), at least 5
            int managedRepeats = n <= 233 ? 31 : n <= 610 ? 9 : 5;
            double managed = BenchReport.MedianSeconds(() => SymmetricEigenSolver.Solve(h, n, EigenBackend.Managed), 1, managedRepeats);
            double? lapack = null, allCores = null;
            int lapackRepeats = 0;
            if (SymmetricEigenSolver.LapackAvailable)
            {
                lapackRepeats = n <= 233 ? 101 : n <= 610 ? 31 : 15;
                void Lapack() => SymmetricEigenSolver.Solve(h, n, EigenBackend.Lapack);
                lapack = BenchReport.MedianSeconds(Lapack, 2, lapackRepeats);
                if (SymmetricEigenSolver.LapackThreads is int threads && SymmetricEigenSolver.TrySetLapackThreads(Environment.ProcessorCount))
                {
                    allCores = BenchReport.MedianSeconds(Lapack, 2, lapackRepeats);
                    SymmetricEigenSolver.TrySetLapackThreads(threads);
                }
            }
            sizes.Add(new SizeResult(n, managed * 1e3, managedRepeats, lapack * 1e3, allCores * 1e3, lapackRepeats, managed / lapack));
        }
        return new Result(SymmetricEigenSolver.LapackLibrary, SymmetricEigenSolver.LapackThreads, Environment.ProcessorCount, [.. sizes]);
    }
}
