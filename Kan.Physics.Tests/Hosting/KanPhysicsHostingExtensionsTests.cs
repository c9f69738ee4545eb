using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Results;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kan.Physics.Tests.Hosting;

/// <summary>The settings of <see cref="ContainerProblem"/>.</summary>
internal sealed record ContainerOptions
{
    public double Scale { get; init; } = 1;
}

/// <summary>A problem the container creates, with a constructor dependency, as a user's own problem would be.</summary>
internal sealed class ContainerProblem(ILogger<ContainerProblem> logger) : Problem<ContainerOptions>
{
    public override string Name => "container";
    public override string Description => "created by the DI container";
    public override SettingsSchema<ContainerOptions> Settings { get; } = new SettingsSchema<ContainerOptions>()
        .Double("scale", o => o.Scale, (o, v) => o with { Scale = v }, "a factor");

    protected override ResultDocument Run(ProblemContext context, ContainerOptions options)
    {
        logger.LogDebug("running {Id}", context.Job.Id);
        return new ResultDocument
        {
            Problem = Name,
            Seed = context.Seed,
            Metrics = { ["test_rmse"] = options.Scale * (context.Seed + 1) },
        };
    }
}

/// <summary>The DI extension: a user's problems (instances and container-made types) run through a resolved BatchRunner.</summary>
[Collection(BatchCollection.Name)]
public sealed class KanPhysicsHostingExtensionsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-di-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task AddKanPhysics_ResolvesARunnerForUserProblems()
    {
        var progress = new RecordingProgress();
        var services = new ServiceCollection();
        services.AddSingleton<IProgress<JobProgress>>(progress); // registered first: AddKanPhysics keeps it
        services.AddKanPhysics(r => r.Add(new FakeProblem("user")));
        services.AddProblem<ContainerProblem>();
        services.AddKanPhysics(r => r.Add(new FakeProblem("another")));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        var registry = provider.GetRequiredService<ProblemRegistry>();
        Assert.Equal(["another", "container", "user"], registry.Names);
        Assert.Same(NoFigures.Instance, provider.GetRequiredService<IFigureWriter>());

        var jobs = JobFile.Parse("""{"jobs":[{"problem":"user","seeds":[0,1]},{"problem":"container","seeds":[0,1],"settings":{"scale":0.5}}]}""", "inline", registry);
        var summary = await provider.GetRequiredService<BatchRunner>().RunAsync(jobs, new BatchOptions { OutputDirectory = _dir.FullName }, CancellationToken.None);

        Assert.Equal(0, summary.ExitCode);
        Assert.Equal(["user-s0", "user-s1", "container-s0", "container-s1"], summary.Jobs.Select(j => j.Id));
        Assert.Equal(1.0, ResultFile.Read(Path.Combine(_dir.FullName, "container-s1.h5")).Metrics["test_rmse"]);
        Assert.Equal(4, progress.Events.Count(e => e.StartsWith("finish ")));
    }

    [Fact]
    public void AddKanPhysics_Defaults_AreTheProgressDisplayAndNoFigures_UnlessRegisteredBefore()
    {
        using var defaults = new ServiceCollection().AddKanPhysics().BuildServiceProvider();
        Assert.Same(defaults.GetRequiredService<ProgressDisplay>(), defaults.GetRequiredService<IProgress<JobProgress>>());
        Assert.IsType<NoFigures>(defaults.GetRequiredService<IFigureWriter>());
        Assert.Same(defaults.GetRequiredService<BatchRunner>(), defaults.GetRequiredService<BatchRunner>());
        Assert.Equal(0, defaults.GetRequiredService<ProblemRegistry>().Count);

        var figures = new SvgFigures();
        using var custom = new ServiceCollection().AddSingleton<IFigureWriter>(figures).AddKanPhysics().BuildServiceProvider();
        Assert.Same(figures, custom.GetRequiredService<IFigureWriter>());
    }

    private sealed class SvgFigures : IFigureWriter
    {
        public IReadOnlyList<string> Write(ResultDocument document, string resultPath) => [];
    }

    [Fact]
    public async Task RunKanBatchAsync_CancelsJobsWhenTheApplicationStops()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<IProgress<JobProgress>>(new RecordingProgress());
        IHostApplicationLifetime? lifetime = null;
        builder.AddKanPhysics(r => r.Add(new FakeProblem("stopper", ctx =>
        {
            lifetime!.StopApplication(); // as Ctrl+C or SIGTERM would
            ctx.CancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            ctx.CancellationToken.ThrowIfCancellationRequested();
            return FakeProblem.Document(ctx);
        })));
        using var host = builder.Build();
        lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        var summary = await host.RunKanBatchAsync(JobFile.Parse("""{"jobs":[{"problem":"stopper"}]}""", "inline"),
            new BatchOptions { OutputDirectory = _dir.FullName }).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(JobStatus.Cancelled, summary.Jobs[0].Status);
        Assert.Equal(130, summary.ExitCode);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, "stopper-s0.h5")));
    }
}
