namespace Kan.Physics.Problems.Functions;

/// <summary>
/// One row of the KAN paper's special-function benchmark (Liu et al. 2024, arXiv:2404.19756, section 3.2, Table 1):
/// a function of two inputs f(x, y), the box it is sampled on, and the test RMSEs the paper reports, kept as data so
/// that a run can print its own figures next to the paper's.
/// </summary>
/// <param name="Name">Short key, as in the reference-value table of the project's shared data: "ellipj_sn", "jv",
/// "lpmv_m1", "sph_harm_m1_n2", ...</param>
/// <param name="Title">The row's name in Table 1.</param>
/// <param name="ScipyCall">The scipy.special call with the inputs in the paper's order, e.g. "jv(x, y)".</param>
/// <param name="Function">f(x, y), with x and y in the order of <paramref name="ScipyCall"/>.</param>
/// <param name="XMin">Lower end of the sampling interval of x.</param>
/// <param name="XMax">Upper end of the sampling interval of x.</param>
/// <param name="YMin">Lower end of the sampling interval of y.</param>
/// <param name="YMax">Upper end of the sampling interval of y.</param>
/// <param name="MinimalKanShape">Smallest KAN shape the paper found with test RMSE below 1e-2.</param>
/// <param name="MinimalKanRmse">That KAN's test RMSE.</param>
/// <param name="BestKanShape">Shape of the paper's most accurate KAN.</param>
/// <param name="BestKanRmse">That KAN's test RMSE.</param>
/// <param name="MlpRmse">Test RMSE of the paper's best MLP.</param>
/// <param name="Note">What the paper leaves open for this row, or an empty string.</param>
public sealed record SpecialFunctionBenchmark(
    string Name,
    string Title,
    string ScipyCall,
    Func<double, double, double> Function,
    double XMin, double XMax, double YMin, double YMax,
    IReadOnlyList<int> MinimalKanShape, double MinimalKanRmse,
    IReadOnlyList<int> BestKanShape, double BestKanRmse,
    double MlpRmse,
    string Note);
