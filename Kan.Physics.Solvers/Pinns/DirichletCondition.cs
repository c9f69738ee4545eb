using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>u_field = g(x) at the points: <c>r = u - g</c>.</summary>
public sealed class DirichletCondition(double[] points, PointFunction value, int field = 0, double weight = 1.0, string name = "dirichlet")
    : Condition(name, points, null, weight)
{
    private readonly PointFunction _value = value ?? throw new ArgumentNullException(nameof(value));
    public override int Order => 0;
    public override void Evaluate<T>(PdePoint<T> p, Span<T> r) => r[0] = p.Field(field).Value - _value(p.Coordinates);
}
