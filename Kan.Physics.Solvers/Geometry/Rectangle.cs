namespace Kan.Physics.Solvers.Geometry;

/// <summary>
/// The rectangle [x0, x1] x [y0, y1], a two-dimensional <see cref="Box"/> whose sides are the boundary parts "left"
/// (x = x0), "right" (x = x1), "bottom" (y = y0) and "top" (y = y1), the names boundary conditions are usually stated
/// with. A corner belongs to the first side in that order that it lies on: (x0, y0) and (x0, y1) to "left",
/// (x1, y0) and (x1, y1) to "right".
/// </summary>
public sealed class Rectangle : Box
{
    /// <summary>The rectangle with <paramref name="x1"/> &gt; <paramref name="x0"/> and <paramref name="y1"/> &gt; <paramref name="y0"/>.</summary>
    public Rectangle(double x0, double x1, double y0, double y1) : base(Check(x0, x1, y0, y1), [x1, y1], ["left", "right", "bottom", "top"])
    {
    }

    private static double[] Check(double x0, double x1, double y0, double y1)
    {
        if (!double.IsFinite(x0)) throw new ArgumentException($"x0 = {x0} is not finite.", nameof(x0));
        if (!double.IsFinite(x1)) throw new ArgumentException($"x1 = {x1} is not finite.", nameof(x1));
        if (!double.IsFinite(y0)) throw new ArgumentException($"y0 = {y0} is not finite.", nameof(y0));
        if (!double.IsFinite(y1)) throw new ArgumentException($"y1 = {y1} is not finite.", nameof(y1));
        if (!(x1 > x0)) throw new ArgumentException($"x1 = {x1} must exceed x0 = {x0}.", nameof(x1));
        if (!(y1 > y0)) throw new ArgumentException($"y1 = {y1} must exceed y0 = {y0}.", nameof(y1));
        return [x0, y0];
    }
}
