using Kan.Physics.Solvers.Pdes;

namespace Kan.Physics.Solvers.Pinns;

/// <summary>
/// At t = t0 (points on the initial slice): u = h(x), or, with <paramref name="timeDerivative"/>, u_t = h(x) (the second
/// initial condition of problems second order in time).
/// </summary>
public sealed class InitialCondition(double[] points, PointFunction value, bool timeDerivative = false, int field = 0, double weight = 1.0, string name = "initial")
    : Condition(name, points, null, weight)
{
    private readonly PointFunction _value = value ?? throw new ArgumentNullException(nameof(value));
    public override int Order => timeDerivative ? 1 : 0;
    public override void Evaluate<T>(PdePoint<T> p, Span<T> r)
        => r[0] = (timeDerivative ? p.Field(field).Dt : p.Field(field).Value) - _value(p.Coordinates);
}
