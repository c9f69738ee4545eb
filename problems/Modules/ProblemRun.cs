using Kan.Physics.Networks;
using Kan.Physics.Solvers.Pinns;

namespace Kan.Physics.Problems.Modules;

/// <summary>Everything a PDE solve needs: the problem, the initial network and the solver options.</summary>
internal sealed record ProblemRun(PinnProblem Problem, KanNetwork Network, PinnOptions Options);
