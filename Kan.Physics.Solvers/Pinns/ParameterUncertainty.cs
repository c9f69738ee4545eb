using Kan.Physics.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>An identified coefficient: its value and the standard error of that value.</summary>
public sealed record ParameterEstimate(string Name, double Value, double StandardError);

/// <summary>
/// Standard errors of the identified coefficients from the Gauss-Newton curvature of the loss at the optimum (a Laplace
/// approximation).
/// </summary>
/// <remarks>
/// <para>
/// The measurements are modelled as y_i = u(x_i) + e_i with independent errors of variance sigma^2 / w_i (w_i the
/// <see cref="Observation"/>'s per-point weights). The data term is then the negative log-likelihood up to a factor,
/// and the PDE and condition terms act as a Gaussian penalty whose strength the loss weights fix. The curvature of
/// the loss with respect to all network parameters and coefficient values together is taken in its Gauss-Newton form
/// J^T J (J: the Jacobian of every weighted residual, one single-point evaluation per residual), which needs no second
/// derivatives and is positive semi-definite. The covariance of (network, coefficients) is sigma^2 (J^T J)^-1 with the
/// data rows scaled to unit weight, and a coefficient's standard error is the square root of its diagonal entry: the
/// Schur complement, so it accounts for everything the network can trade against the coefficient.
/// An <see cref="IntegralObservation"/> contributes one row per functional, weighted like a condition (by its loss
/// weight relative to the data term's); the noise level sigma is estimated from the pointwise observations alone.
/// </para>
/// <para>
/// sigma^2 is estimated as the mean weighted squared data residual at the optimum (the maximum-likelihood estimate;
/// it reads a little low when the network has many effective degrees of freedom compared with the data). A tiny
/// ridge, 1e-10 of the mean diagonal, makes J^T J invertible in the directions no residual sees (spline coefficients of
/// intervals without points); it does not move a coefficient that the data determine.
/// </para>
/// <para>
/// Why not a seeded ensemble over noise draws: that costs a full solve per member, while this costs one evaluation per
/// residual and a dense Cholesky factorisation in the number of network parameters (about a second for 2,000
/// parameters, growing as their cube). It describes the noise of the data only, not the optimiser stopping short or
/// the network's limited accuracy; <c>burgers-inverse</c> compares it with the actual errors.
/// </para>
/// </remarks>
public static class ParameterUncertainty
{
    /// <summary>
    /// The standard errors of the PDE's unknown coefficients at <paramref name="network"/>'s parameters and the
    /// problem's current coefficient values (those a <see cref="PinnSolver"/> run left: the identified ones).
    /// </summary>
    /// <param name="network">The trained network (<see cref="PinnResult.Network"/>).</param>
    /// <param name="problem">The problem, with at least one <see cref="Observation"/>.</param>
    /// <param name="pdeScale">What the PDE term was divided by (see <see cref="PinnOptions.NormalizePde"/> and <see cref="PinnSolver.SourceScale"/>); 1 without normalisation.</param>
    public static IReadOnlyList<ParameterEstimate> Estimate(KanNetwork network, PinnProblem problem, double pdeScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(problem);
        if (!(pdeScale > 0) || !double.IsFinite(pdeScale)) throw new ArgumentOutOfRangeException(nameof(pdeScale), pdeScale, "Must be finite and > 0.");
        var unknowns = problem.Unknowns;
        int np = unknowns.Count;
        if (np == 0) return [];
        if (problem.Periodic.Count > 0) throw new NotSupportedException("Standard errors are not available for problems with periodic conditions.");
        var loss = new PinnLoss(problem, pdeScale);
        var data = loss.Terms.Where(t => t.Function is Observation).ToList();
        if (data.Count == 0) throw new InvalidOperationException("Standard errors need observations: the problem has no Observation condition.");
        int d = problem.Pde.Dimension;
        // the data rows carry unit weight (the rows of sqrt(w_i) (u - y_i)); the other terms keep their weight relative to the data term's
        double dataPoints = data.Sum(t => t.Points.Length / d);
        double dataWeight = data.Sum(t => ((Condition)t.Function!).Weight * (t.Points.Length / d)) / dataPoints;
        if (!(dataWeight > 0)) throw new InvalidOperationException("Standard errors need observations of positive weight.");
        // with coefficient fields, their networks' parameters are unknowns too: the scalars' errors account for them
        int n = network.ParameterCount, size = n + unknowns.CoordinateCount;
        var h = new double[size * size]; // upper triangle, row-major
        var nonzero = new List<int>(size);
        double squares = 0;
        foreach (var term in loss.Terms)
        {
            bool isData = term.Function is Observation;
            // an integral observation has one residual per functional; it enters like a condition, by its weight
            int count = term.Function is IntegralObservation integral ? integral.Count : term.Points.Length / d;
            double termWeight = term.Function is Condition c ? c.Weight : problem.InteriorWeight / pdeScale;
            if (termWeight == 0) continue;
            double factor = isData ? 1.0 : Math.Sqrt(termWeight / count * dataPoints / dataWeight);
            var pointWeights = term.Function is IntegralObservation ? null : term.Residual.PointWeights;
            loss.Rows(network, term, (s, row, squared) =>
            {
                if (isData) squares += squared;
                double scale = factor * (pointWeights is { } pw ? Math.Sqrt(pw[s]) : 1.0);
                nonzero.Clear();
                for (int k = 0; k < size; k++) if (row[k] != 0) nonzero.Add(k);
                foreach (int a in nonzero)
                {
                    double ra = scale * scale * row[a];
                    int offset = a * size;
                    foreach (int b in nonzero) if (b >= a) h[offset + b] += ra * row[b];
                }
            });
        }
        double sigma2 = squares / dataPoints;
        double trace = 0;
        for (int k = 0; k < size; k++) trace += h[k * size + k];
        double ridge = 1e-10 * Math.Max(trace / size, double.Epsilon);
        // MathNet is column-major: the upper triangle of h read as columns is the lower triangle; mirror it
        for (int a = 0; a < size; a++)
        {
            h[a * size + a] += ridge;
            for (int b = a + 1; b < size; b++) h[b * size + a] = h[a * size + b];
        }
        var matrix = Matrix<double>.Build.Dense(size, size, h);
        var rhs = Matrix<double>.Build.Dense(size, np);
        for (int k = 0; k < np; k++) rhs[n + k, k] = 1;
        var solved = matrix.Cholesky().Solve(rhs);
        var values = unknowns.Values();
        var result = new ParameterEstimate[np];
        for (int k = 0; k < np; k++)
            result[k] = new ParameterEstimate(unknowns.Names[k], values[k], Math.Sqrt(Math.Max(0, sigma2 * solved[n + k, k])));
        return result;
    }
}
