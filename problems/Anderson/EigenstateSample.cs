namespace Kan.Physics.Problems.Anderson;

/// <summary>One row of an Anderson dataset: an eigenstate of one chain, its parameters, D and labels.</summary>
/// <param name="Energy">Eigenenergy E.</param>
/// <param name="Lambda">Potential strength.</param>
/// <param name="Parameter">The model's second parameter (kappa, alpha or p).</param>
/// <param name="Phi">Potential phase.</param>
/// <param name="FractalDimension">D = -log(IPR)/log(N).</param>
/// <param name="Localized">The label, D below the dataset's threshold.</param>
/// <param name="TheoryOrder">The theory order parameter g(E, lambda, q): positive on the localised side.</param>
public readonly record struct EigenstateSample(double Energy, double Lambda, double Parameter, double Phi, double FractalDimension, bool Localized, double TheoryOrder);
