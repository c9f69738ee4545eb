using Kan.Physics.Jets;
using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// The unknowns of a problem besides the solution's network during a solve: the scalar coefficients' unconstrained
/// coordinates theta (value_k = declared_k.Value(theta_k)) followed by the parameters of each coefficient field's
/// network, all in one array (the <see cref="Training.StageRunner"/>'s extra coordinates, appended to the solution
/// network's parameters, saved in checkpoints).
/// </summary>
internal sealed class UnknownParameters
{
    private readonly int[] _fieldStart;

    /// <param name="declared">The scalar coefficients.</param>
    /// <param name="fields">The coefficient fields.</param>
    /// <param name="ranges">The range of every coordinate over the problem's points (the fields' grids span it); null when there are no fields.</param>
    public UnknownParameters(IReadOnlyList<PdeParameter> declared, IReadOnlyList<CoefficientField>? fields = null, IReadOnlyList<(double Lo, double Hi)>? ranges = null)
    {
        Declared = declared;
        Names = declared.Select(p => p.Name).ToArray();
        Fields = fields ?? [];
        FieldNames = Fields.Select(f => f.Name).ToArray();
        if (Fields.Count > 0 && ranges is null) throw new ArgumentNullException(nameof(ranges), "Coefficient fields need the coordinates' ranges.");
        Ranges = ranges?.ToArray() ?? [];
        Networks = Fields.Select(Create).ToArray();
        _fieldStart = new int[Fields.Count];
        int at = declared.Count;
        for (int f = 0; f < Fields.Count; f++) { _fieldStart[f] = at; at += Networks[f].ParameterCount; }
        Theta = new double[at];
        Reset();
    }

    /// <summary>What the PDE declares.</summary>
    public IReadOnlyList<PdeParameter> Declared { get; }

    /// <summary>The scalar parameters' names, in order.</summary>
    public string[] Names { get; }

    /// <summary>The coefficient fields the PDE declares.</summary>
    public IReadOnlyList<CoefficientField> Fields { get; }

    /// <summary>The coefficient fields' names, in order.</summary>
    public string[] FieldNames { get; }

    /// <summary>The coordinates' ranges the fields' grids span.</summary>
    public (double Lo, double Hi)[] Ranges { get; }

    /// <summary>Each coefficient field's network (its parameters mirror a slice of <see cref="Theta"/> after <see cref="Sync"/>).</summary>
    public KanNetwork[] Networks { get; }

    /// <summary>Number of scalar parameters.</summary>
    public int Count => Declared.Count;

    /// <summary>Number of optimiser coordinates: the scalars' then every field network's parameters.</summary>
    public int CoordinateCount => Theta.Length;

    /// <summary>The optimiser's coordinates, written by the objective and the runner (one shared array).</summary>
    public double[] Theta { get; }

    /// <summary>Where field <paramref name="f"/>'s network parameters start in <see cref="Theta"/>.</summary>
    public int FieldStart(int f) => _fieldStart[f];

    /// <summary>Back to the declared initial values and freshly initialised field networks.</summary>
    public void Reset()
    {
        for (int k = 0; k < Declared.Count; k++) Theta[k] = Declared[k].Theta(Declared[k].Initial);
        for (int f = 0; f < Fields.Count; f++)
        {
            var fresh = Create(Fields[f]);
            fresh.GetParameters(Theta.AsSpan(_fieldStart[f], fresh.ParameterCount));
        }
        Sync();
    }

    /// <summary>Sets every field network's parameters from <see cref="Theta"/> (after the optimiser or a checkpoint wrote it).</summary>
    public void Sync()
    {
        for (int f = 0; f < Networks.Length; f++) Networks[f].SetParameters(Theta.AsSpan(_fieldStart[f], Networks[f].ParameterCount));
    }

    /// <summary>
    /// A new network for <paramref name="field"/>: [D, hidden..., 1], cubic splines on its grid over the points' ranges,
    /// started small (spline coefficients within +-0.05 / G, base weights within +-0.1) so the field starts near its offset.
    /// </summary>
    private KanNetwork Create(CoefficientField field)
    {
        int[] widths = [Ranges.Length, .. field.Hidden, 1];
        var net = KanNetwork.Create(widths, new KanOptions { GridSize = field.GridSize, Order = 3, Seed = field.Seed, NoiseScale = 0.1, ScaleBaseSigma = 0.1 });
        GridAdaptation.StretchInputGrids(net, Ranges);
        return net;
    }

    /// <summary>Field <paramref name="f"/>'s jet at N x D <paramref name="points"/> up to <paramref name="order"/>: the offset plus its network's.</summary>
    public JetBlock FieldJet(int f, double[] points, int order)
    {
        var jet = Networks[f].ForwardJet(points, order);
        double offset = Fields[f].Offset;
        for (int s = 0; s < jet.Count; s++) jet.Value(s, 0) += offset;
        return jet;
    }

    /// <summary>Field <paramref name="f"/>'s values at N x D <paramref name="points"/>.</summary>
    public double[] FieldValues(int f, double[] points)
    {
        var y = Networks[f].Forward(points);
        for (int s = 0; s < y.Length; s++) y[s] += Fields[f].Offset;
        return y;
    }

    /// <summary>The value of parameter <paramref name="k"/>.</summary>
    public double Value(int k) => Declared[k].Value(Theta[k]);

    /// <summary>d value_k / d theta_k.</summary>
    public double Slope(int k) => Declared[k].Slope(Theta[k]);

    /// <summary>All values, in order.</summary>
    public double[] Values()
    {
        var v = new double[Count];
        for (int k = 0; k < v.Length; k++) v[k] = Value(k);
        return v;
    }

    /// <summary>The values by name (a copy).</summary>
    public IReadOnlyDictionary<string, double> Snapshot()
    {
        var d = new Dictionary<string, double>(Count);
        for (int k = 0; k < Count; k++) d[Names[k]] = Value(k);
        return d;
    }
}
