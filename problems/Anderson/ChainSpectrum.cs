using Kan.Physics.Problems.LinearAlgebra;

namespace Kan.Physics.Problems.Anderson;

/// <summary>Exact diagonalisation of one chain: every eigenenergy (ascending) with its IPR and fractal dimension.</summary>
/// <param name="Energies">Eigenvalues of H, ascending.</param>
/// <param name="InverseParticipationRatios">IPR of the eigenstate of each energy.</param>
/// <param name="FractalDimensions">D = -log(IPR)/log(N) of each eigenstate.</param>
/// <param name="Backend">The eigen-solver backend that ran.</param>
public sealed record ChainSpectrum(double[] Energies, double[] InverseParticipationRatios, double[] FractalDimensions, EigenBackend Backend)
{
    /// <summary>Diagonalises the n x n Hamiltonian <paramref name="hamiltonian"/> (row-major).</summary>
    public static ChainSpectrum Of(double[] hamiltonian, int n, EigenBackend backend = EigenBackend.Auto)
    {
        var eig = SymmetricEigenSolver.Solve(hamiltonian, n, backend);
        var ipr = new double[n];
        var d = new double[n];
        for (int k = 0; k < n; k++)
        {
            ipr[k] = Localization.InverseParticipationRatio(eig.Vector(k));
            d[k] = Localization.FractalDimension(ipr[k], n);
        }
        return new ChainSpectrum(eig.Values, ipr, d, eig.Backend);
    }
}
