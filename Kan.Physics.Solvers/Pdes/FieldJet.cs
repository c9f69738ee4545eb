namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// One unknown field at one point: its value and derivatives with respect to the coordinates (space first, time last),
/// as the residual's number type. Only what the PDE's <see cref="Pde.Order"/> provides can be read.
/// </summary>
public readonly ref struct FieldJet<T> where T : unmanaged, IPdeNumber<T>
{
    private readonly ReadOnlySpan<T> _c; // [value, d_0..d_{D-1}, pairs (a<=b)]
    private readonly int _dimension, _order, _spatial;

    internal FieldJet(ReadOnlySpan<T> components, int dimension, int spatialDimension, int order)
    {
        _c = components; _dimension = dimension; _spatial = spatialDimension; _order = order;
    }

    /// <summary>The field's value u.</summary>
    public T Value => _c[0];

    /// <summary>du / dz_a, with z = (x, y, z, t) in the PDE's coordinate order.</summary>
    public T D(int a)
    {
        if (_order < 1 || (uint)a >= (uint)_dimension) ThrowD(a);
        return _c[1 + a];
    }

    /// <summary>d2u / dz_a dz_b (symmetric).</summary>
    public T D2(int a, int b)
    {
        if (_order < 2 || (uint)a >= (uint)_dimension || (uint)b >= (uint)_dimension) ThrowD2(a, b);
        if (a > b) (a, b) = (b, a);
        return _c[1 + _dimension + a * _dimension - a * (a - 1) / 2 + (b - a)];
    }

    // the checks' messages live out of line, so that D and D2 stay small enough to inline into residuals
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowD(int a)
    {
        if (_order < 1) throw new InvalidOperationException("First derivatives need a PDE of order >= 1.");
        throw new ArgumentOutOfRangeException(nameof(a), a, $"The PDE has {_dimension} coordinates.");
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowD2(int a, int b)
    {
        if (_order < 2) throw new InvalidOperationException("Second derivatives need a PDE of order 2.");
        if ((uint)a >= (uint)_dimension) throw new ArgumentOutOfRangeException(nameof(a), a, $"The PDE has {_dimension} coordinates.");
        throw new ArgumentOutOfRangeException(nameof(b), b, $"The PDE has {_dimension} coordinates.");
    }

    private int Space(int a, string name)
    {
        if (a >= _spatial) ThrowSpace(a, name);
        return a;
    }

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void ThrowSpace(int a, string name)
        => throw new InvalidOperationException($"{name} needs spatial coordinate {a}, but the PDE has {_spatial} spatial dimension(s).");
    private int Time => _dimension > _spatial ? _dimension - 1
        : throw new InvalidOperationException("A time derivative was requested, but the PDE is not time-dependent.");

    public T Dx => D(Space(0, "Dx"));
    public T Dy => D(Space(1, "Dy"));
    public T Dz => D(Space(2, "Dz"));
    public T Dt => D(Time);
    public T Dxx => D2(Space(0, "Dxx"), 0);
    public T Dyy => D2(Space(1, "Dyy"), 1);
    public T Dzz => D2(Space(2, "Dzz"), 2);
    public T Dxy => D2(Space(0, "Dxy"), Space(1, "Dxy"));
    public T Dxz => D2(Space(0, "Dxz"), Space(2, "Dxz"));
    public T Dyz => D2(Space(1, "Dyz"), Space(2, "Dyz"));
    public T Dtt => D2(Time, Time);
    public T Dxt => D2(Space(0, "Dxt"), Time);
    public T Dyt => D2(Space(1, "Dyt"), Time);

    /// <summary>The spatial Laplacian, sum of d2u/dx_a^2 over the spatial coordinates.</summary>
    public T Laplacian
    {
        get
        {
            T sum = D2(0, 0);
            for (int a = 1; a < _spatial; a++) sum += D2(a, a);
            return sum;
        }
    }
}
