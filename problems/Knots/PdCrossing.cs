namespace Kan.Physics.Problems.Knots;

/// <summary>
/// One crossing X[a,b,c,d] of a planar diagram: the four edge labels counter-clockwise, starting at the incoming
/// under-edge <paramref name="A"/>; the under-strand runs a -> c (KnotInfo / KnotTheory convention).
/// </summary>
public readonly record struct PdCrossing(int A, int B, int C, int D)
{
    /// <summary>The label at position 0..3 (a, b, c, d).</summary>
    public int this[int position] => position switch
    {
        0 => A,
        1 => B,
        2 => C,
        3 => D,
        _ => throw new ArgumentOutOfRangeException(nameof(position), position, "a crossing has positions 0..3"),
    };

    /// <summary>KnotInfo's form <c>[a,b,c,d]</c>.</summary>
    public override string ToString() => $"[{A},{B},{C},{D}]";
}
