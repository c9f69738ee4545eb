using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>du/dn = g(x) at boundary points with outward unit normals: <c>r = grad u . n - g</c>.</summary>
public sealed class NeumannCondition(double[] points, double[] normals, PointFunction value, int field = 0, double weight = 1.0, string name = "neumann")
    : Condition(name, points, normals ?? throw new ArgumentNullException(nameof(normals)), weight)
{
    private readonly PointFunction _value = value ?? throw new ArgumentNullException(nameof(value));
    public override int Order => 1;
    public override void Evaluate<T>(PdePoint<T> p, Span<T> r) => r[0] = p.NormalDerivative(field) - _value(p.Coordinates);
}
