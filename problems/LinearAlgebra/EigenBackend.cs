namespace Kan.Physics.Problems.LinearAlgebra;

/// <summary>Which implementation <see cref="SymmetricEigenSolver"/> uses.</summary>
public enum EigenBackend
{
    /// <summary>LAPACK when a library with <c>dsyevd_</c> loads, otherwise the managed solver.</summary>
    Auto,

    /// <summary>Math.NET Numerics' managed symmetric eigen-decomposition (Householder tridiagonalisation + QL); always available.</summary>
    Managed,

    /// <summary>LAPACK <c>dsyevd</c> (divide and conquer) from a native library such as OpenBLAS; an error if none loads.</summary>
    Lapack,
}
