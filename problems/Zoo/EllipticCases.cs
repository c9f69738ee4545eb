using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Problems.Zoo;

/// <summary>-u'' = 4 pi^2 sin(2 pi x) on [0, 1] with Robin ends u + du/dn = g; u = sin(2 pi x) + x / 2.</summary>
internal sealed class Poisson1DRobin : ZooCase
{
    private sealed class Equation() : Pde(1)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + 4 * Math.PI * Math.PI * Math.Sin(2 * Math.PI * p.X);
    }

    public override string Name => "poisson1d-robin";
    public override string Description => "-u'' = 4 pi^2 sin(2 pi x) on [0,1], Robin u + du/dn = g at both ends; u = sin(2 pi x) + x/2";
    public override string Kind => "elliptic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new Interval(0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => T.Sin(2 * Math.PI * x[0]) + 0.5 * x[0];

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
    {
        double[] left = [0.0], right = [1.0];
        // u(0) - u'(0) = -(2 pi + 1/2); u(1) + u'(1) = 2 pi + 1
        return
        [
            new RobinCondition(left, Domain.BoundaryNormals(left), a: 1, b: 1, value: _ => -(2 * Math.PI + 0.5), name: "robin_left"),
            new RobinCondition(right, Domain.BoundaryNormals(right), a: 1, b: 1, value: _ => 2 * Math.PI + 1, name: "robin_right"),
        ];
    }
}

/// <summary>-(k u')' = f on [0, 2] with k = 1 + x^2, Dirichlet ends; u = sin(pi x) + x / 2.</summary>
internal sealed class VariableCoefficient1D : ZooCase
{
    private sealed class Equation() : Pde(1)
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            double x = p.X;
            double f = -2 * x * (Math.PI * Math.Cos(Math.PI * x) + 0.5) + (1 + x * x) * Math.PI * Math.PI * Math.Sin(Math.PI * x);
            return -((1 + x * x) * p.U.Dxx + 2 * x * p.U.Dx) - f;
        }
    }

    public override string Name => "varcoef1d";
    public override string Description => "-((1 + x^2) u')' = f on [0,2], Dirichlet ends; u = sin(pi x) + x/2";
    public override string Kind => "elliptic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new Interval(0, 2);

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => T.Sin(Math.PI * x[0]) + 0.5 * x[0];

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed) => [Dirichlet([0.0, 2.0])];
}

/// <summary>-Lap u = f on the L-shape [-1,1]^2 minus [0,1]x[-1,0] (re-entrant corner at the origin), Dirichlet; u = cos(pi x/2) sin(pi y) + x y / 2.</summary>
internal sealed class PoissonLShape : ZooCase
{
    private sealed class Equation() : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p)
            => p.U.Laplacian + 1.25 * Math.PI * Math.PI * Math.Cos(0.5 * Math.PI * p.X) * Math.Sin(Math.PI * p.Y);
    }

    public override string Name => "poisson-lshape";
    public override string Description => "-Lap u = 5/4 pi^2 cos(pi x/2) sin(pi y) on the L-shape [-1,1]^2 \\ [0,1]x[-1,0], Dirichlet; u = cos(pi x/2) sin(pi y) + xy/2";
    public override string Kind => "elliptic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new Difference(new Rectangle(-1, 1, -1, 1), new Rectangle(0, 1, -1, 0));

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => T.Cos(0.5 * Math.PI * x[0]) * T.Sin(Math.PI * x[1]) + 0.5 * x[0] * x[1];

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed) => [Dirichlet(Boundary(points.Boundary, seed + 1))];
}

