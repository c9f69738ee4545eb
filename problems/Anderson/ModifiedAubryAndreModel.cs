namespace Kan.Physics.Problems.Anderson;

/// <summary>
/// Modified Aubry-Andre model, MAAM (Biddle and Das Sarma, PRL 104, 070601 (2010)): hopping t e^{-p |n-n'|} between
/// all pairs, normalised as in the KAN paper so that the nearest-neighbour hop is 1 (t = e^p), and
/// V_n = lambda cos(2 pi b n + phi). Exact edge: lambda cosh(p) = E + e^p, localised below it, i.e. where
/// g = lambda cosh(p) - E - e^p &gt; 0.
/// </summary>
/// <remarks>
/// Periodic boundaries are those of the N-periodic approximant's k = 0 Bloch Hamiltonian: a hop from n to n' collects
/// every image n' + mN of the infinite chain, sum_m e^p e^{-p |d + mN|} = e^p (e^{-pd} + e^{-p(N-d)}) / (1 - e^{-pN})
/// for 0 &lt; d = |n - n'| &lt; N, and each site couples to its own images by 2 e^{p(1-N)} / (1 - e^{-pN}). Taking only
/// the nearer image instead would be a different (though for N ~ 100s indistinguishable) chain.
/// </remarks>
public sealed class ModifiedAubryAndreModel : QuasiperiodicModel
{
    public override string Name => "maam";
    public override string Description => "modified Aubry-Andre model: hopping e^(-p(|n-n'|-1)), V_n = lambda cos(2 pi b n + phi) (Biddle & Das Sarma 2010)";
    public override string ParameterName => "p";
    public override (double Min, double Max) LambdaRange => (0.5, 4);
    public override (double Min, double Max) ParameterRange => (0.5, 3);

    public override Func<double, double, double, double> OrderParameter => static (e, lambda, p) => lambda * Math.Cosh(p) - e - Math.Exp(p);

    public override string TheoryFormula => "g = lambda*cosh(p) - E - exp(p); localised iff g > 0 (edge: E + exp(p) = lambda*cosh(p))";

    public override double[] Hamiltonian(int n, double lambda, double parameter, double phi)
    {
        CheckFinite(lambda, phi);
        double p = parameter;
        if (!(p > 0 && double.IsFinite(p))) throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "the decay rate p must be positive and finite");
        var theta = FibonacciApproximant.Phases(n, phi);
        double wrap = 1 / (1 - Math.Exp(-p * n));
        var hop = new double[n]; // hop[d] for ring distance d
        hop[0] = 2 * Math.Exp(p * (1 - n)) * wrap;
        for (int d = 1; d < n; d++) hop[d] = (Math.Exp(-p * (d - 1)) + Math.Exp(-p * (n - d - 1))) * wrap;
        var h = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) h[i * n + j] = hop[Math.Abs(i - j)];
            h[i * n + i] += lambda * Math.Cos(theta[i]);
        }
        return h;
    }
}
