namespace Kan.Physics.Solvers.Pdes;

/// <summary>
/// What a residual sees at one collocation point: the coordinates (plain doubles; space first, time last) and the jet
/// of every unknown field.
/// </summary>
public readonly ref struct PdePoint<T> where T : unmanaged, IPdeNumber<T>
{
    private readonly ReadOnlySpan<T> _jet;
    private readonly ReadOnlySpan<T> _parameters;
    private readonly string[]? _parameterNames;
    private readonly int _perField, _spatial, _order;

    internal PdePoint(ReadOnlySpan<double> coordinates, ReadOnlySpan<double> normal, ReadOnlySpan<T> jet, int fields, int spatialDimension, int order,
        ReadOnlySpan<T> parameters = default, string[]? parameterNames = null, int index = -1, string[]? coefficientNames = null)
    {
        _coefficientNames = coefficientNames;
        _parameters = parameters;
        _parameterNames = parameterNames;
        Index = index;
        Coordinates = coordinates;
        Normal = normal;
        _jet = jet;
        _spatial = spatialDimension;
        _order = order;
        Fields = fields;
        _perField = jet.Length / (fields + (coefficientNames?.Length ?? 0));
    }

    private readonly string[]? _coefficientNames;

    /// <summary>All coordinates of the point, (x, y, z) then t.</summary>
    public ReadOnlySpan<double> Coordinates { get; }

    /// <summary>The outward unit normal at a boundary point (spatial components only); empty in the interior.</summary>
    public ReadOnlySpan<double> Normal { get; }

    /// <summary>Number of unknown fields.</summary>
    public int Fields { get; }

    public double X => Coordinates[0];
    public double Y => _spatial >= 2 ? Coordinates[1] : throw new InvalidOperationException("Y needs a PDE with at least 2 spatial dimensions.");
    public double Z => _spatial >= 3 ? Coordinates[2] : throw new InvalidOperationException("Z needs a PDE with 3 spatial dimensions.");
    /// <summary>The time coordinate (the last one).</summary>
    public double Time => Coordinates.Length > _spatial ? Coordinates[^1] : throw new InvalidOperationException("Time needs a time-dependent PDE.");

    /// <summary>The jet of field <paramref name="index"/>.</summary>
    public FieldJet<T> Field(int index)
    {
        if ((uint)index >= (uint)Fields) throw new FieldIndexException(index, Fields);
        return new FieldJet<T>(_jet.Slice(index * _perField, _perField), Coordinates.Length, _spatial, _order);
    }

    /// <summary>
    /// The position of this point in the point set of the loss term being evaluated (collocation points, a condition's
    /// points, observation points), so that a residual can read data attached to its points; -1 outside a loss.
    /// </summary>
    public int Index { get; }

    /// <summary>Number of unknown coefficients the PDE declares (see <see cref="Pde.Parameters"/>).</summary>
    public int ParameterCount => _parameters.Length;

    /// <summary>
    /// The current value of unknown coefficient <paramref name="index"/> (the PDE's <see cref="Pde.Parameters"/>[index]);
    /// during training it carries its partial derivative too, so the solver's gradient reaches it.
    /// </summary>
    public T Parameter(int index)
    {
        if ((uint)index >= (uint)_parameters.Length) throw new UnknownParameterException(index.ToString(System.Globalization.CultureInfo.InvariantCulture), _parameterNames);
        return _parameters[index];
    }

    /// <summary>The current value of the unknown coefficient named <paramref name="name"/> (see <see cref="Parameter(int)"/>).</summary>
    public T Parameter(string name)
    {
        var names = _parameterNames;
        if (names != null)
            for (int k = 0; k < names.Length && k < _parameters.Length; k++)
                if (string.Equals(names[k], name, StringComparison.Ordinal)) return _parameters[k];
        throw new UnknownParameterException($"'{name}'", names);
    }

    /// <summary>
    /// The unknown coefficient field named <paramref name="name"/> (see <see cref="Pde.CoefficientFields"/>) at this
    /// point: its value and derivatives, read like a field's; during training they carry their partial derivatives,
    /// so the solver's gradient reaches the coefficient's network.
    /// </summary>
    public FieldJet<T> Coefficient(string name)
    {
        var names = _coefficientNames;
        if (names != null)
            for (int k = 0; k < names.Length; k++)
                if (string.Equals(names[k], name, StringComparison.Ordinal))
                    return new FieldJet<T>(_jet.Slice((Fields + k) * _perField, _perField), Coordinates.Length, _spatial, _order);
        throw new UnknownParameterException($"'{name}'", names, "coefficient field", "coefficients");
    }

    /// <summary>The first (or only) field.</summary>
    public FieldJet<T> U => Field(0);

    /// <summary>The normal derivative du/dn of a field at a boundary point.</summary>
    public T NormalDerivative(int field = 0)
    {
        if (Normal.IsEmpty) throw new InvalidOperationException("A normal derivative needs a boundary point with a normal.");
        var f = Field(field);
        T sum = f.D(0) * Normal[0];
        for (int a = 1; a < Normal.Length; a++) sum += f.D(a) * Normal[a];
        return sum;
    }
}
