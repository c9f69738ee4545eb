using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// Measurements of linear functionals of the solution, each coupling many points: an average of u over a segment, a
/// total flux through a boundary, an integral over a region. Functional j is approximated by a quadrature rule on
/// its points, <c>I_j = sum_{i in j} q_i g(x_i)</c>, and compared with its measured value F_j: one residual
/// <c>R_j = I_j - F_j</c> per functional, and the term is <c>Weight * mean_j R_j^2</c>.
/// </summary>
/// <remarks>
/// <para>
/// The integrand g is the field's value, or its derivative along one coordinate, or (in a subclass overriding
/// <see cref="Integrand{T}"/> and <see cref="Order"/>) anything a residual can read at a point: a flux
/// <c>k u_x</c> with an unknown coefficient field k, a normal derivative on a boundary (pass the normals), a product
/// of fields. It is evaluated at every point like a pointwise condition, on the solver's exact jets; the gradient of
/// the squared functional residual is then <c>2 R_j q_i dg(x_i)</c> at each point, so the solver evaluates the term in
/// two passes (the functionals' values first, then the gradient seeded with them). Pointwise weighting strategies do not
/// apply to it.
/// </para>
/// <para>
/// The quadrature rule is the caller's: for the mean of u over [a, b] sampled at n midpoints, q_i = 1 / n; for the
/// integral, q_i = (b - a) / n; any rule (trapezoid, Gauss-Legendre, Sobol points with equal weights) works, its error
/// becomes part of the model error.
/// </para>
/// </remarks>
public class IntegralObservation : Condition
{
    private readonly double[] _quadrature, _values;
    private readonly int[] _groups;
    private readonly int _field, _derivative;

    /// <summary>One functional: <c>sum_i q_i g(x_i) = value</c>.</summary>
    /// <param name="points">N x D coordinates of the quadrature points (space then time).</param>
    /// <param name="quadratureWeights">The N quadrature weights q_i (any sign; finite).</param>
    /// <param name="value">The measured value of the functional.</param>
    /// <param name="field">The field whose value (or derivative) is integrated.</param>
    /// <param name="derivative">Null to integrate the value; a coordinate index a to integrate du/dz_a.</param>
    /// <param name="normals">N x spatial-dimension outward normals, for an integrand that reads them (a flux through a boundary), or null.</param>
    /// <param name="weight">Weight of the whole term.</param>
    /// <param name="name">Name in loss reports.</param>
    public IntegralObservation(double[] points, double[] quadratureWeights, double value, int field = 0, int? derivative = null, double[]? normals = null,
        double weight = 1.0, string name = "integral")
        : this(points, quadratureWeights, [value], null, field, derivative, normals, weight, name)
    {
    }

