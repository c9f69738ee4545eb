// README:inverse:begin
using Kan.Physics.Networks;
using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Examples;

/// <summary>u_t = kappa u_xx with the diffusivity kappa unknown (positive, first guess 0.5).</summary>
public sealed class HeatWithUnknownDiffusivity() : Pde(spatialDimension: 1, timeDependent: true,
    parameters: [PdeParameter.Positive("kappa", initial: 0.5)])
{
    public override T Residual<T>(PdePoint<T> p) => p.U.Dt - p.Parameter("kappa") * p.U.Dxx;
}

public static class IdentifyCoefficients
{
    public static (PinnResult Result, IReadOnlyList<ParameterEstimate> Estimates) Run(int stepsPerGrid = 40)
    {
        // measurements: 300 noisy samples of u = exp(-kappa pi^2 t) sin(pi x) with the true kappa = 0.1
        var domain = new TimeDomain(new Interval(0, 1), 0, 1);
        double[] samples = domain.SampleInterior(300, PointDistribution.UniformRandom, seed: 1);
        var noise = new Random(2);
        double[] measured = Enumerable.Range(0, 300).Select(i =>
            Math.Exp(-0.1 * Math.PI * Math.PI * samples[2 * i + 1]) * Math.Sin(Math.PI * samples[2 * i]) + 0.005 * (noise.NextDouble() - 0.5)).ToArray();

        // the PDE at collocation points, the measurements as an observation term (no boundary or initial data needed)
        double[] interior = domain.SampleInterior(1000, PointDistribution.Sobol, seed: 3);
        var problem = new PinnProblem(new HeatWithUnknownDiffusivity(), interior, [new Observation(samples, measured)]);

        // kappa is trained with the network by the same L-BFGS; its value at every step is in the history
        var network = KanNetwork.Create([2, 5, 1], new KanOptions { GridSize = 5, Seed = 0 });
        var result = new PinnSolver(new PinnOptions { GridSchedule = [5, 10], StepsPerGrid = stepsPerGrid }).Solve(network, problem);
        Console.WriteLine($"kappa = {result.Parameters["kappa"]:F5} (started at {result.History[0].Parameters["kappa"]:F3})");

        // a standard error from the curvature of the loss at the optimum
        var estimates = ParameterUncertainty.Estimate(result.Network, problem);
        foreach (var e in estimates) Console.WriteLine($"{e.Name} = {e.Value:F5} +- {e.StandardError:F5}");
        return (result, estimates);
    }
}
// README:inverse:end
