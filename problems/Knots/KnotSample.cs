namespace Kan.Physics.Problems.Knots;

/// <summary>One generated knot: the braid it came from, its closure diagram and its invariants.</summary>
/// <param name="Braid">The (simplified) braid word whose closure is the knot.</param>
/// <param name="Diagram">The closure as a planar diagram.</param>
/// <param name="Invariants">Its invariants.</param>
public sealed record KnotSample(BraidWord Braid, PlanarDiagram Diagram, KnotInvariantSet Invariants);
