using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// A condition imposed at its own points (boundary, initial slice or data points) as a pointwise residual that the
/// solver squares, averages and weights: <c>Weight * mean_points sum_e r_e^2</c>.
/// </summary>
public abstract class Condition : IResidualFunction
{
    protected Condition(string name, double[] points, double[]? normals, double weight)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(points);
        if (points.Length == 0) throw new ArgumentException($"Condition '{name}' has no points.", nameof(points));
        if (!double.IsFinite(weight) || weight < 0) throw new ArgumentOutOfRangeException(nameof(weight), weight, $"The weight of condition '{name}' must be finite and >= 0.");
        foreach (double v in points)
            if (!double.IsFinite(v)) throw new ArgumentException($"Condition '{name}' has a non-finite coordinate ({v}).", nameof(points));
        Name = name;
        Points = points;
        Normals = normals;
        Weight = weight;
    }

    /// <summary>Name used in loss reports.</summary>
    public string Name { get; }
    /// <summary>N x D coordinates where the condition holds.</summary>
    public double[] Points { get; }
    /// <summary>N x spatial-dimension outward unit normals, for conditions on normal derivatives.</summary>
    public double[]? Normals { get; }
    public double Weight { get; }

    public virtual int Equations => 1;
    public abstract int Order { get; }
    public abstract void Evaluate<T>(PdePoint<T> point, Span<T> residuals) where T : unmanaged, IPdeNumber<T>;
}
