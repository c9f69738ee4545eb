using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// The unknown coefficients of a problem during a solve: the optimiser's unconstrained coordinates theta (the array the
/// <see cref="Training.StageRunner"/> appends to the network's parameters) and the values the residuals see,
/// value_k = declared_k.Value(theta_k).
/// </summary>
internal sealed class UnknownParameters
{
    public UnknownParameters(IReadOnlyList<PdeParameter> declared)
    {
        Declared = declared;
        Names = declared.Select(p => p.Name).ToArray();
        Theta = new double[declared.Count];
        Reset();
    }

    /// <summary>What the PDE declares.</summary>
    public IReadOnlyList<PdeParameter> Declared { get; }

    /// <summary>The parameters' names, in order.</summary>
    public string[] Names { get; }

    public int Count => Theta.Length;

    /// <summary>The optimiser's coordinates, written by the objective and the runner (one shared array).</summary>
    public double[] Theta { get; }

    /// <summary>Back to the declared initial values.</summary>
    public void Reset()
    {
        for (int k = 0; k < Theta.Length; k++) Theta[k] = Declared[k].Theta(Declared[k].Initial);
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
