namespace Kan.Physics.Problems.Knots;

/// <summary>One knot read from a <c>name,pd_notation</c> CSV file.</summary>
/// <param name="Line">1-based line number in the file (the header is line 1), for error messages.</param>
/// <param name="Name">Knot name as given, e.g. <c>3_1</c> or <c>12n_888</c>.</param>
/// <param name="Diagram">The parsed diagram (checked to be a knot).</param>
public sealed record KnotCsvRow(int Line, string Name, PlanarDiagram Diagram);
