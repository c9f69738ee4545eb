namespace Kan.Physics.Solvers.Pdes;

/// <summary>A scalar function of a point's coordinates (space then time), e.g. boundary data or a source.</summary>
public delegate double PointFunction(ReadOnlySpan<double> x);
