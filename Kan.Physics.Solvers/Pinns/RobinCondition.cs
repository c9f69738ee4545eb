using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>a u + b du/dn = g(x) at boundary points with outward unit normals.</summary>
public sealed class RobinCondition(double[] points, double[] normals, double a, double b, PointFunction value, int field = 0, double weight = 1.0, string name = "robin")
    : Condition(name, points, normals ?? throw new ArgumentNullException(nameof(normals)), weight)
{
    private readonly PointFunction _value = value ?? throw new ArgumentNullException(nameof(value));
    public override int Order => 1;
    public override void Evaluate<T>(PdePoint<T> p, Span<T> r)
        => r[0] = a * p.Field(field).Value + b * p.NormalDerivative(field) - _value(p.Coordinates);
}
