namespace Kan.Physics.Problems.Modules;

/// <summary>A reproducible problem: builds its PDE problem, network and solver options from settings and a seed.</summary>
internal interface IProblemModule
{
    string Name { get; }
    string Description { get; }
    ProblemRun Create(ProblemSettings settings);
}
