namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// A PDE (or system) written once as ordinary arithmetic on the solution's jet. Derive from this class and override
/// <see cref="Residual{T}"/> (one equation) or <see cref="Residuals{T}"/> (systems), e.g.
/// <code>public override T Residual&lt;T&gt;(PdePoint&lt;T&gt; p) => p.U.Dxx + p.U.Dyy - Source(p.X, p.Y);</code>
/// Coordinates are (x, y, z) then t for time-dependent problems.
/// </summary>
/// <remarks>
/// A system declares its sizes in the constructor: <c>fields</c> is the number of unknown fields the residual reads
/// (<c>p.Field(0)</c> to <c>p.Field(fields - 1)</c>; the network needs that many outputs) and <c>equations</c> the
/// number of residual components it writes (<c>residuals[0]</c> to <c>residuals[equations - 1]</c>). For steady
/// incompressible flow in 2-D with fields (u, v, p):
/// <code>
/// public sealed class Flow() : Pde(spatialDimension: 2, fields: 3, equations: 3)
/// {
///     public override void Residuals&lt;T&gt;(PdePoint&lt;T&gt; p, Span&lt;T&gt; r)
///     {
///         var u = p.Field(0);
///         var v = p.Field(1);
///         var q = p.Field(2);
///         r[0] = u.Value * u.Dx + v.Value * u.Dy + q.Dx - (u.Dxx + u.Dyy) / Re;
///         r[1] = u.Value * v.Dx + v.Value * v.Dy + q.Dy - (v.Dxx + v.Dyy) / Re;
///         r[2] = u.Dx + v.Dy;
///     }
/// }
/// </code>
/// A residual that reads more fields or writes more components than declared is reported when the
/// <c>Pinns.PinnProblem</c> is built, as an <see cref="ArgumentException"/> naming the PDE and both counts.
/// </remarks>
public abstract class Pde : Pdes.IResidualFunction
{
    /// <param name="spatialDimension">1 to 3.</param>
    /// <param name="timeDependent">Adds time as the last coordinate.</param>
    /// <param name="fields">Unknown fields (network outputs) the residual reads through <c>p.Field(k)</c>, k &lt; fields; 1 for a scalar PDE.</param>
    /// <param name="equations">Residual components <see cref="Residuals{T}"/> writes, <c>residuals[i]</c> with i &lt; equations; 1 for a single equation.</param>
    /// <param name="order">Highest derivative order the residual uses (1 or 2).</param>
    /// <param name="parameters">Unknown scalar coefficients the residual reads with <c>p.Parameter(k)</c> or
    /// <c>p.Parameter("name")</c>, identified by the solver jointly with the network; none for a fully known PDE.</param>
    /// <param name="coefficients">Unknown coefficient fields the residual reads with <c>p.Coefficient("name")</c> (value and
    /// derivatives, like a field), each identified as a small network of its own; none for a fully known PDE.</param>
    protected Pde(int spatialDimension, bool timeDependent = false, int fields = 1, int equations = 1, int order = 2, IReadOnlyList<PdeParameter>? parameters = null,
        IReadOnlyList<CoefficientField>? coefficients = null)
    {
        if (spatialDimension is < 1 or > 3) throw new ArgumentOutOfRangeException(nameof(spatialDimension), spatialDimension, "The spatial dimension must be 1, 2 or 3.");
        if (fields < 1) throw new ArgumentOutOfRangeException(nameof(fields), fields, "A PDE needs at least one unknown field.");
        if (equations < 1) throw new ArgumentOutOfRangeException(nameof(equations), equations, "A PDE needs at least one equation.");
        if (order is < 1 or > 2) throw new ArgumentOutOfRangeException(nameof(order), order, "The derivative order must be 1 or 2.");
        SpatialDimension = spatialDimension;
        IsTimeDependent = timeDependent;
        Fields = fields;
        Equations = equations;
        Order = order;
        Parameters = parameters?.ToArray() ?? [];
        var names = new HashSet<string>();
        foreach (var q in Parameters)
        {
            if (q is null) throw new ArgumentException("A parameter is null.", nameof(parameters));
            if (!names.Add(q.Name)) throw new ArgumentException($"Two parameters are named '{q.Name}'.", nameof(parameters));
        }
        ParameterNames = Parameters.Select(q => q.Name).ToArray();
        CoefficientFields = coefficients?.ToArray() ?? [];
        foreach (var c in CoefficientFields)
        {
            if (c is null) throw new ArgumentException("A coefficient field is null.", nameof(coefficients));
            if (!names.Add(c.Name)) throw new ArgumentException($"Two parameters or coefficient fields are named '{c.Name}'.", nameof(coefficients));
        }
        CoefficientNames = CoefficientFields.Select(c => c.Name).ToArray();
    }

