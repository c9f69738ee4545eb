namespace Kan.Physics.Runs.Plotting;

/// <summary>A checked, uniform tensor grid of cell centres <c>xs x ys</c> and the field values on it.</summary>
/// <remarks>
/// ScottPlot draws a heatmap as a bitmap of equal cells, so a grid whose points are not evenly spaced would be drawn in
/// the wrong places; it is refused rather than shown distorted.
/// </remarks>
internal sealed class FieldGrid
{
    /// <summary>Largest deviation of a grid point from even spacing, as a fraction of one cell (invisible at any figure size).</summary>
    private const double SpacingTolerance = 0.01;

    private FieldGrid(double[] xs, double[] ys, double dx, double dy)
    {
        Xs = xs; Ys = ys; Dx = dx; Dy = dy;
    }

    public double[] Xs { get; }
    public double[] Ys { get; }
    public double Dx { get; }
    public double Dy { get; }
    public int Columns => Xs.Length;
    public int Rows => Ys.Length;
    public int Count => Xs.Length * Ys.Length;

    /// <summary>The outer edges of the cells: the points are cell centres.</summary>
    public (double Left, double Right, double Bottom, double Top) Bounds =>
        (Xs[0] - Dx / 2, Xs[^1] + Dx / 2, Ys[0] - Dy / 2, Ys[^1] + Dy / 2);

    public static FieldGrid Create(double[] xs, double[] ys)
    {
        double dx = CheckAxis(xs, nameof(xs));
        double dy = CheckAxis(ys, nameof(ys));
        return new FieldGrid(xs, ys, dx, dy);
    }

    /// <summary>
    /// Throws unless <paramref name="values"/> holds one value per grid point (row-major by y) with at least one finite
    /// value; returns the range of the finite values. Non-finite values are drawn as empty cells (points outside a domain).
    /// </summary>
    public (double Min, double Max) CheckValues(double[] values, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        if (values.Length != Count)
            throw new ArgumentException($"Expected {Count} values ({Rows} ys x {Columns} xs, row-major by y), got {values.Length}.", paramName);
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (double v in values)
        {
            if (!double.IsFinite(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        if (min > max) throw new ArgumentException($"All {values.Length} values are NaN or infinite; there is nothing to draw.", paramName);
        return (min, max);
    }

    /// <summary>The values as ScottPlot's intensity array: row 0 is the top of the image, i.e. the largest y.</summary>
    public double[,] ToIntensities(double[] values)
    {
        var result = new double[Rows, Columns];
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                double v = values[r * Columns + c];
                result[Rows - 1 - r, c] = double.IsFinite(v) ? v : double.NaN;
            }
        return result;
    }

    private static double CheckAxis(double[] axis, string paramName)
    {
        ArgumentNullException.ThrowIfNull(axis, paramName);
        if (axis.Length < 2) throw new ArgumentException($"A grid axis needs at least 2 points; got {axis.Length}.", paramName);
        for (int i = 0; i < axis.Length; i++)
            if (!double.IsFinite(axis[i])) throw new ArgumentException($"Point {i} of the grid is {axis[i]}; grid points must be finite.", paramName);
        for (int i = 1; i < axis.Length; i++)
            if (axis[i] <= axis[i - 1])
                throw new ArgumentException($"Grid points must increase: point {i} is {axis[i]} after {axis[i - 1]}.", paramName);
        double step = (axis[^1] - axis[0]) / (axis.Length - 1);
        for (int i = 1; i < axis.Length - 1; i++)
        {
            double expected = axis[0] + i * step;
            if (Math.Abs(axis[i] - expected) > SpacingTolerance * step)
                throw new ArgumentException($"Grid points must be evenly spaced: point {i} is {axis[i]}, expected {expected} (spacing {step}).", paramName);
        }
        return step;
    }
}