/// <summary>-Lap u = f on [-1,1]^2 minus the disk of radius 0.4: Dirichlet outside, Neumann on the hole; u = sin(pi x/2) e^(y/2).</summary>
internal sealed class PoissonHole : ZooCase
{
    private sealed class Equation() : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p)
            => p.U.Laplacian + 0.25 * (Math.PI * Math.PI - 1) * Math.Sin(0.5 * Math.PI * p.X) * Math.Exp(0.5 * p.Y);
    }

    public override string Name => "poisson-hole";
    public override string Description => "-Lap u = (pi^2 - 1)/4 u on [-1,1]^2 minus a disk (r = 0.4), Dirichlet outside, Neumann du/dn = g on the hole; u = sin(pi x/2) e^(y/2)";
    public override string Kind => "elliptic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new Difference(new Rectangle(-1, 1, -1, 1), new Disk(0, 0, 0.4));

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => T.Sin(0.5 * Math.PI * x[0]) * T.Exp(0.5 * x[1]);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
    {
        // the outer perimeter (8) is about three times the hole's (2.5): a quarter of the points go to the hole
        int side = Math.Max(1, points.Boundary * 3 / 16), onHole = Math.Max(1, points.Boundary / 4);
        double[] outer = new[] { "left", "right", "bottom", "top" }
            .SelectMany((part, i) => Domain.SampleBoundary(part, side, PointDistribution.Sobol, seed + 1 + i)).ToArray();
        double[] hole = Domain.SampleBoundary("hole:circle", onHole, PointDistribution.Sobol, seed + 5);
        // the outward normal on the hole points to its centre: du/dn = -(x u_x + y u_y) / r
        static double Flux(ReadOnlySpan<double> p)
        {
            double x = p[0], y = p[1], r = Math.Sqrt(x * x + y * y), e = Math.Exp(0.5 * y);
            double ux = 0.5 * Math.PI * Math.Cos(0.5 * Math.PI * x) * e, uy = 0.5 * Math.Sin(0.5 * Math.PI * x) * e;
            return -(x * ux + y * uy) / r;
        }
        return [Dirichlet(outer), new NeumannCondition(hole, Domain.BoundaryNormals(hole), Flux, name: "neumann_hole")];
    }
}

/// <summary>-Lap u = 3 pi^2 sin(pi x) sin(pi y) sin(pi z) on the unit cube, u = 0 on its faces.</summary>
internal sealed class Poisson3DCube : ZooCase
{
    private sealed class Equation() : Pde(3)
    {
        public override T Residual<T>(PdePoint<T> p)
            => p.U.Laplacian + 3 * Math.PI * Math.PI * Math.Sin(Math.PI * p.X) * Math.Sin(Math.PI * p.Y) * Math.Sin(Math.PI * p.Z);
    }

    public override string Name => "poisson3d-cube";
    public override string Description => "-Lap u = 3 pi^2 sin(pi x) sin(pi y) sin(pi z) on [0,1]^3, u = 0 on the faces";
    public override string Kind => "elliptic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new Box([0, 0, 0], [1, 1, 1]);

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => T.Sin(Math.PI * x[0]) * T.Sin(Math.PI * x[1]) * T.Sin(Math.PI * x[2]);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
        => [new DirichletCondition(Boundary(points.Boundary, seed + 1), _ => 0)];
}

/// <summary>Helmholtz Lap u + pi^2 u = -4 pi^2 u on [0,1]^2, Dirichlet; u = sin(2 pi x) cos(pi y).</summary>
internal sealed class Helmholtz2D : ZooCase
{
    private sealed class Equation() : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p)
            => p.U.Laplacian + Math.PI * Math.PI * p.U.Value + 4 * Math.PI * Math.PI * Math.Sin(2 * Math.PI * p.X) * Math.Cos(Math.PI * p.Y);
    }

    public override string Name => "helmholtz2d";
    public override string Description => "Lap u + k^2 u = f, k = pi, on [0,1]^2, Dirichlet (non-zero on two sides); u = sin(2 pi x) cos(pi y)";
    public override string Kind => "elliptic";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new Rectangle(0, 1, 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => T.Sin(2 * Math.PI * x[0]) * T.Cos(Math.PI * x[1]);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed) => [Dirichlet(Boundary(points.Boundary, seed + 1))];
}

/// <summary>Nonlinear -Lap u + u^3 = f on the unit disk, Dirichlet; u = sin(pi x) cos(pi y / 2).</summary>
internal sealed class NonlinearDisk : ZooCase
{
    private sealed class Equation() : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            double s = Math.Sin(Math.PI * p.X) * Math.Cos(0.5 * Math.PI * p.Y);
            var u = p.U.Value;
            return -p.U.Laplacian + u * u * u - (1.25 * Math.PI * Math.PI * s + s * s * s);
        }
    }

    public override string Name => "nonlinear-disk";
    public override string Description => "-Lap u + u^3 = f on the unit disk, Dirichlet; u = sin(pi x) cos(pi y/2)";
    public override string Kind => "nonlinear";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new Disk(0, 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field) => T.Sin(Math.PI * x[0]) * T.Cos(0.5 * Math.PI * x[1]);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed) => [Dirichlet(Boundary(points.Boundary, seed + 1))];
}