    public int SpatialDimension { get; }
    public bool IsTimeDependent { get; }
    /// <summary>Number of coordinates: spatial dimension, plus one for time.</summary>
    public int Dimension => SpatialDimension + (IsTimeDependent ? 1 : 0);
    /// <summary>Number of unknown fields (the network's outputs).</summary>
    public int Fields { get; }
    /// <summary>Number of residual components the PDE writes.</summary>
    public int Equations { get; }
    /// <summary>Highest derivative order the residual reads (1 or 2).</summary>
    public int Order { get; }

    /// <summary>The unknown coefficients the residual reads (<c>p.Parameter(k)</c> is <c>Parameters[k]</c>); empty for a fully known PDE.</summary>
    public IReadOnlyList<PdeParameter> Parameters { get; }

    /// <summary>The names of <see cref="Parameters"/>, in order.</summary>
    internal string[] ParameterNames { get; }

    /// <summary>The unknown coefficient fields the residual reads (<c>p.Coefficient("name")</c>); empty for a fully known PDE.</summary>
    public IReadOnlyList<CoefficientField> CoefficientFields { get; }

    /// <summary>The names of <see cref="CoefficientFields"/>, in order.</summary>
    internal string[] CoefficientNames { get; }

    /// <summary>The residual of a single-equation PDE; zero where the PDE holds.</summary>
    public virtual T Residual<T>(PdePoint<T> p) where T : unmanaged, IPdeNumber<T>
        => throw new InvalidOperationException($"{GetType().Name} must override Residual<T> (one equation) or Residuals<T> (systems).");

    /// <summary>All residual components of a system; the default calls <see cref="Residual{T}"/>.</summary>
    public virtual void Residuals<T>(PdePoint<T> p, Span<T> residuals) where T : unmanaged, IPdeNumber<T>
        => residuals[0] = Residual(p);

    /// <summary>
    /// Runs the residual once at <paramref name="coordinates"/> (on a zero jet) and throws an
    /// <see cref="ArgumentException"/> naming this PDE when it reads more fields or writes more components than the
    /// constructor declared. Called once when a problem is built, never during training.
    /// </summary>
    internal void CheckDeclaredSizes(ReadOnlySpan<double> coordinates, string paramName)
    {
        if (ResidualShape.Needed(this, coordinates, default, Fields, Equations, SpatialDimension, ParameterNames, Parameters.Select(q => q.Initial).ToArray(), CoefficientNames) is not { } needed) return;
        var (fields, equations) = needed;
        var problems = new List<string>();
        if (fields > Fields)
            problems.Add($"its residual reads {fields} fields (up to p.Field({fields - 1})) but the constructor declares fields: {Fields}");
        if (equations > Equations)
            problems.Add($"its residual writes {equations} residual components (up to residuals[{equations - 1}]) but the constructor declares equations: {Equations}");
        if (problems.Count == 0) return;
        var fix = new List<string>();
        if (fields > Fields) fix.Add($"fields: {fields}");
        if (equations > Equations) fix.Add($"equations: {equations}");
        throw new ArgumentException($"PDE {GetType().Name}: {string.Join("; ", problems)}. Pass {string.Join(", ", fix)} to the Pde constructor.", paramName);
    }

    void Pdes.IResidualFunction.Evaluate<T>(PdePoint<T> point, Span<T> residuals) => Residuals(point, residuals);
}
