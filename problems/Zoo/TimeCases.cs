using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Problems.Zoo;

/// <summary>Heat u_t = 0.1 u_xx on [0,1] x [0,1] with insulated ends (u_x = 0); two cosine modes.</summary>
internal sealed class Heat1DNeumann : ZooCase
{
    private sealed class Equation() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - 0.1 * p.U.Dxx;
    }

    public override string Name => "heat1d-neumann";
    public override string Description => "u_t = 0.1 u_xx on [0,1]x[0,1], du/dn = 0 at both ends, initial value; u = e^(-0.1 pi^2 t) cos(pi x) + 0.5 e^(-0.4 pi^2 t) cos(2 pi x)";
    public override string Kind => "parabolic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new TimeDomain(new Interval(0, 1), 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field)
    {
        double k = 0.1 * Math.PI * Math.PI;
        return T.Exp(-k * x[1]) * T.Cos(Math.PI * x[0]) + 0.5 * T.Exp(-4 * k * x[1]) * T.Cos(2 * Math.PI * x[0]);
    }

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
    {
        var ends = Boundary(points.Boundary, seed + 1);
        return [new NeumannCondition(ends, ((TimeDomain)Domain).SpatialNormals(ends), _ => 0, name: "insulated"), InitialValue(Initial(points.Initial, seed + 2))];
    }
}

/// <summary>Heat u_t = 0.05 Lap u on [0,1]^2 x [0,1], u = 0 on the walls; u = e^(-0.1 pi^2 t) sin(pi x) sin(pi y).</summary>
internal sealed class Heat2D : ZooCase
{
    private sealed class Equation() : Pde(2, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - 0.05 * p.U.Laplacian;
    }

    public override string Name => "heat2d";
    public override string Description => "u_t = 0.05 Lap u on [0,1]^2 x [0,1], u = 0 on the walls, initial value; u = e^(-0.1 pi^2 t) sin(pi x) sin(pi y)";
    public override string Kind => "parabolic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new TimeDomain(new Rectangle(0, 1, 0, 1), 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field)
        => T.Exp(-0.1 * Math.PI * Math.PI * x[2]) * T.Sin(Math.PI * x[0]) * T.Sin(Math.PI * x[1]);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
        => [new DirichletCondition(Boundary(points.Boundary, seed + 1), _ => 0), InitialValue(Initial(points.Initial, seed + 2))];
}

/// <summary>Advection u_t + 0.5 u_x = 0 on [0,2] x [0,1], periodic in x; u = sin(pi (x - t/2)).</summary>
internal sealed class AdvectionPeriodic : ZooCase
{
    private sealed class Equation() : Pde(1, timeDependent: true, order: 1)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt + 0.5 * p.U.Dx;
    }

    public override string Name => "advection-periodic";
    public override string Description => "u_t + 0.5 u_x = 0 on [0,2]x[0,1], periodic in x (value and slope), initial value; u = sin(pi (x - t/2))";
    public override string Kind => "hyperbolic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new TimeDomain(new Interval(0, 2), 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => T.Sin(Math.PI * (x[0] - 0.5 * x[1]));

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed) => [InitialValue(Initial(points.Initial, seed + 2))];

    public override IReadOnlyList<PeriodicCondition> Periodic(ZooPoints points, int seed)
    {
        // pairs (0, t) ~ (2, t) at Sobol times
        var times = new Interval(0, 1).SampleInterior(Math.Max(1, points.Boundary / 2), PointDistribution.Sobol, seed + 1);
        var left = times.SelectMany(t => new[] { 0.0, t }).ToArray();
        var right = times.SelectMany(t => new[] { 2.0, t }).ToArray();
        return [new PeriodicCondition(left, right, axis: 0)];
    }
}

/// <summary>Wave u_tt = u_xx on [0,1] x [0,1], fixed ends, at rest at t = 0; u = sin(pi x) cos(pi t).</summary>
internal sealed class Wave1D : ZooCase
{
    private sealed class Equation() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dtt - p.U.Dxx;
    }

    public override string Name => "wave1d";
    public override string Description => "u_tt = u_xx on [0,1]x[0,1], u = 0 at the ends, u and u_t given at t = 0; u = sin(pi x) cos(pi t)";
    public override string Kind => "hyperbolic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new TimeDomain(new Interval(0, 1), 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => T.Sin(Math.PI * x[0]) * T.Cos(Math.PI * x[1]);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
    {
        var start = Initial(points.Initial, seed + 2);
        return [new DirichletCondition(Boundary(points.Boundary, seed + 1), _ => 0), InitialValue(start),
            new InitialCondition(start, _ => 0, timeDerivative: true, name: "initial_velocity")];
    }
}

/// <summary>
/// The two-mode wave of issue 20: u_tt = 4 u_xx on [0,1] x [0,1], fixed ends, at rest at t = 0;
/// u = sin(pi x) cos(2 pi t) + 0.5 sin(4 pi x) cos(8 pi t).
/// </summary>
internal sealed class WaveTwoMode : ZooCase
{
    private sealed class Equation() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dtt - 4 * p.U.Dxx;
    }

    public override string Name => "wave-twomode";
    public override string Description => "u_tt = 4 u_xx on [0,1]x[0,1], u = 0 at the ends, u and u_t given at t = 0; u = sin(pi x) cos(2 pi t) + 0.5 sin(4 pi x) cos(8 pi t)";
    public override string Kind => "multi-scale";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new TimeDomain(new Interval(0, 1), 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field)
        => T.Sin(Math.PI * x[0]) * T.Cos(2 * Math.PI * x[1]) + 0.5 * T.Sin(4 * Math.PI * x[0]) * T.Cos(8 * Math.PI * x[1]);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
    {
        var start = Initial(points.Initial, seed + 2);
        return [new DirichletCondition(Boundary(points.Boundary, seed + 1), _ => 0), InitialValue(start),
            new InitialCondition(start, _ => 0, timeDerivative: true, name: "initial_velocity")];
    }
}

