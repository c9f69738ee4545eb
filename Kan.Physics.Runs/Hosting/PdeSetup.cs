using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Runs.Hosting;

/// <summary>
/// What a PDE job solves: the problem, the initial network and the solver options, plus how to store its solution
/// (the names of the coordinates and, when the reference points form a tensor mesh, its shape, so figures can draw
/// fields as heatmaps).
/// </summary>
public sealed record PdeSetup(PinnProblem Problem, KanNetwork Network, PinnOptions Options)
{
    /// <summary>Names of the coordinates, e.g. ["x", "y"] or ["x", "t"] (time last).</summary>
    public IReadOnlyList<string>? CoordinateNames { get; init; }

    /// <summary>Shape of the reference points as a mesh, first coordinate varying slowest (e.g. [51, 51]); null if scattered.</summary>
    public int[]? GridShape { get; init; }

    /// <summary>
    /// Time windows to march through with <see cref="WindowMarchingSolver"/> (each window a solve with
    /// <see cref="Options"/>), or null for one <see cref="PinnSolver"/> solve.
    /// </summary>
    public WindowMarchingOptions? Marching { get; init; }
}
