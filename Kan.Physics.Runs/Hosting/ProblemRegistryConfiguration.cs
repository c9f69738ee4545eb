namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// One <c>configure</c> callback of <see cref="KanPhysicsHostingExtensions.AddKanPhysics(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{ProblemRegistry}?)"/>,
/// kept as a service so that several calls each add their problems to the one registry when it is first resolved.
/// </summary>
internal sealed class ProblemRegistryConfiguration(Action<ProblemRegistry> configure)
{
    public void Apply(ProblemRegistry registry) => configure(registry);
}
