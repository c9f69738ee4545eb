using ScottPlot;
using ScottPlot.Colormaps;
using SkiaSharp;

namespace Kan.Physics.Runs.Plotting;

/// <summary>
/// Heatmaps of a scalar field on a uniform 2-D grid (space-space or space-time), alone or as prediction / reference /
/// error panels.
/// </summary>
/// <remarks>
/// Values are row-major by y: <c>values[r * xs.Length + c]</c> is the field at <c>(xs[c], ys[r])</c>, the layout a
/// solver's evaluation grid produces. The points are cell centres and must be evenly spaced and increasing. NaN or infinite
/// values are drawn as empty cells (e.g. points outside a non-rectangular domain), but at least one value must be finite.
/// </remarks>
public static class FieldPlot
{
    /// <summary>Default size of a single heatmap, in pixels.</summary>
    public const int DefaultWidth = 800, DefaultHeight = 600;

    /// <summary>Default size of each panel of the comparison figures (<c>SaveComparison</c>), in pixels.</summary>
    public const int DefaultPanelWidth = 600, DefaultPanelHeight = 500;

    /// <summary>Height of the band above the panels of the comparison figures (<c>SaveComparison</c>) that holds the overall title.</summary>
    private const int TitleBand = 44;

    /// <summary>White space between two panels of a comparison, so a colour bar's label stays clear of the next panel's axis label.</summary>
    public const int PanelGap = 40;

    /// <summary>Writes a heatmap of <paramref name="values"/> with a colour bar to a PNG file.</summary>
    /// <param name="path">Output file; its folder must exist. Written atomically (temporary file + rename).</param>
    /// <param name="xs">Cell centres along x, increasing and evenly spaced, at least 2.</param>
    /// <param name="ys">Cell centres along y, increasing and evenly spaced, at least 2.</param>
    /// <param name="values"><c>ys.Length x xs.Length</c> values, row-major by y.</param>
    /// <param name="title">Figure title ("" for none).</param>
    /// <param name="colorbarLabel">Label beside the colour bar, or null for none.</param>
    /// <param name="xLabel">Name of the horizontal coordinate.</param>
    /// <param name="yLabel">Name of the vertical coordinate.</param>
    /// <param name="width">Figure width in pixels.</param>
    /// <param name="height">Figure height in pixels.</param>
    public static void SaveHeatmap(string path, double[] xs, double[] ys, double[] values, string title, string? colorbarLabel = null,
        string xLabel = "x", string yLabel = "y", int width = DefaultWidth, int height = DefaultHeight)
    {
        string full = PngOutput.CheckPath(path);
        PngOutput.CheckSize(width, nameof(width));
        PngOutput.CheckSize(height, nameof(height));
        using Plot plot = BuildHeatmap(xs, ys, values, title, colorbarLabel, xLabel, yLabel);
        PngOutput.Save(plot, full, width, height);
    }

    /// <summary>
    /// Writes three heatmaps side by side: the prediction, the reference (both on one colour scale, so they can be compared
    /// by eye) and the absolute error <c>|prediction - reference|</c> on its own scale, under one title.
    /// </summary>
    /// <param name="path">Output file; its folder must exist.</param>
    /// <param name="xs">Cell centres along x (as in <see cref="SaveHeatmap"/>).</param>
    /// <param name="ys">Cell centres along y.</param>
    /// <param name="predicted">Predicted field, row-major by y.</param>
    /// <param name="reference">Reference field on the same grid.</param>
    /// <param name="title">Overall title ("" for none).</param>
    /// <param name="colorbarLabel">Label of the field's colour bar, or null for none.</param>
    /// <param name="xLabel">Name of the horizontal coordinate.</param>
    /// <param name="yLabel">Name of the vertical coordinate.</param>
    /// <param name="panelWidth">Width of each panel in pixels (the figure is three panels wide, with <see cref="PanelGap"/> between them).</param>
    /// <param name="panelHeight">Height of each panel in pixels (the figure adds a title band).</param>
    public static void SaveComparison(string path, double[] xs, double[] ys, double[] predicted, double[] reference, string title,
        string? colorbarLabel = null, string xLabel = "x", string yLabel = "y",
        int panelWidth = DefaultPanelWidth, int panelHeight = DefaultPanelHeight)
        => SaveComparison(path, xs, ys, [new FieldComparison(colorbarLabel, predicted, reference)], title, xLabel, yLabel, panelWidth, panelHeight);

