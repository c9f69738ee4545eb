namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// A PDE (or system) written once as ordinary arithmetic on the solution's jet. Derive from this class and override
/// <see cref="Residual{T}"/> (one equation) or <see cref="Residuals{T}"/> (systems), e.g.
/// <code>public override T Residual&lt;T&gt;(PdePoint&lt;T&gt; p) => p.U.Dxx + p.U.Dyy - Source(p.X, p.Y);</code>
/// Coordinates are (x, y, z) then t for time-dependent problems.
/// </summary>
public abstract class Pde : Pdes.IResidualFunction
{
    /// <param name="spatialDimension">1 to 3.</param>
    /// <param name="timeDependent">Adds time as the last coordinate.</param>
    /// <param name="fields">Unknown fields (network outputs).</param>
    /// <param name="equations">Residual components.</param>
    /// <param name="order">Highest derivative order the residual uses (1 or 2).</param>
    protected Pde(int spatialDimension, bool timeDependent = false, int fields = 1, int equations = 1, int order = 2)
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
    }

    public int SpatialDimension { get; }
    public bool IsTimeDependent { get; }
    /// <summary>Number of coordinates: spatial dimension, plus one for time.</summary>
    public int Dimension => SpatialDimension + (IsTimeDependent ? 1 : 0);
    public int Fields { get; }
    public int Equations { get; }
    public int Order { get; }

    /// <summary>The residual of a single-equation PDE; zero where the PDE holds.</summary>
    public virtual T Residual<T>(PdePoint<T> p) where T : unmanaged, IPdeNumber<T>
        => throw new InvalidOperationException($"{GetType().Name} must override Residual<T> (one equation) or Residuals<T> (systems).");

    /// <summary>All residual components of a system; the default calls <see cref="Residual{T}"/>.</summary>
    public virtual void Residuals<T>(PdePoint<T> p, Span<T> residuals) where T : unmanaged, IPdeNumber<T>
        => residuals[0] = Residual(p);

    void Pdes.IResidualFunction.Evaluate<T>(PdePoint<T> point, Span<T> residuals) => Residuals(point, residuals);
}
