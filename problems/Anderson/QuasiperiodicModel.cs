using Kan.Physics.Problems.LinearAlgebra;

namespace Kan.Physics.Problems.Anderson;

/// <summary>
/// A 1D quasiperiodic tight-binding chain with an exact mobility edge (the KAN paper's Section 4.4 models). Parameters
/// are (lambda, q, phi): lambda the potential strength, q the model's second parameter (<see cref="ParameterName"/>:
/// kappa, alpha or p) and phi the potential's phase. Chains are rings of a Fibonacci length N with the approximant
/// b = F_{k+1}/F_k (<see cref="FibonacciApproximant"/>) and nearest-neighbour hopping 1 unless stated otherwise.
/// </summary>
public abstract class QuasiperiodicModel
{
    /// <summary>Short name (dataset files, benchmark output).</summary>
    public abstract string Name { get; }

    /// <summary>One line: the Hamiltonian and its reference.</summary>
    public abstract string Description { get; }

    /// <summary>Name of the second parameter q: "kappa", "alpha" or "p".</summary>
    public abstract string ParameterName { get; }

    /// <summary>Range lambda is drawn from (uniformly) by the dataset generator.</summary>
    public abstract (double Min, double Max) LambdaRange { get; }

    /// <summary>Range q is drawn from (uniformly); Min = Max where q is fixed (the mosaic period kappa).</summary>
    public abstract (double Min, double Max) ParameterRange { get; }

    /// <summary>
    /// The theory order parameter g(E, lambda, q): g &gt; 0 localised, g &lt; 0 extended, g = 0 the mobility edge. A
    /// function rather than E_c(lambda, q) because some models have several edges (mosaic: |E| = 2/lambda, both signs).
    /// </summary>
    public abstract Func<double, double, double, double> OrderParameter { get; }

    /// <summary>The theory formula as text, with the side that is localised.</summary>
    public abstract string TheoryFormula { get; }

    /// <summary>Row-major N x N Hamiltonian for the given parameters.</summary>
    public abstract double[] Hamiltonian(int n, double lambda, double parameter, double phi);

    /// <summary>Whether the theory puts energy <paramref name="energy"/> on the localised side of the edge.</summary>
    public bool TheoryLocalized(double energy, double lambda, double parameter) => OrderParameter(energy, lambda, parameter) > 0;

    /// <summary>Builds the Hamiltonian and diagonalises it exactly.</summary>
    public ChainSpectrum Diagonalise(int n, double lambda, double parameter, double phi, EigenBackend backend = EigenBackend.Auto)
        => ChainSpectrum.Of(Hamiltonian(n, lambda, parameter, phi), n, backend);

    /// <summary>Ring with hopping 1 between neighbours and the given on-site potential.</summary>
    protected static double[] NearestNeighbourRing(double[] potential)
    {
        int n = potential.Length;
        var h = new double[n * n];
        for (int j = 0; j < n; j++)
        {
            int m = (j + 1) % n;
            h[j * n + m] = h[m * n + j] = 1;
            h[j * n + j] = potential[j];
        }
        return h;
    }

    /// <summary>Throws unless lambda and phi are finite.</summary>
    protected static void CheckFinite(double lambda, double phi)
    {
        if (!double.IsFinite(lambda)) throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "must be finite");
        if (!double.IsFinite(phi)) throw new ArgumentOutOfRangeException(nameof(phi), phi, "must be finite");
    }

    /// <summary>All models of the paper: mosaic (kappa = 2, 3), GAAM and MAAM.</summary>
    public static IReadOnlyList<QuasiperiodicModel> All { get; } =
        [new MosaicModel(2), new MosaicModel(3), new GeneralizedAubryAndreModel(), new ModifiedAubryAndreModel()];

    /// <summary>The model called <paramref name="name"/> in <see cref="All"/>.</summary>
    public static QuasiperiodicModel Find(string name)
        => All.FirstOrDefault(m => m.Name == name)
           ?? throw new ArgumentException($"unknown model '{name}'; known: {string.Join(", ", All.Select(m => m.Name))}", nameof(name));
}