    /// <summary>
    /// Writes one row of prediction / reference / error panels per field (as in the single-field overload), the rows in
    /// the order given, each field on its own colour scale, under one title. With several rows each panel title starts
    /// with the field's name.
    /// </summary>
    /// <param name="path">Output file; its folder must exist.</param>
    /// <param name="xs">Cell centres along x.</param>
    /// <param name="ys">Cell centres along y.</param>
    /// <param name="fields">At least one field: its name (colour bar label) and predicted and reference values, row-major by y.</param>
    /// <param name="title">Overall title ("" for none).</param>
    /// <param name="xLabel">Name of the horizontal coordinate.</param>
    /// <param name="yLabel">Name of the vertical coordinate.</param>
    /// <param name="panelWidth">Width of each panel in pixels (the figure is three panels wide, with <see cref="PanelGap"/> between them).</param>
    /// <param name="panelHeight">Height of each panel in pixels (the figure is one panel high per field, plus a title band).</param>
    public static void SaveComparison(string path, double[] xs, double[] ys, IReadOnlyList<FieldComparison> fields, string title,
        string xLabel = "x", string yLabel = "y", int panelWidth = DefaultPanelWidth, int panelHeight = DefaultPanelHeight)
    {
        string full = PngOutput.CheckPath(path);
        PngOutput.CheckSize(panelWidth, nameof(panelWidth));
        PngOutput.CheckSize(panelHeight, nameof(panelHeight));
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0) throw new ArgumentException("At least one field is needed.", nameof(fields));
        var grid = FieldGrid.Create(xs, ys);
        var panels = new List<Plot>();
        try
        {
            foreach (var field in fields) panels.AddRange(ComparisonRow(grid, field, fields.Count > 1, xLabel, yLabel));
            int width = 3 * panelWidth + 2 * PanelGap, height = fields.Count * panelHeight + TitleBand;
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
                ?? throw new InvalidOperationException($"Skia could not create a {width} x {height} surface.");
            SKCanvas canvas = surface.Canvas;
            canvas.Clear(SKColors.White);
            if (title.Length > 0)
            {
                using var font = new SKFont(PlotFont.Typeface, 20);
                using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
                canvas.DrawText(title, width / 2f, TitleBand * 0.7f, SKTextAlign.Center, font, paint);
            }
            for (int k = 0; k < panels.Count; k++)
            {
                // each panel on its own surface: ScottPlot clears the whole canvas it renders on, not just its rectangle
                using var panel = SKSurface.Create(new SKImageInfo(panelWidth, panelHeight, SKColorType.Rgba8888, SKAlphaType.Premul))
                    ?? throw new InvalidOperationException($"Skia could not create a {panelWidth} x {panelHeight} surface.");
                PlotFont.Apply(panels[k]);
                panels[k].Render(panel);
                using SKImage panelImage = panel.Snapshot();
                canvas.DrawImage(panelImage, (k % 3) * (panelWidth + PanelGap), TitleBand + (k / 3) * panelHeight);
            }
            using SKImage image = surface.Snapshot();
            PngOutput.Save(image, full);
        }
        finally
        {
            foreach (var plot in panels) plot.Dispose();
        }
    }

    /// <summary>The prediction, reference and error panels of one field.</summary>
    private static Plot[] ComparisonRow(FieldGrid grid, FieldComparison field, bool named, string xLabel, string yLabel)
    {
        string what = field.Name is { Length: > 0 } n ? $"field '{n}'" : "the field";
        if (field.Predicted is null) throw new ArgumentException($"The prediction of {what} is null.", "fields");
        if (field.Reference is null) throw new ArgumentException($"The reference of {what} is null.", "fields");
        var (pMin, pMax) = grid.CheckValues(field.Predicted, "predicted");
        var (rMin, rMax) = grid.CheckValues(field.Reference, "reference");
        var error = new double[grid.Count];
        double maxError = 0;
        for (int k = 0; k < error.Length; k++)
        {
            error[k] = Math.Abs(field.Predicted[k] - field.Reference[k]);
            if (double.IsFinite(error[k])) maxError = Math.Max(maxError, error[k]);
        }
        if (!error.Any(double.IsFinite))
            throw new ArgumentException($"The prediction and the reference of {what} have no grid point where both are finite.", "reference");
        var shared = ColorRange(Math.Min(pMin, rMin), Math.Max(pMax, rMax));
        string prefix = named ? $"{field.Name}: " : "";
        return
        [
            BuildHeatmap(grid, field.Predicted, prefix + "prediction", field.Name, xLabel, yLabel, new Viridis(), shared),
            BuildHeatmap(grid, field.Reference, prefix + "reference", field.Name, xLabel, yLabel, new Viridis(), shared),
            BuildHeatmap(grid, error, $"{prefix}|prediction - reference|, max {maxError:G3}", "absolute error", xLabel, yLabel,
                new Inferno(), ColorRange(0, maxError)),
        ];
    }

    /// <summary>The heatmap figure (not rendered), for <see cref="SaveHeatmap"/> and for tests that inspect the layout.</summary>
    internal static Plot BuildHeatmap(double[] xs, double[] ys, double[] values, string title, string? colorbarLabel, string xLabel, string yLabel)
    {
        var grid = FieldGrid.Create(xs, ys);
        var (min, max) = grid.CheckValues(values, nameof(values));
        return BuildHeatmap(grid, values, title, colorbarLabel, xLabel, yLabel, new Viridis(), ColorRange(min, max));
    }

    private static Plot BuildHeatmap(FieldGrid grid, double[] values, string title, string? colorbarLabel, string xLabel, string yLabel,
        IColormap colormap, ScottPlot.Range range)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        PlotFont.EnsureRegistered();
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid.ToIntensities(values));
        var (left, right, bottom, top) = grid.Bounds;
        heatmap.Rectangle = new CoordinateRect(left, right, bottom, top);
        heatmap.Colormap = colormap;
        heatmap.ManualRange = range;
        heatmap.NaNCellColor = Colors.Transparent;
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = colorbarLabel ?? "";
        plot.Axes.SetLimits(left, right, bottom, top);
        if (title.Length > 0) plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.HideGrid();
        PlotFont.Apply(plot);
        return plot;
    }

    /// <summary>The colour scale for values in [min, max], widened around a constant field (whose zero span would leave every cell undefined).</summary>
    private static ScottPlot.Range ColorRange(double min, double max)
    {
        if (max > min) return new ScottPlot.Range(min, max);
        double half = Math.Max(Math.Abs(min) * 1e-3, 1e-12);
        return new ScottPlot.Range(min - half, max + half);
    }
}

/// <summary>One field of a comparison figure: its name (the colour bar label; null for none) and its predicted and reference values.</summary>
public sealed record FieldComparison(string? Name, double[] Predicted, double[] Reference);
