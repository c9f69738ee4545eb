namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// The interval [a, b], a one-dimensional <see cref="Box"/> whose boundary parts are the end points "left" (x = a,
/// normal -1) and "right" (x = b, normal +1). Each end point counts with measure 1, so boundary samples split evenly
/// between the two ends (and repeat them, since the boundary has only two points).
/// </summary>
public sealed class Interval : Box
{
    /// <summary>The interval from <paramref name="a"/> to <paramref name="b"/> &gt; <paramref name="a"/>.</summary>
    public Interval(double a, double b) : base(Check(a, b), [b], ["left", "right"])
    {
        A = a;
        B = b;
    }

    /// <summary>The left end.</summary>
    public double A { get; }

    /// <summary>The right end.</summary>
    public double B { get; }

    private static double[] Check(double a, double b)
    {
        if (!double.IsFinite(a)) throw new ArgumentException($"a = {a} is not finite.", nameof(a));
        if (!double.IsFinite(b)) throw new ArgumentException($"b = {b} is not finite.", nameof(b));
        if (!(b > a)) throw new ArgumentException($"b = {b} must exceed a = {a}; the interval would be empty or a point.", nameof(b));
        return [a];
    }
}