    /// <summary>Several functionals on one set of points: point i contributes to functional <c>groups[i]</c>.</summary>
    /// <param name="points">N x D coordinates of the quadrature points (space then time).</param>
    /// <param name="quadratureWeights">The N quadrature weights q_i (any sign; finite).</param>
    /// <param name="values">The J measured values, one per functional.</param>
    /// <param name="groups">For each point the functional (0 to J - 1) it belongs to; null puts every point into functional 0 (then J must be 1).</param>
    /// <param name="field">The field whose value (or derivative) is integrated.</param>
    /// <param name="derivative">Null to integrate the value; a coordinate index a to integrate du/dz_a.</param>
    /// <param name="normals">N x spatial-dimension outward normals, or null.</param>
    /// <param name="weight">Weight of the whole term.</param>
    /// <param name="name">Name in loss reports.</param>
    public IntegralObservation(double[] points, double[] quadratureWeights, double[] values, int[]? groups, int field = 0, int? derivative = null,
        double[]? normals = null, double weight = 1.0, string name = "integral")
        : base(name, points, normals, weight)
    {
        ArgumentNullException.ThrowIfNull(quadratureWeights);
        ArgumentNullException.ThrowIfNull(values);
        int n = quadratureWeights.Length;
        if (n == 0 || points.Length % n != 0)
            throw new ArgumentException($"Integral observation '{name}': {n} quadrature weights do not match {points.Length} coordinates.", nameof(quadratureWeights));
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(quadratureWeights[i])) throw new ArgumentException($"Integral observation '{name}': quadrature weight {i} is {quadratureWeights[i]}.", nameof(quadratureWeights));
        if (values.Length == 0) throw new ArgumentException($"Integral observation '{name}' has no measured values.", nameof(values));
        for (int j = 0; j < values.Length; j++)
            if (!double.IsFinite(values[j])) throw new ArgumentException($"Integral observation '{name}': value {j} is {values[j]}.", nameof(values));
        if (groups is null)
        {
            if (values.Length != 1)
                throw new ArgumentException($"Integral observation '{name}': {values.Length} values need groups saying which points belong to which functional.", nameof(groups));
            groups = new int[n];
        }
        else
        {
            if (groups.Length != n) throw new ArgumentException($"Integral observation '{name}': {groups.Length} group indices for {n} points.", nameof(groups));
            var used = new bool[values.Length];
            for (int i = 0; i < n; i++)
            {
                if ((uint)groups[i] >= (uint)values.Length)
                    throw new ArgumentException($"Integral observation '{name}': point {i} belongs to functional {groups[i]}; there are {values.Length} (0 to {values.Length - 1}).", nameof(groups));
                used[groups[i]] = true;
            }
            int empty = Array.IndexOf(used, false);
            if (empty >= 0) throw new ArgumentException($"Integral observation '{name}': functional {empty} has no points.", nameof(groups));
            groups = (int[])groups.Clone();
        }
        if (field < 0) throw new ArgumentOutOfRangeException(nameof(field), field, "Must be >= 0.");
        if (derivative is < 0 || derivative >= points.Length / n)
            throw new ArgumentOutOfRangeException(nameof(derivative), derivative, $"Integral observation '{name}': the points have {points.Length / n} coordinates.");
        _quadrature = (double[])quadratureWeights.Clone();
        _values = (double[])values.Clone();
        _groups = groups;
        _field = field;
        _derivative = derivative ?? -1;
    }

    /// <summary>The number of functionals J (residuals of the term).</summary>
    public int Count => _values.Length;

    /// <summary>The measured values F_j.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <summary>The quadrature weights q_i.</summary>
    public IReadOnlyList<double> QuadratureWeights => _quadrature;

    /// <summary>For each point the functional it belongs to.</summary>
    public IReadOnlyList<int> Groups => _groups;

    /// <summary>The integrated field.</summary>
    public int Field => _field;

    /// <summary>The coordinate whose derivative is integrated, or null when the value is.</summary>
    public int? Derivative => _derivative >= 0 ? _derivative : null;

    /// <inheritdoc/>
    /// <remarks>A subclass whose <see cref="Integrand{T}"/> reads derivatives overrides it (1 for first, 2 for second derivatives).</remarks>
    public override int Order => _derivative >= 0 ? 1 : 0;

    /// <summary>The integrand is a single number per point.</summary>
    public sealed override int Equations => 1;

    /// <summary>
    /// The integrand g at a quadrature point: by default the field's value or its derivative along
    /// <see cref="Derivative"/>. Override it for another linear functional, e.g. a flux <c>p.Coefficient("k").Value *
    /// p.U.Dx</c> (and <see cref="Order"/> with it).
    /// </summary>
    protected virtual T Integrand<T>(PdePoint<T> point) where T : unmanaged, IPdeNumber<T>
    {
        var u = point.Field(_field);
        return _derivative >= 0 ? u.D(_derivative) : u.Value;
    }

    /// <summary>Writes the integrand at the point (not a residual: the solver forms the functionals' residuals from the integrands).</summary>
    public sealed override void Evaluate<T>(PdePoint<T> point, Span<T> residuals) => residuals[0] = Integrand(point);

    /// <summary>The residuals R_j = sum_{i in j} q_i g_i - F_j from the integrands g at every point (summed in point order).</summary>
    public double[] Residuals(ReadOnlySpan<double> integrands)
    {
        if (integrands.Length != _groups.Length)
            throw new ArgumentException($"Integral observation '{Name}': {integrands.Length} integrands for {_groups.Length} points.", nameof(integrands));
        var r = new double[_values.Length];
        for (int i = 0; i < integrands.Length; i++) r[_groups[i]] += _quadrature[i] * integrands[i];
        for (int j = 0; j < r.Length; j++) r[j] -= _values[j];
        return r;
    }
}
