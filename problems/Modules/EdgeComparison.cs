using Kan.Physics.Problems.Anderson;
using Kan.Physics.Expressions;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// Compares a recovered mobility-edge formula g(E, lambda, q) (localised where g &gt; 0) with a model's exact edge.
/// </summary>
internal static class EdgeComparison
{
    /// <summary>
    /// Mean and largest lambda-distance between the two edges, measured along lambda at the (E, q) of the given rows:
    /// on each line the length of the lambda interval (within the model's lambda range) where the signs of the
    /// recovered and the exact order parameter disagree. For one crossing each, with the same orientation, that is
    /// |lambda_recovered - lambda_exact|; a missing or reversed edge counts the whole stretch it gets wrong.
    /// </summary>
    /// <param name="edge">The recovered g, called with (E, lambda, q) or (E, lambda, q, phi = 0) as <paramref name="inputs"/> says.</param>
    public static (double Mean, double Max) LambdaDistance(QuasiperiodicModel model, Func<double[], double> edge, int inputs,
        IReadOnlyList<EigenstateSample> rows, int points = 201)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("No rows to compare the edges on.", nameof(rows));
        var (lo, hi) = model.LambdaRange;
        double step = (hi - lo) / (points - 1);
        var x = new double[inputs];
        double sum = 0, max = 0;
        foreach (var r in rows)
        {
            x[0] = r.Energy;
            x[2] = r.Parameter;
            int wrong = 0;
            for (int k = 0; k < points; k++)
            {
                double lambda = lo + k * step;
                x[1] = lambda;
                bool recovered = edge(x) > 0, exact = model.OrderParameter(r.Energy, lambda, r.Parameter) > 0;
                if (recovered != exact) wrong++;
            }
            // each grid point stands for one step of lambda (the two end points for half a step each)
            double d = wrong * (hi - lo) / points;
            sum += d;
            max = Math.Max(max, d);
        }
        return (sum / rows.Count, max);
    }

    /// <summary>
    /// The GAAM reading of a recovered edge: its Taylor coefficients at the origin (for a polynomial edge, the monomial
    /// coefficients) divided by that of alpha*E, so that the exact edge alpha E + 2 lambda - 2 reads (1, 2, -2) for
    /// (alpha E, lambda, 1) and 0 for E, alpha, E^2, alpha^2, lambda^2, E lambda and alpha lambda.
    /// </summary>
    /// <returns>Coefficient name (as <c>alpha*E</c>, <c>lambda</c>, <c>1</c>, ...) to normalised coefficient, or null
    /// when the alpha*E coefficient is zero (the formula has no product, so no such normalisation).</returns>
    public static IReadOnlyDictionary<string, double>? GaamCoefficients(Expr edge, string alpha = "alpha")
    {
        ArgumentNullException.ThrowIfNull(edge);
        var origin = new Dictionary<string, double> { ["E"] = 0, ["lambda"] = 0, [alpha] = 0, ["phi"] = 0 };
        double At(Expr e) => e.Evaluate(origin);
        Expr dE = edge.Differentiate("E"), dL = edge.Differentiate("lambda"), dA = edge.Differentiate(alpha);
        double product = At(dE.Differentiate(alpha));
        if (!(Math.Abs(product) > 1e-12) || !double.IsFinite(product)) return null;
        var raw = new Dictionary<string, double>
        {
            [alpha + "*E"] = product,
            ["lambda"] = At(dL),
            ["1"] = At(edge),
            ["E"] = At(dE),
            [alpha] = At(dA),
            ["E^2"] = At(dE.Differentiate("E")) / 2,
            [alpha + "^2"] = At(dA.Differentiate(alpha)) / 2,
            ["lambda^2"] = At(dL.Differentiate("lambda")) / 2,
            ["E*lambda"] = At(dE.Differentiate("lambda")),
            [alpha + "*lambda"] = At(dA.Differentiate("lambda")),
        };
        return raw.ToDictionary(p => p.Key, p => p.Value / product);
    }
}
