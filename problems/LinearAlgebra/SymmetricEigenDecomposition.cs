namespace Kan.Physics.Problems.LinearAlgebra;

/// <summary>
/// Eigenvalues (ascending) and orthonormal eigenvectors of a real symmetric n x n matrix, and the backend that computed
/// them. Eigenvector k is stored contiguously at <c>Vectors[k*n .. (k+1)*n)</c> (LAPACK's column-major layout), because
/// per-state quantities such as participation ratios walk one vector at a time.
/// </summary>
public sealed class SymmetricEigenDecomposition
{
    /// <summary>Matrix size n.</summary>
    public int Size { get; }

    /// <summary>The n eigenvalues, ascending.</summary>
    public double[] Values { get; }

    /// <summary>n*n entries: eigenvector k (unit norm, largest-magnitude entry positive) at offset k*n.</summary>
    public double[] Vectors { get; }

    /// <summary>The backend that ran: <see cref="EigenBackend.Managed"/> or <see cref="EigenBackend.Lapack"/>, never Auto.</summary>
    public EigenBackend Backend { get; }

    internal SymmetricEigenDecomposition(int size, double[] values, double[] vectors, EigenBackend backend)
    {
        Size = size; Values = values; Vectors = vectors; Backend = backend;
    }

    /// <summary>Eigenvector <paramref name="k"/> (belonging to <c>Values[k]</c>).</summary>
    public ReadOnlySpan<double> Vector(int k)
    {
        if ((uint)k >= (uint)Size) throw new ArgumentOutOfRangeException(nameof(k), k, $"must be in [0, {Size})");
        return Vectors.AsSpan(k * Size, Size);
    }
}