/// <summary>Two scales: -Lap u = f on [0,1]^2, u = 0 on the boundary; u = sin(pi x) sin(pi y) + 0.1 sin(4 pi x) sin(4 pi y).</summary>
internal sealed class PoissonTwoScale : ZooCase
{
    private sealed class Equation() : Pde(2)
    {
        public override T Residual<T>(PdePoint<T> p)
        {
            double x = p.X, y = p.Y, pi2 = Math.PI * Math.PI;
            double f = 2 * pi2 * Math.Sin(Math.PI * x) * Math.Sin(Math.PI * y) + 3.2 * pi2 * Math.Sin(4 * Math.PI * x) * Math.Sin(4 * Math.PI * y);
            return p.U.Laplacian + f;
        }
    }

    public override string Name => "poisson-twoscale";
    public override string Description => "-Lap u = f on [0,1]^2, u = 0 on the boundary; u = sin(pi x) sin(pi y) + 0.1 sin(4 pi x) sin(4 pi y)";
    public override string Kind => "multi-scale";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new Rectangle(0, 1, 0, 1);

    public override T Exact<T>(ReadOnlySpan<T> x, int field)
        => T.Sin(Math.PI * x[0]) * T.Sin(Math.PI * x[1]) + 0.1 * T.Sin(4 * Math.PI * x[0]) * T.Sin(4 * Math.PI * x[1]);

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
        => [new DirichletCondition(Boundary(points.Boundary, seed + 1), _ => 0)];
}

/// <summary>
/// Kovasznay flow, steady incompressible Navier-Stokes at Re = 20 on [-0.5,1]x[-0.5,1.5]: fields (u, v, p), u and v
/// given on the boundary, p fixed only up to a constant.
/// </summary>
internal sealed class Kovasznay : ZooCase
{
    private const double Re = 20;
    private static readonly double Lambda = Re / 2 - Math.Sqrt(Re * Re / 4 + 4 * Math.PI * Math.PI);

    private sealed class Equation() : Pde(2, fields: 3, equations: 3)
    {
        public override void Residuals<T>(PdePoint<T> p, Span<T> r)
        {
            var u = p.Field(0);
            var v = p.Field(1);
            var q = p.Field(2);
            r[0] = u.Value * u.Dx + v.Value * u.Dy + q.Dx - (u.Dxx + u.Dyy) / Re;
            r[1] = u.Value * v.Dx + v.Value * v.Dy + q.Dy - (v.Dxx + v.Dyy) / Re;
            r[2] = u.Dx + v.Dy;
        }
    }

    public override string Name => "kovasznay";
    public override string Description => "Kovasznay flow, Navier-Stokes at Re = 20 on [-0.5,1]x[-0.5,1.5], fields u, v, p (p up to a constant), u and v given on the boundary";
    public override string Kind => "system";
    public override Pde Pde { get; } = new Equation();
    public override Domain Domain { get; } = new Rectangle(-0.5, 1, -0.5, 1.5);
    public override IReadOnlyList<string> FieldNames => ["u", "v", "p"];
    public override IReadOnlyList<bool>? UpToConstant => [false, false, true];

    public override T Exact<T>(ReadOnlySpan<T> x, int field)
    {
        var e = T.Exp(Lambda * x[0]);
        return field switch
        {
            0 => 1.0 - e * T.Cos(2 * Math.PI * x[1]),
            1 => Lambda / (2 * Math.PI) * e * T.Sin(2 * Math.PI * x[1]),
            _ => 0.5 * (1.0 - e * e),
        };
    }

    public override IReadOnlyList<Condition> Conditions(ZooPoints points, int seed)
    {
        var wall = Boundary(points.Boundary, seed + 1);
        return [Dirichlet(wall, 0), Dirichlet(wall, 1)];
    }
}
