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

    /// <summary>
    /// One name per field (e.g. "u", "v", "p"), used to name the per-field errors (rel_l2_u, ...); null: the fields are
    /// numbered (rel_l2_0, rel_l2_1, ...).
    /// </summary>
    /// <exception cref="ArgumentException">Not one non-empty, distinct name per field.</exception>
    public IReadOnlyList<string>? FieldNames
    {
        get => _fieldNames;
        init
        {
            if (value != null)
            {
                if (value.Count != Fields) throw new ArgumentException($"Expected {Fields} field names, got {value.Count}: {string.Join(", ", value)}.", nameof(FieldNames));
                if (value.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("A field name is empty.", nameof(FieldNames));
                if (value.Distinct(StringComparer.Ordinal).Count() != value.Count) throw new ArgumentException($"The field names {string.Join(", ", value)} repeat a name.", nameof(FieldNames));
            }
            _fieldNames = value?.ToArray();
        }
    }

    /// <summary>
    /// Per field, whether it is compared up to a constant (a pressure fixed only up to one): its errors are measured after
    /// subtracting the mean difference prediction - reference over the test points. Null: every field compared as it is.
    /// </summary>
    /// <exception cref="ArgumentException">Not one flag per field.</exception>
    public IReadOnlyList<bool>? UpToConstant
    {
        get => _upToConstant;
        init
        {
            if (value != null && value.Count != Fields) throw new ArgumentException($"Expected {Fields} up-to-a-constant flags (one per field), got {value.Count}.", nameof(UpToConstant));
            _upToConstant = value?.ToArray();
        }
    }

    /// <summary>The name of field <paramref name="field"/>: its <see cref="FieldNames"/> entry, else its index.</summary>
    public string FieldName(int field) => _fieldNames?[field] ?? field.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private readonly string[]? _fieldNames;
    private readonly bool[]? _upToConstant;

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
