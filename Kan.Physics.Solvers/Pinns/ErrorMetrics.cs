using Kan.Physics.Networks;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Errors of a solution against a <see cref="ReferenceSolution"/>, over all test points and fields: mean squared error,
/// relative L2 error ||u - u*|| / ||u*||, largest absolute error and, when the reference has gradients, the relative
/// H1 seminorm error ||grad(u - u*)|| / ||grad u*|| (NaN otherwise).
/// </summary>
public readonly record struct ErrorMetrics(double Mse, double RelativeL2, double MaxAbs, double RelativeH1Seminorm)
{
    /// <summary>Evaluates the network (through the input embedding and output transform, if any) on the reference's points.</summary>
    public static ErrorMetrics Compute(KanNetwork network, ReferenceSolution reference, OutputTransform? transform = null, InputTransform? input = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(reference);
        if (network.InputDimension != (input?.EmbeddedDimension ?? reference.Dimension) || network.OutputDimension != reference.Fields)
            throw new ArgumentException($"The reference has {reference.Dimension} coordinates and {reference.Fields} fields; the network maps {network.InputDimension} to {network.OutputDimension}.", nameof(reference));
        bool h1 = reference.Gradients != null;
        var jet = InputTransform.Solution(network, reference.Points, h1 ? 1 : 0, input, transform);
        int n = reference.Count, f = reference.Fields, d = reference.Dimension;
        double se = 0, norm = 0, max = 0, gse = 0, gnorm = 0;
        for (int s = 0; s < n; s++)
            for (int j = 0; j < f; j++)
            {
                double exact = reference.Values[s * f + j], err = jet.Value(s, j) - exact;
                se += err * err; norm += exact * exact; max = Math.Max(max, Math.Abs(err));
                if (!h1) continue;
                for (int a = 0; a < d; a++)
                {
                    double g = reference.Gradients![(s * f + j) * d + a], ge = jet.Gradient(s, j, a) - g;
                    gse += ge * ge; gnorm += g * g;
                }
            }
        return new ErrorMetrics(se / (n * f), norm > 0 ? Math.Sqrt(se / norm) : Math.Sqrt(se),
            max, h1 ? (gnorm > 0 ? Math.Sqrt(gse / gnorm) : Math.Sqrt(gse)) : double.NaN);
    }
}
