namespace Kan.Physics.Problems.Anderson;

/// <summary>
/// Generalised Aubry-Andre model, GAAM (Ganeshan, Pixley, Das Sarma, PRL 114, 146601 (2015)): hopping t = 1 and
/// V_n = 2 lambda cos(theta_n) / (1 - alpha cos(theta_n)), theta_n = 2 pi b n + phi, |alpha| &lt; 1; alpha = 0 is the
/// Aubry-Andre model with its self-dual point lambda = 1. Exact edge: alpha E = 2 (1 - lambda), localised where
/// g = alpha E + 2 (lambda - 1) &gt; 0.
/// </summary>
public sealed class GeneralizedAubryAndreModel : QuasiperiodicModel
{
    public override string Name => "gaam";
    public override string Description => "generalised Aubry-Andre model: V_n = 2 lambda cos(theta_n) / (1 - alpha cos(theta_n)) (Ganeshan et al. 2015)";
    public override string ParameterName => "alpha";
    // the README's suggestion: lambda in [0, 2] straddles the self-dual lambda = 1; alpha over its whole range
    public override (double Min, double Max) LambdaRange => (0, 2);
    public override (double Min, double Max) ParameterRange => (-1, 1);

    public override Func<double, double, double, double> OrderParameter => static (e, lambda, alpha) => alpha * e + 2 * (lambda - 1);

    public override string TheoryFormula => "g = alpha*E + 2*(lambda - 1); localised iff g > 0 (edge: alpha*E = 2*(1 - lambda))";

    public override double[] Hamiltonian(int n, double lambda, double parameter, double phi)
    {
        CheckFinite(lambda, phi);
        double alpha = parameter;
        if (!(Math.Abs(alpha) < 1)) throw new ArgumentOutOfRangeException(nameof(parameter), parameter, "alpha must lie in (-1, 1)");
        var theta = FibonacciApproximant.Phases(n, phi);
        var v = new double[n];
        for (int j = 0; j < n; j++)
        {
            double c = Math.Cos(theta[j]);
            v[j] = 2 * lambda * c / (1 - alpha * c);
        }
        return NearestNeighbourRing(v);
    }
}