/// <summary>Viscous Burgers u_t + u u_x = 0.05 u_xx on [-1,1] x [0,1]: the travelling front u = 1/2 - 1/2 tanh((x - t/2) / 0.2).</summary>
internal sealed class BurgersTanh : ZooCase
{
    private const double Nu = 0.05;

    private sealed class Equation() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt + p.U.Value * p.U.Dx - Nu * p.U.Dxx;
    }

    public override string Name => "burgers-tanh";
    public override string Description => "u_t + u u_x = 0.05 u_xx on [-1,1]x[0,1], exact values at the ends and t = 0; travelling front u = 1/2 - 1/2 tanh((x - t/2)/0.2)";
    public override string Kind => "nonlinear";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new TimeDomain(new Interval(-1, 1), 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => 0.5 - 0.5 * T.Tanh((x[0] - 0.5 * x[1]) / (4 * Nu));

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
        => [Dirichlet(Boundary(points.Boundary, seed + 1)), InitialValue(Initial(points.Initial, seed + 2))];
}

/// <summary>Klein-Gordon u_tt - u_xx + u^3 = f on [0,1] x [0,1] (manufactured, as in PINNacle/Wang et al.): u = x cos(5 pi t) + (x t)^3.</summary>
internal sealed class KleinGordon : ZooCase
{
    private sealed class Equation() : Pde(1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            double x = p.X, t = p.Time;
            double u = x * Math.Cos(5 * Math.PI * t) + Math.Pow(x * t, 3);
            double f = -25 * Math.PI * Math.PI * x * Math.Cos(5 * Math.PI * t) + 6 * x * x * x * t - 6 * x * t * t * t + u * u * u;
            var v = p.U.Value;
            return p.U.Dtt - p.U.Dxx + v * v * v - f;
        }
    }

    public override string Name => "klein-gordon";
    public override string Description => "u_tt - u_xx + u^3 = f on [0,1]x[0,1], exact values at the ends, u and u_t at t = 0; u = x cos(5 pi t) + (x t)^3";
    public override string Kind => "nonlinear";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new TimeDomain(new Interval(0, 1), 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => x[0] * T.Cos(5 * Math.PI * x[1]) + T.Pow(x[0] * x[1], 3);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
    {
        var start = Initial(points.Initial, seed + 2);
        return [Dirichlet(Boundary(points.Boundary, seed + 1)), InitialValue(start),
            new InitialCondition(start, _ => 0, timeDerivative: true, name: "initial_velocity")];
    }
}

/// <summary>
/// A two-field reaction-diffusion system on [0,1] x [0,1] (manufactured): u_t = 0.1 u_xx - u v + f, v_t = 0.05 v_xx + u v - v/2 + g;
/// u = e^-t sin(pi x), v = e^(-2t) cos(pi x / 2).
/// </summary>
internal sealed class ReactionDiffusion2 : ZooCase
{
    private sealed class Equation() : Pde(1, timeDependent: true, fields: 2, equations: 2)
    {
        public override void Residuals<T>(PdePoint<T> p, Span<T> r)
        {
            double x = p.X, t = p.Time;
            double us = Math.Exp(-t) * Math.Sin(Math.PI * x), vs = Math.Exp(-2 * t) * Math.Cos(0.5 * Math.PI * x);
            double f = (-1 + 0.1 * Math.PI * Math.PI) * us + us * vs;
            double g = (-2 + 0.0125 * Math.PI * Math.PI + 0.5) * vs - us * vs;
            var u = p.Field(0);
            var v = p.Field(1);
            r[0] = u.Dt - 0.1 * u.Dxx + u.Value * v.Value - f;
            r[1] = v.Dt - 0.05 * v.Dxx - u.Value * v.Value + 0.5 * v.Value - g;
        }
    }

    public override string Name => "reaction-diffusion2";
    public override string Description => "u_t = 0.1 u_xx - uv + f, v_t = 0.05 v_xx + uv - v/2 + g on [0,1]x[0,1], both given at the ends and t = 0; u = e^-t sin(pi x), v = e^-2t cos(pi x/2)";
    public override string Kind => "system";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new TimeDomain(new Interval(0, 1), 0, 1);
    public override IReadOnlyList<string> FieldNames => ["u", "v"];

    public override T Exact<T>(ReadOnlySpan<T> x, int field)
        => field == 0 ? T.Exp(-x[1]) * T.Sin(Math.PI * x[0]) : T.Exp(-2 * x[1]) * T.Cos(0.5 * Math.PI * x[0]);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
    {
        var ends = Boundary(points.Boundary, seed + 1);
        var start = Initial(points.Initial, seed + 2);
        return [Dirichlet(ends, 0), Dirichlet(ends, 1), InitialValue(start, 0), InitialValue(start, 1)];
    }
}
