using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Measurements of the solution as a loss term: at point i the observed value y_i of field u (or of its derivative
/// du/dz_a along coordinate a), residual <c>r_i = sqrt(w_i) (u(x_i) - y_i)</c>, so the term is
/// <c>Weight * mean_i w_i (u(x_i) - y_i)^2</c>. It is what an inverse problem fits the unknown coefficients to.
/// </summary>
/// <remarks>
/// The per-point weights w_i are relative: for measurements of known, unequal noise sigma_i pass w_i = 1 / sigma_i^2
/// (scaled as you like; <see cref="Condition.Weight"/> sets the term's overall weight against the PDE term).
/// </remarks>
public sealed class Observation : Condition
{
    private readonly double[] _values;
    private readonly double[]? _roots;
    private readonly int _field, _derivative;

    /// <param name="points">N x D coordinates of the measurements (space then time).</param>
    /// <param name="values">The N observed values.</param>
    /// <param name="field">The observed field.</param>
    /// <param name="derivative">Null when the value is observed; a coordinate index a when du/dz_a is.</param>
    /// <param name="weights">N relative weights w_i &gt;= 0, or null for all 1.</param>
    /// <param name="weight">Weight of the whole term.</param>
    /// <param name="name">Name in loss reports.</param>
    public Observation(double[] points, double[] values, int field = 0, int? derivative = null, double[]? weights = null, double weight = 1.0, string name = "data")
        : base(name, points, null, weight)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0 || points.Length % values.Length != 0)
            throw new ArgumentException($"Observation '{name}': {values.Length} values do not match {points.Length} coordinates.", nameof(values));
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i])) throw new ArgumentException($"Observation '{name}': value {i} is {values[i]}.", nameof(values));
        if (field < 0) throw new ArgumentOutOfRangeException(nameof(field), field, "Must be >= 0.");
        if (derivative is < 0 || derivative >= points.Length / values.Length)
            throw new ArgumentOutOfRangeException(nameof(derivative), derivative, $"Observation '{name}': the points have {points.Length / values.Length} coordinates.");
        if (weights != null)
        {
            if (weights.Length != values.Length) throw new ArgumentException($"Observation '{name}': {weights.Length} weights for {values.Length} values.", nameof(weights));
            for (int i = 0; i < weights.Length; i++)
                if (!double.IsFinite(weights[i]) || weights[i] < 0) throw new ArgumentException($"Observation '{name}': weight {i} is {weights[i]}; weights must be finite and >= 0.", nameof(weights));
            _roots = weights.Select(Math.Sqrt).ToArray();
        }
        _values = values;
        _field = field;
        _derivative = derivative ?? -1;
    }

    /// <summary>The observed values.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>The observed field.</summary>
    public int Field => _field;

    /// <summary>The coordinate whose derivative is observed, or null when the value is.</summary>
    public int? Derivative => _derivative >= 0 ? _derivative : null;

    /// <inheritdoc/>
    public override int Order => _derivative >= 0 ? 1 : 0;

    /// <inheritdoc/>
    public override void Evaluate<T>(PdePoint<T> p, Span<T> r)
    {
        int i = p.Index;
        if ((uint)i >= (uint)_values.Length)
            throw new InvalidOperationException($"Observation '{Name}' is evaluated at point {i}; it has {_values.Length} (it must be evaluated on its own points).");
        var u = p.Field(_field);
        var model = _derivative >= 0 ? u.D(_derivative) : u.Value;
        var residual = model - _values[i];
        r[0] = _roots is { } w ? residual * w[i] : residual;
    }
}
