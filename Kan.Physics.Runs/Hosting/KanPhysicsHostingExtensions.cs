using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// Registers the batch machinery with Microsoft.Extensions.DependencyInjection, so an application gets a ready
/// <see cref="BatchRunner"/> for its own problems in a few lines (see the example in the README).
/// </summary>
public static class KanPhysicsHostingExtensions
{
    /// <summary>
    /// Adds, as singletons: <see cref="ProblemRegistry"/> (every <see cref="IProblem"/> service, then the problems
    /// <paramref name="configure"/> adds), <see cref="BatchRunner"/>, <see cref="ProgressDisplay"/> on the standard
    /// output as the <see cref="IProgress{T}"/> sink, and <see cref="NoFigures"/> as the <see cref="IFigureWriter"/>,
    /// plus logging. All but the configure callback are added with TryAdd, so services registered before win (a real
    /// figure writer, another progress sink). Calling it again adds further configure callbacks.
    /// </summary>
    public static IServiceCollection AddKanPhysics(this IServiceCollection services, Action<ProblemRegistry>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        if (configure != null) services.AddSingleton(new ProblemRegistryConfiguration(configure));
        services.TryAddSingleton(provider =>
        {
            var registry = new ProblemRegistry(provider.GetServices<IProblem>());
            foreach (var configuration in provider.GetServices<ProblemRegistryConfiguration>()) configuration.Apply(registry);
            return registry;
        });
        services.TryAddSingleton<IFigureWriter>(NoFigures.Instance);
        services.TryAddSingleton(_ => new ProgressDisplay());
        services.TryAddSingleton<IProgress<JobProgress>>(provider => provider.GetRequiredService<ProgressDisplay>());
        services.TryAddSingleton(provider => new BatchRunner(
            provider.GetRequiredService<ProblemRegistry>(),
            provider.GetRequiredService<IFigureWriter>(),
            provider.GetRequiredService<ILogger<BatchRunner>>(),
            provider.GetRequiredService<IProgress<JobProgress>>()));
        return services;
    }

    /// <summary>
    /// Registers <typeparamref name="TProblem"/> as an <see cref="IProblem"/> singleton created by the container, so
    /// it can take its own services (options, loggers) in its constructor; the registry picks it up.
    /// </summary>
    public static IServiceCollection AddProblem<TProblem>(this IServiceCollection services) where TProblem : class, IProblem
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblem, TProblem>());
        return services;
    }

    /// <summary>
    /// <see cref="AddKanPhysics(IServiceCollection, Action{ProblemRegistry}?)"/> on a host builder's services; also
    /// silences the console lifetime's "Application started" messages, which would only clutter a batch's output.
    /// </summary>
    public static TBuilder AddKanPhysics<TBuilder>(this TBuilder builder, Action<ProblemRegistry>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKanPhysics(configure);
        builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
        return builder;
    }

    /// <summary>
    /// Starts <paramref name="host"/> (so Ctrl+C and SIGTERM stop the application), runs <paramref name="jobs"/> with
    /// its <see cref="BatchRunner"/>, cancelling them when the application stops, and stops the host afterwards.
    /// </summary>
    public static async Task<BatchSummary> RunKanBatchAsync(this IHost host, IReadOnlyList<JobSpec> jobs, BatchOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var runner = host.Services.GetRequiredService<BatchRunner>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
            return await runner.RunAsync(jobs, options, stop.Token).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
