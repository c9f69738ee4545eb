using Kan.Physics.EdgeFunctions;
namespace Kan.Physics.Symbolic;

/// <summary>
/// What <see cref="AutoSymbolic"/> decided for one edge: the best fit (null when none succeeded), whether the edge was
/// snapped to it, and why not when it was not.
/// </summary>
public sealed record SymbolicEdgeChoice(int Layer, int Input, int Output, AffineFitResult? Fit, bool Fixed, string? Reason);
