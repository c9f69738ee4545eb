using System.Runtime.Intrinsics;
using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Jets;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// <c>Weight * mean over points of sum_e r_e^2</c> for a pointwise residual r of the network's output jet, as an
/// <see cref="IJetLoss"/>: the network supplies the jet and back-propagates the adjoint this loss writes. The residual
/// is run once on <see cref="Real"/> for its value and once on <see cref="Dual"/> per jet component for its exact
/// partial derivatives, so d loss / d jet = 2 sum_e r_e dr_e/d jet needs no hand-written derivatives.
/// </summary>
public sealed class ResidualLoss : IJetLoss
{
    private readonly IResidualFunction _residual;
    private readonly double[] _points, _normals;
    private readonly int _count, _dimension, _spatial, _fields;

    /// <param name="residual">The residual.</param>
    /// <param name="points">N x D coordinates (space then time), the batch the network is evaluated on.</param>
    /// <param name="normals">N x spatial-dimension outward normals for boundary points, or null.</param>
    /// <param name="spatialDimension">Spatial coordinates among the D.</param>
    /// <param name="fields">Network outputs (unknown fields).</param>
    /// <param name="weight">Multiplies the mean squared residual.</param>
    public ResidualLoss(IResidualFunction residual, double[] points, double[]? normals, int dimension, int spatialDimension, int fields, double weight = 1.0)
    {
        ArgumentNullException.ThrowIfNull(residual);
        ArgumentNullException.ThrowIfNull(points);
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "At least one coordinate is needed.");
        if (points.Length == 0 || points.Length % dimension != 0)
            throw new ArgumentException($"{points.Length} coordinates do not form a non-empty set of {dimension}-D points.", nameof(points));
        _count = points.Length / dimension;
        if (normals != null && normals.Length != _count * spatialDimension)
            throw new ArgumentException($"Expected {_count * spatialDimension} normal components ({_count} points x {spatialDimension}), got {normals.Length}.", nameof(normals));
        if (!double.IsFinite(weight) || weight < 0) throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be finite and >= 0.");
        _residual = residual;
        _points = points;
        _normals = normals ?? [];
        _dimension = dimension;
        _spatial = spatialDimension;
        _fields = fields;
        Weight = weight;
    }

    public double Weight { get; }

    /// <summary>
    /// The problem's unknown coefficients, or null: the residual reads their current values, and every evaluation
    /// leaves d loss / d value_k per point for <see cref="AddParameterGradient"/>.
    /// </summary>
    internal UnknownParameters? Parameters
    {
        get => _parameters;
        init
        {
            _parameters = value is { Count: > 0 } or { Fields.Count: > 0 } ? value : null;
            _parameterPartials = _parameters is null ? [] : new double[_count * _parameters.Count];
            _coefficientNames = _parameters is { Fields.Count: > 0 } ? _parameters.FieldNames : null;
        }
    }
    private readonly UnknownParameters? _parameters;
    private readonly double[] _parameterPartials = [];
    private int ParameterCount => _parameters?.Count ?? 0;
    private int CoefficientCount => _coefficientNames?.Length ?? 0;
    private readonly string[]? _coefficientNames;
    // the coefficient fields' jets at this loss's points (value offset included) and d loss / d those jets, by point
    private JetBlock[] _coefficientJets = [], _coefficientAdjoints = [];
    private double[] _coefficientScratch = [];

    /// <summary>
    /// Evaluates the coefficient fields' networks (as <see cref="Parameters"/> holds them: call
    /// <see cref="UnknownParameters.Sync"/> first) at this loss's points, for the residual to read, and clears their
    /// adjoints; nothing without coefficient fields. Call before every evaluation of the network on this loss.
    /// </summary>
    internal void PrepareCoefficients()
    {
        int c = CoefficientCount;
        if (c == 0) return;
        if (_coefficientJets.Length != c) { _coefficientJets = new JetBlock[c]; _coefficientAdjoints = new JetBlock[c]; }
        for (int f = 0; f < c; f++)
        {
            _coefficientJets[f] = _parameters!.FieldJet(f, _points, Order);
            if (_coefficientAdjoints[f] is { } a) { a.Values.Clear(); a.First.Clear(); a.Second.Clear(); }
            else _coefficientAdjoints[f] = new JetBlock(_count, 1, _dimension, Order);
        }
    }

    /// <summary>
    /// Adds d loss / d (each coefficient field network's parameters) of the last evaluation to
    /// <paramref name="gradient"/> (indexed like <see cref="UnknownParameters.Theta"/>): one backward pass of each
    /// field's network with the adjoint the residual left.
    /// </summary>
    internal void AddCoefficientGradient(Span<double> gradient)
    {
        for (int f = 0; f < CoefficientCount; f++)
        {
            var net = _parameters!.Networks[f];
            if (_coefficientScratch.Length != net.ParameterCount) _coefficientScratch = new double[net.ParameterCount];
            net.Backward(_points, _coefficientAdjoints[f], _coefficientScratch);
            var g = gradient.Slice(_parameters.FieldStart(f), net.ParameterCount);
            for (int i = 0; i < g.Length; i++) g[i] += _coefficientScratch[i];
        }
    }

    /// <summary>
    /// Coefficient jet component <paramref name="index"/> (field index / perField, then value, first and second
    /// derivatives) of the coefficient fields' jets (or their adjoints) at point <paramref name="sample"/>.
    /// </summary>
    private static ref double CoefficientRef(JetBlock[] blocks, int index, int perField, int sample, int d, int pairs)
    {
        var b = blocks[index / perField];
        int k = index % perField;
        if (k == 0) return ref b.Value(sample, 0);
        if (k <= d) return ref b.Gradient(sample, 0, k - 1);
        return ref b.Second[sample * pairs + (k - 1 - d)];
    }

    private void CheckPrepared()
    {
        if (CoefficientCount > 0 && _coefficientJets.Length == 0)
            throw new InvalidOperationException("The coefficient fields' jets were not prepared (PrepareCoefficients) before the evaluation.");
    }

    /// <summary>
    /// Linearised mode, for Jacobians: the adjoint and parameter partials are those of <c>scale * sum_e r_e</c> instead of
    /// <c>scale * sum_e r_e^2</c> (the returned loss is unchanged), so with one point and one component the network's
    /// parameter gradient is the row d r / d parameters.
    /// </summary>
    internal bool Linear { get; init; }

    /// <summary>Added to every point's position before the residual sees it as <see cref="PdePoint{T}.Index"/> (a loss on a slice of a term's points).</summary>
    internal int IndexOffset { get; init; }

    private double Coefficient(double residual) => Linear || _integrands != null ? 1.0 : 2 * residual;

    /// <summary>
    /// The integral observation this loss evaluates, or null for a pointwise term. Its points' residuals are then the
    /// integrands g_i: an evaluation stores them (<see cref="Integrands"/>) and returns 0, and writes the adjoint and
    /// parameter partials of <c>sum_i seed_i g_i</c> for the <see cref="Seeds"/> set (none while they are null), so the
    /// caller evaluates twice: for the functionals' values, then seeded with <c>2 Weight / J R_j q_i</c> for the gradient.
    /// </summary>
    internal IntegralObservation? Functional
    {
        get => _functional;
        init
        {
            _functional = value;
            _integrands = value is null ? null : new double[_count];
        }
    }
    private readonly IntegralObservation? _functional;
    private readonly double[]? _integrands;

    /// <summary>The integrands g_i of the last evaluation, by point (functional mode only).</summary>
    internal ReadOnlySpan<double> Integrands => _integrands ?? throw new InvalidOperationException("Not an integral observation's loss.");

    /// <summary>Per-point multipliers of the integrands' partials in functional mode; null: values only.</summary>
    internal double[]? Seeds
    {
        get => _seeds;
        set
        {
            if (value != null && value.Length != _count) throw new ArgumentException($"Expected {_count} seeds, got {value.Length}.", nameof(value));
            _seeds = value;
        }
    }
    private double[]? _seeds;

    /// <summary>What multiplies point <paramref name="sample"/>'s squared residual (or, in functional mode, its integrand's partials).</summary>
    private double PointScale(int sample, double scale)
        => _integrands != null ? _seeds?[sample] ?? 0 : _pointWeights is { } pw ? scale * pw[sample] : scale;

    /// <summary>The point's contribution to the returned loss: its scaled squared residual, or 0 in functional mode, where the integrand is stored instead.</summary>
    private double Contribution<T>(ReadOnlySpan<T> residuals, ReadOnlySpan<double> coords, int sample, double pointScale) where T : unmanaged, IPdeNumber<T>
    {
        double squared = SquaredNorm(residuals, coords);
        if (_integrands is null) return pointScale * squared;
        _integrands[sample] = residuals[0].Value;
        return 0;
    }

    /// <summary>
    /// Adds d loss / d value_k of the last evaluation (over all this loss's points, summed in point order, so the result
    /// does not depend on how the network split the batch between threads) to <paramref name="gradient"/>[k].
    /// </summary>
    internal void AddParameterGradient(Span<double> gradient)
    {
        int p = ParameterCount;
        for (int s = 0; s < _count; s++)
            for (int k = 0; k < p; k++) gradient[k] += _parameterPartials[s * p + k];
    }

    /// <summary>The current values of the unknown coefficients as constants of type <typeparamref name="T"/>.</summary>
    private void ParameterConstants<T>(Span<T> values) where T : unmanaged, IPdeNumber<T>
    {
        for (int k = 0; k < values.Length; k++) values[k] = T.Constant(_parameters!.Value(k));
    }

    /// <summary>Up to eight jet components run on <see cref="Dual8"/>; tests turn it off to compare with <see cref="MultiDual"/>.</summary>
    internal bool UseVectorDuals { get; set; } = true;

    /// <summary>
    /// Optional per-point weights multiplying each point's squared residual (e.g. causal training); null means all 1.
    /// Set between evaluations, never during one.
    /// </summary>
    public double[]? PointWeights
    {
        get => _pointWeights;
        set
        {
            if (value != null && value.Length != _count)
                throw new ArgumentException($"Expected {_count} point weights, got {value.Length}.", nameof(value));
            _pointWeights = value;
        }
    }
    private double[]? _pointWeights;
    public int Order => _residual.Order;
    public int Count => _count;

    public double Accumulate(int start, JetBlock outputs, JetBlock adjoint)
    {
        CheckPrepared();
        int d = _dimension, order = Order, e = _residual.Equations;
        int pairs = order >= 2 ? d * (d + 1) / 2 : 0;
        // the jet components: the network's fields, then the coefficient fields'; then the scalar parameters
        int perField = 1 + (order >= 1 ? d : 0) + pairs, mu = perField * _fields, m = mu + perField * CoefficientCount, np = ParameterCount, all = m + np;
        if (all <= Dual8.Capacity && UseVectorDuals) return AccumulateVector(start, outputs, adjoint, perField, pairs, m);
        var names = _parameters?.Names;
        var coefficientNames = _coefficientNames;
        Span<Real> jetR = stackalloc Real[m];
        Span<Dual> jetD = stackalloc Dual[m];
        Span<Real> resR = stackalloc Real[e];
        Span<Dual> resD = stackalloc Dual[e];
        Span<Real> parR = stackalloc Real[np];
        Span<Dual> parD = stackalloc Dual[np];
        Span<MultiDual> jetM = all <= MultiDual.Capacity ? stackalloc MultiDual[m] : default;
        Span<MultiDual> resM = all <= MultiDual.Capacity ? stackalloc MultiDual[e] : default;
        Span<MultiDual> parM = all <= MultiDual.Capacity ? stackalloc MultiDual[np] : default;
        if (np > 0)
        {
            ParameterConstants(parR);
            for (int k = 0; k < np; k++) parD[k] = new Dual(parR[k].Value, 0);
            if (all <= MultiDual.Capacity) for (int k = 0; k < np; k++) parM[k] = MultiDual.Variable(parR[k].Value, m + k, all);
        }
        double scale = Weight / _count, loss = 0;
        int w = outputs.Width;
        for (int s = 0; s < outputs.Count; s++)
        {
            int sample = start + s;
            double pointScale = PointScale(sample, scale);
            var coords = _points.AsSpan(sample * d, d);
            var normal = _normals.Length > 0 ? _normals.AsSpan(sample * _spatial, _spatial) : default;
            if (all <= MultiDual.Capacity)
            {
                // one run on multi-duals gives the value and every partial at once (jet components, then parameters)
                for (int c = 0; c < m; c++) jetM[c] = MultiDual.Variable(c < mu ? Component(outputs, s, c, perField, d, pairs, w) : CoefficientRef(_coefficientJets, c - mu, perField, sample, d, pairs), c, all);
                resM.Clear();
                _residual.Evaluate(new PdePoint<MultiDual>(coords, normal, jetM, _fields, _spatial, order, parM, names, sample + IndexOffset, coefficientNames), resM);
                loss += Contribution<MultiDual>(resM, coords, sample, pointScale);
                for (int c = 0; c < all; c++)
                {
                    double g = 0;
                    for (int q = 0; q < e; q++) g += Coefficient(resM[q].Value) * resM[q].Partial(c);
                    if (c >= m) _parameterPartials[sample * np + c - m] = pointScale * g;
                    else if (g == 0) continue;
                    else if (c < mu) ComponentRef(adjoint, s, c, perField, d, pairs, w) += pointScale * g;
                    else CoefficientRef(_coefficientAdjoints, c - mu, perField, sample, d, pairs) += pointScale * g;
                }
                continue;
            }
            for (int c = 0; c < m; c++) jetR[c] = new Real(c < mu ? Component(outputs, s, c, perField, d, pairs, w) : CoefficientRef(_coefficientJets, c - mu, perField, sample, d, pairs));
            resR.Clear();
            _residual.Evaluate(new PdePoint<Real>(coords, normal, jetR, _fields, _spatial, order, parR, names, sample + IndexOffset, coefficientNames), resR);
            loss += Contribution<Real>(resR, coords, sample, pointScale);
            // too many jet components for one multi-dual: one dual run per component, then one per parameter
            for (int c = 0; c < m; c++) jetD[c] = new Dual(jetR[c].Value, 0);
            for (int c = 0; c < all; c++)
            {
                if (c < m) jetD[c] = new Dual(jetR[c].Value, 1);
                else parD[c - m] = new Dual(parR[c - m].Value, 1);
                resD.Clear();
                _residual.Evaluate(new PdePoint<Dual>(coords, normal, jetD, _fields, _spatial, order, parD, names, sample + IndexOffset, coefficientNames), resD);
                if (c < m) jetD[c] = new Dual(jetR[c].Value, 0);
                else parD[c - m] = new Dual(parR[c - m].Value, 0);
                double g = 0;
                for (int q = 0; q < e; q++) g += Coefficient(resR[q].Value) * resD[q].Derivative;
                if (c >= m) _parameterPartials[sample * np + c - m] = pointScale * g;
                else if (g == 0) continue;
                else if (c < mu) ComponentRef(adjoint, s, c, perField, d, pairs, w) += pointScale * g;
                else CoefficientRef(_coefficientAdjoints, c - mu, perField, sample, d, pairs) += pointScale * g;
            }
        }
        return loss;
    }

    /// <summary>
    /// <see cref="Accumulate"/> for at most eight jet components: one run of the residual on <see cref="Dual8"/> per
    /// point gives its value and all partials, and the adjoint 2 sum_e r_e dr_e/d jet is one vector sum.
    /// </summary>
    private double AccumulateVector(int start, JetBlock outputs, JetBlock adjoint, int perField, int pairs, int m)
    {
        int d = _dimension, order = Order, e = _residual.Equations, w = outputs.Width, np = ParameterCount;
        Span<Dual8> jet = stackalloc Dual8[m];
        Span<Dual8> res = stackalloc Dual8[e];
        // the parameters are the partials after the jet's m components
        Span<Dual8> parameters = stackalloc Dual8[np];
        for (int k = 0; k < np; k++) parameters[k] = Dual8.Variable(_parameters!.Value(k), m + k);
        var names = _parameters?.Names;
        // where component c of sample s lives: array kind (0 values, 1 first, 2 second) and offset s * stride + offset;
        // the coefficient fields' components (from mu on) are read from their own jets by point
        int mu = perField * _fields;
        var coefficientNames = _coefficientNames;
        Span<int> kind = stackalloc int[mu], offset = stackalloc int[mu], stride = stackalloc int[3];
        stride[0] = w; stride[1] = d * w; stride[2] = pairs * w;
        for (int c = 0; c < mu; c++)
        {
            int field = c / perField, k = c % perField;
            (kind[c], offset[c]) = k == 0 ? (0, field) : k <= d ? (1, (k - 1) * w + field) : (2, (k - 1 - d) * w + field);
        }
        Span<double> v0 = outputs.Values, v1 = outputs.First, v2 = outputs.Second;
        Span<double> g0 = adjoint.Values, g1 = adjoint.First, g2 = adjoint.Second;
        double scale = Weight / _count, loss = 0;
        var pde = _residual as Pde;
        Span<double> g = stackalloc double[Dual8.Capacity];
        for (int s = 0; s < outputs.Count; s++)
        {
            int sample = start + s;
            double pointScale = PointScale(sample, scale);
            var coords = _points.AsSpan(sample * d, d);
            var normal = _normals.Length > 0 ? _normals.AsSpan(sample * _spatial, _spatial) : default;
            for (int c = 0; c < mu; c++)
            {
                int at = s * stride[kind[c]] + offset[c];
                jet[c] = Dual8.Variable(kind[c] == 0 ? v0[at] : kind[c] == 1 ? v1[at] : v2[at], c);
            }
            for (int c = mu; c < m; c++) jet[c] = Dual8.Variable(CoefficientRef(_coefficientJets, c - mu, perField, sample, d, pairs), c);
            res.Clear();
            var point = new PdePoint<Dual8>(coords, normal, jet, _fields, _spatial, order, parameters, names, sample + IndexOffset, coefficientNames);
            // a PDE is called directly: one generic virtual dispatch per point instead of two
            if (pde != null) pde.Residuals(point, res);
            else _residual.Evaluate(point, res);
            loss += Contribution<Dual8>(res, coords, sample, pointScale);
            var sum = Vector512<double>.Zero;
            for (int q = 0; q < e; q++) sum += Coefficient(res[q].Value) * res[q].Partials;
            (pointScale * sum).CopyTo(g);
            for (int k = 0; k < np; k++) _parameterPartials[sample * np + k] = g[m + k];
            for (int c = 0; c < mu; c++)
            {
                if (g[c] == 0) continue;
                int at = s * stride[kind[c]] + offset[c];
                (kind[c] == 0 ? ref g0[at] : ref kind[c] == 1 ? ref g1[at] : ref g2[at]) += g[c];
            }
            for (int c = mu; c < m; c++)
                if (g[c] != 0) CoefficientRef(_coefficientAdjoints, c - mu, perField, sample, d, pairs) += g[c];
        }
        return loss;
    }

    /// <summary>sum_e r_e^2 of one point's residuals; a non-finite residual is an error that names the point.</summary>
    private double SquaredNorm<T>(ReadOnlySpan<T> residuals, ReadOnlySpan<double> coords) where T : unmanaged, IPdeNumber<T>
    {
        double sq = 0;
        for (int q = 0; q < residuals.Length; q++)
        {
            double r = residuals[q].Value;
            if (!double.IsFinite(r))
                throw new InvalidOperationException($"Residual {q} of {_residual.GetType().Name} is {r} at point ({string.Join(", ", coords.ToArray())}).");
            sq += r * r;
        }
        return sq;
    }

    /// <summary>sum_e r_e^2 at every point, from the network's output jet on this loss's points (for adaptive resampling).</summary>
    public double[] PointwiseSquaredResiduals(JetBlock outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count != _count || outputs.Order < Order) throw new ArgumentException("The jet must hold every point of this loss at its order.", nameof(outputs));
        PrepareCoefficients();
        int d = _dimension, order = Order, e = _residual.Equations;
        int pairs = order >= 2 ? d * (d + 1) / 2 : 0, perField = 1 + (order >= 1 ? d : 0) + pairs, mu = perField * _fields, m = mu + perField * CoefficientCount;
        // the jet may be of higher order than the loss needs: read components with the jet's own layout
        int jetPairs = outputs.Pairs;
        Span<Real> jetR = stackalloc Real[m];
        Span<Real> resR = stackalloc Real[e];
        Span<Real> parR = stackalloc Real[ParameterCount];
        if (ParameterCount > 0) ParameterConstants(parR);
        var result = new double[_count];
        for (int s = 0; s < _count; s++)
        {
            for (int c = mu; c < m; c++) jetR[c] = new Real(CoefficientRef(_coefficientJets, c - mu, perField, s, d, pairs));
            for (int c = 0; c < mu; c++)
            {
                int field = c / perField, k = c % perField;
                double v = k == 0 ? outputs.Value(s, field) : k <= d ? outputs.Gradient(s, field, k - 1)
                    : outputs.Second[(s * jetPairs + (k - 1 - d)) * outputs.Width + field];
                jetR[c] = new Real(v);
            }
            resR.Clear();
            var normal = _normals.Length > 0 ? _normals.AsSpan(s * _spatial, _spatial) : default;
            _residual.Evaluate(new PdePoint<Real>(_points.AsSpan(s * d, d), normal, jetR, _fields, _spatial, order, parR, _parameters?.Names, s + IndexOffset, _coefficientNames), resR);
            double sq = 0;
            for (int q = 0; q < e; q++) sq += resR[q].Value * resR[q].Value;
            result[s] = sq;
        }
        return result;
    }

    private static double Component(JetBlock j, int s, int c, int perField, int d, int pairs, int w)
        => ComponentRef(j, s, c, perField, d, pairs, w);

    private static ref double ComponentRef(JetBlock j, int s, int c, int perField, int d, int pairs, int w)
    {
        int field = c / perField, k = c % perField;
        if (k == 0) return ref j.Value(s, field);
        if (k <= d) return ref j.Gradient(s, field, k - 1);
        return ref j.Second[(s * pairs + (k - 1 - d)) * w + field];
    }
}
