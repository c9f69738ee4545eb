namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// The exact or reference solution on a test set: N x D points, N x F values and, when known, N x F x D gradients
/// (laid out [point][field][axis]) for the H1 seminorm error. Numerical references (Burgers, Allen-Cahn) fit the same shape.
/// </summary>
public sealed class ReferenceSolution
{
    public ReferenceSolution(double[] points, int dimension, double[] values, int fields = 1, double[]? gradients = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(values);
        if (dimension < 1 || points.Length == 0 || points.Length % dimension != 0)
            throw new ArgumentException($"{points.Length} coordinates do not form a non-empty set of {dimension}-D points.", nameof(points));
        int n = points.Length / dimension;
        if (fields < 1 || values.Length != n * fields) throw new ArgumentException($"Expected {n * fields} values ({n} points x {fields} fields), got {values.Length}.", nameof(values));
        if (gradients != null && gradients.Length != n * fields * dimension)
            throw new ArgumentException($"Expected {n * fields * dimension} gradient components, got {gradients.Length}.", nameof(gradients));
        Points = points; Dimension = dimension; Values = values; Fields = fields; Gradients = gradients; Count = n;
    }

    public double[] Points { get; }
    public int Dimension { get; }
    public int Count { get; }
    public int Fields { get; }
    public double[] Values { get; }
    public double[]? Gradients { get; }

    /// <summary>Samples an exact solution given per field (and, optionally, its gradient per field and axis).</summary>
    public static ReferenceSolution FromFunctions(double[] points, int dimension, Pdes.PointFunction[] solution, Pdes.PointFunction[][]? gradient = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(solution);
        int n = points.Length / dimension, f = solution.Length;
        var values = new double[n * f];
        double[]? grads = gradient != null ? new double[n * f * dimension] : null;
        for (int s = 0; s < n; s++)
        {
            var x = points.AsSpan(s * dimension, dimension);
            for (int j = 0; j < f; j++)
            {
                values[s * f + j] = solution[j](x);
                if (grads != null)
                    for (int a = 0; a < dimension; a++) grads[(s * f + j) * dimension + a] = gradient![j][a](x);
            }
        }
        return new ReferenceSolution(points, dimension, values, f, grads);
    }
}
