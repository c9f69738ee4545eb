using Kan.Physics.Networks;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Errors of a solution against a <see cref="ReferenceSolution"/>: mean squared error, relative L2 error
/// ||u - u*|| / ||u*||, largest absolute error and, when the reference has gradients, the relative H1 seminorm error
/// ||grad(u - u*)|| / ||grad u*|| (NaN otherwise), with the same four errors per field in <see cref="Fields"/>.
/// </summary>
/// <remarks>
/// For one field the headline numbers are that field's errors. For a system (several fields) each headline number is
/// the worst (largest) of that error over the fields, so a small rel. L2 means every field is that good and one badly
/// scaled field (a pressure) cannot hide behind, or swamp, the others. A field compared up to a constant (see
/// <see cref="ReferenceSolution.UpToConstant"/>) enters with its mean difference removed.
/// </remarks>
public readonly record struct ErrorMetrics(double Mse, double RelativeL2, double MaxAbs, double RelativeH1Seminorm)
{
    /// <summary>The errors of each field, in the reference's field order; null when only the headline numbers are known (old checkpoints).</summary>
    public IReadOnlyList<FieldError>? Fields { get; init; }

    /// <summary>Equal when the four headline numbers and the per-field errors (if any) are.</summary>
    public bool Equals(ErrorMetrics other)
        => Mse.Equals(other.Mse) && RelativeL2.Equals(other.RelativeL2) && MaxAbs.Equals(other.MaxAbs)
           && RelativeH1Seminorm.Equals(other.RelativeH1Seminorm)
           && (Fields == null ? other.Fields == null : other.Fields != null && Fields.SequenceEqual(other.Fields));

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Mse, RelativeL2, MaxAbs, RelativeH1Seminorm, Fields?.Count ?? -1);

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
        var values = new double[n * f];
        var gradients = h1 ? new double[n * f * d] : null;
        for (int s = 0; s < n; s++)
            for (int j = 0; j < f; j++)
            {
                values[s * f + j] = jet.Value(s, j);
                if (h1) for (int a = 0; a < d; a++) gradients![(s * f + j) * d + a] = jet.Gradient(s, j, a);
            }
        return Compute(values, gradients, reference);
    }

    /// <summary>
    /// The errors of a prediction given as arrays laid out like the reference: <paramref name="values"/> N x F and, when the
    /// reference has gradients, <paramref name="gradients"/> N x F x D (null: no H1 error).
    /// </summary>
    /// <exception cref="ArgumentException">An array does not match the reference's shape.</exception>
    public static ErrorMetrics Compute(double[] values, double[]? gradients, ReferenceSolution reference)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(reference);
        int n = reference.Count, f = reference.Fields, d = reference.Dimension;
        if (values.Length != n * f) throw new ArgumentException($"Expected {n * f} predicted values ({n} points x {f} fields), got {values.Length}.", nameof(values));
        bool h1 = reference.Gradients != null && gradients != null;
        if (h1 && gradients!.Length != n * f * d)
            throw new ArgumentException($"Expected {n * f * d} predicted gradient components, got {gradients.Length}.", nameof(gradients));
        var fields = new FieldError[f];
        for (int j = 0; j < f; j++)
        {
            bool shifted = reference.UpToConstant?[j] ?? false;
            double shift = shifted ? Shift(values, reference, j) : 0;
            double se = 0, norm = 0, max = 0, gse = 0, gnorm = 0;
            for (int s = 0; s < n; s++)
            {
                double exact = reference.Values[s * f + j], err = values[s * f + j] - exact;
                if (shifted) err -= shift;
                se += err * err; norm += exact * exact; max = Math.Max(max, Math.Abs(err));
                if (!h1) continue;
                for (int a = 0; a < d; a++)
                {
                    double g = reference.Gradients![(s * f + j) * d + a], ge = gradients![(s * f + j) * d + a] - g;
                    gse += ge * ge; gnorm += g * g;
                }
            }
            fields[j] = new FieldError(reference.FieldName(j), se / n, norm > 0 ? Math.Sqrt(se / norm) : Math.Sqrt(se), max,
                h1 ? (gnorm > 0 ? Math.Sqrt(gse / gnorm) : Math.Sqrt(gse)) : double.NaN, shifted ? shift : 0);
        }
        if (f == 1)
        {
            var e = fields[0];
            return new ErrorMetrics(e.Mse, e.RelativeL2, e.MaxAbs, e.RelativeH1Seminorm) { Fields = fields };
        }
        return new ErrorMetrics(Worst(fields, e => e.Mse), Worst(fields, e => e.RelativeL2), Worst(fields, e => e.MaxAbs),
            h1 ? Worst(fields, e => e.RelativeH1Seminorm) : double.NaN) { Fields = fields };
    }

    /// <summary>The largest error over the fields; NaN when any field's is (a diverged field is not hidden).</summary>
    private static double Worst(FieldError[] fields, Func<FieldError, double> error)
    {
        double worst = 0;
        foreach (var e in fields)
        {
            double v = error(e);
            if (double.IsNaN(v)) return double.NaN;
            worst = Math.Max(worst, v);
        }
        return worst;
    }

    /// <summary>The mean difference prediction - reference of field <paramref name="j"/> over the test points.</summary>
    private static double Shift(double[] values, ReferenceSolution reference, int j)
    {
        int n = reference.Count, f = reference.Fields;
        double sum = 0;
        for (int s = 0; s < n; s++) sum += values[s * f + j] - reference.Values[s * f + j];
        return sum / n;
    }
}

/// <summary>
/// The errors of one field of a solution (see <see cref="ErrorMetrics"/>): its name (or index), mean squared error,
/// relative L2 error, largest absolute error, relative H1 seminorm error (NaN without gradients) and the constant
/// subtracted from the prediction before measuring (0 unless the field is compared up to a constant).
/// </summary>
public readonly record struct FieldError(string Name, double Mse, double RelativeL2, double MaxAbs, double RelativeH1Seminorm, double Shift);
