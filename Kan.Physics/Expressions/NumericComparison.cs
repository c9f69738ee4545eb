namespace Kan.Physics.Expressions;

/// <summary>The outcome of <see cref="Expr.CompareNumerically"/>.</summary>
/// <param name="Equal">True when every compared point is within the tolerance and at least one point was compared.</param>
/// <param name="Compared">Points where both values were finite.</param>
/// <param name="Skipped">Points where both values were non-finite (ignored).</param>
/// <param name="Mismatched">Points where exactly one value was non-finite (each makes the result unequal).</param>
/// <param name="MaxError">Largest scaled error over the compared points (see <see cref="Expr.CompareNumerically"/>); infinity if any point mismatched.</param>
/// <param name="WorstPoint">Variable values at the worst point (a mismatch if there was one), or null if no point was compared.</param>
public sealed record NumericComparison(bool Equal, int Compared, int Skipped, int Mismatched, double MaxError,
    IReadOnlyDictionary<string, double>? WorstPoint);
