// README:begin
using Kan.Physics.Networks;
using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Examples;

/// <summary>u_xx + u_yy = -1 on a square with a round hole; u = 0 outside, du/dn = 0 on the hole.</summary>
public sealed class PoissonWithHole() : Pde(spatialDimension: 2)
{
    public override T Residual<T>(PdePoint<T> p) => p.U.Dxx + p.U.Dyy + 1.0;
}

public static class DefineYourOwnPde
{
    public static PinnResult Solve(int stepsPerGrid = 50)
    {
        // geometry: the square [-1,1]^2 minus the disk of radius 0.4 at the origin
        var domain = new Difference(new Rectangle(-1, 1, -1, 1), new Disk(0, 0, 0.4));
        double[] interior = domain.SampleInterior(2000, PointDistribution.Sobol, seed: 1);
        double[] outer = new[] { "left", "right", "bottom", "top" }
            .SelectMany(side => domain.SampleBoundary(side, 50, PointDistribution.UniformMesh, seed: 2)).ToArray();
        double[] hole = domain.SampleBoundary("hole:circle", 100, PointDistribution.UniformMesh, seed: 3);

        // conditions, each a weighted squared residual at its own points
        var wall = new DirichletCondition(outer, x => 0.0);
        var insulated = new NeumannCondition(hole, domain.BoundaryNormals(hole), x => 0.0);
        var problem = new PinnProblem(new PoissonWithHole(), interior, [wall, insulated], interiorWeight: 0.1);

        // model and training: KAN [2,5,1], L-BFGS on grids 5 then 10
        var network = KanNetwork.Create([2, 5, 1], new KanOptions { GridSize = 5, Seed = 0 });
        var solver = new PinnSolver(new PinnOptions { GridSchedule = [5, 10], StepsPerGrid = stepsPerGrid });
        return solver.Solve(network, problem, onStep: r => Console.WriteLine($"step {r.Step}: loss {r.Loss:E3}"));
    }
}
// README:end
