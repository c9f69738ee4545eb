using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Problems.Modules;

/// <summary>All problem modules of the <c>kan</c> command.</summary>
internal static class ProblemCatalog
{
    public static IReadOnlyList<IProblem> All { get; } =
    [
        new Poisson2DTutorial(), new Poisson2DPaper(), new Helmholtz2D(), new Diffusion1D(), new Burgers1D(), new AllenCahn1D(), new BurgersInverse(), new DiffusionField(), new SourceInverse(), new Wave1DMultiscale(),
        new ToyFormulaProblem(), new FeynmanProblem(), new SpecialFunctionsProblem(), new AndersonProblem(), new KnotsProblem(),
        new PdeZooProblem(),
        new BurgersDiscovery(), new KdvDiscovery(), new AdvectionDiffusionDiscovery(), new KsDiscovery(), new AllenCahnDiscovery(),
    ];

    public static IProblem Find(string name)
        => All.FirstOrDefault(m => m.Name == name)
           ?? throw new ArgumentException($"unknown problem '{name}'; known: {string.Join(", ", All.Select(m => m.Name))}");
}
