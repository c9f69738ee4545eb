// README:hosting:begin
using Kan.Physics.Networks;
using Kan.Physics.Solvers.Geometry;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Solvers.Pdes;
using Kan.Physics.Solvers.Pinns;
using Kan.Physics.Runs.Results;
using Microsoft.Extensions.Hosting;

namespace Kan.Physics.Examples;

/// <summary>The settings of <see cref="HeatProblem"/>, with their defaults.</summary>
public sealed record HeatOptions
{
    public double Kappa { get; init; } = 0.1;
    public int Steps { get; init; } = 30;
}

/// <summary>u_t = kappa u_xx on [0,1] x [0,1], u(x,0) = sin(pi x), u = 0 at both ends.</summary>
public sealed class HeatProblem : Problem<HeatOptions>
{
    private sealed class Heat(double kappa) : Pde(spatialDimension: 1, timeDependent: true)
    {
        public override T Residual<T>(PdePoint<T> p) => p.U.Dt - kappa * p.U.Dxx;
    }

    public override string Name => "heat";
    public override string Description => "1-D heat equation, exact u = exp(-kappa pi^2 t) sin(pi x)";
    // declared once: kan list, job files, --set and the result's configuration all read this
    public override SettingsSchema<HeatOptions> Settings { get; } = new SettingsSchema<HeatOptions>()
        .Double("kappa", o => o.Kappa, (o, v) => o with { Kappa = v }, "diffusivity", above: 0)
        .Int("steps", o => o.Steps, (o, v) => o with { Steps = v }, "L-BFGS steps per grid", min: 1);

    protected override ResultDocument Run(ProblemContext context, HeatOptions settings)
    {
        double kappa = settings.Kappa;
        var domain = new TimeDomain(new Interval(0, 1), 0, 1);
        double[] interior = domain.SampleInterior(1000, PointDistribution.Sobol, context.Seed);
        var walls = new DirichletCondition(domain.SampleBoundary(100, PointDistribution.Sobol, context.Seed + 1), x => 0.0);
        var start = new InitialCondition(domain.SampleInitial(100, PointDistribution.Sobol, context.Seed + 2), x => Math.Sin(Math.PI * x[0]));
        double[] mesh = Box.Mesh([0, 0], [1, 1], [41, 41], includeBoundary: true);   // x slowest, then t
        var exact = ReferenceSolution.FromFunctions(mesh, 2, [x => Math.Exp(-kappa * Math.PI * Math.PI * x[1]) * Math.Sin(Math.PI * x[0])]);
        var problem = new PinnProblem(new Heat(kappa), interior, [walls, start], interiorWeight: 0.1, reference: exact);
        var network = KanNetwork.Create([2, 5, 1], new KanOptions { GridSize = 5, Seed = context.Seed });
        var options = new PinnOptions { GridSchedule = [5, 10], StepsPerGrid = settings.Steps, Seed = context.Seed };
        // progress, checkpoints, resume and the result document (metrics, history, network, solution) come with PdeJob
        return PdeJob.Run(context, new PdeSetup(problem, network, options) { CoordinateNames = ["x", "t"], GridShape = [41, 41] });
    }
}

public static class HeatBatch
{
    public static async Task<int> RunAsync(string outputDirectory, CancellationToken cancellationToken = default)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddKanPhysics(problems => problems.Add(new HeatProblem()));
        using var host = builder.Build();
        var jobs = JobFile.Parse("""{ "jobs": [ { "problem": "heat", "seeds": [0, 1], "sweep": { "kappa": [0.1, 0.3] } } ] }""", "inline");
        var summary = await host.RunKanBatchAsync(jobs, new BatchOptions { OutputDirectory = outputDirectory, Parallel = 2, Resume = true }, cancellationToken);
        summary.WriteTable(Console.Out);   // one row per job; results in outputDirectory/heat-kappa-0.1-s0.h5, ...
        return summary.ExitCode;           // 0 when every job completed
    }
}
// README:hosting:end
