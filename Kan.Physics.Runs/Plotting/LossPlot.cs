using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Kan.Physics.Runs.Plotting;

/// <summary>Training curves: loss terms and error metrics against the optimiser step, one line per series, with a legend.</summary>
public static class LossPlot
{
    /// <summary>Default figure size in pixels.</summary>
    public const int DefaultWidth = 1000, DefaultHeight = 600;

    /// <summary>Writes the curves to a PNG file.</summary>
    /// <remarks>
    /// On a log axis, values that are zero, negative or not finite cannot be drawn and are left out (a loss that reaches
    /// exactly 0, or a metric recorded as NaN before it is first computed, must not make the figure fail); a series left
    /// with no value is listed in the legend as having none. On a linear axis only non-finite values are left out.
    /// The log axis labels decades, 10^k, and always shows at least one.
    /// </remarks>
    /// <param name="path">Output file; its folder must exist. Written atomically.</param>
    /// <param name="steps">The x value of each record (optimiser step, iteration, epoch), finite.</param>
    /// <param name="series">Name to values, each with one value per step; drawn in the dictionary's order.</param>
    /// <param name="title">Figure title ("" for none).</param>
    /// <param name="logY">Whether the vertical axis is logarithmic (base 10).</param>
    /// <param name="xLabel">Name of the horizontal axis.</param>
    /// <param name="yLabel">Name of the vertical axis, or null for none.</param>
    /// <param name="width">Figure width in pixels.</param>
    /// <param name="height">Figure height in pixels.</param>
    /// <param name="markers">Vertical dashed lines with a label at their top (e.g. where the grid changes), or null for none.</param>
    public static void Save(string path, IReadOnlyList<double> steps, IReadOnlyDictionary<string, double[]> series, string title,
        bool logY = true, string xLabel = "step", string? yLabel = null, int width = DefaultWidth, int height = DefaultHeight,
        IReadOnlyList<StepMarker>? markers = null)
    {
        string full = PngOutput.CheckPath(path);
        PngOutput.CheckSize(width, nameof(width));
        PngOutput.CheckSize(height, nameof(height));
        using Plot plot = Build(steps, series, title, logY, xLabel, yLabel, markers);
        PngOutput.Save(plot, full, width, height);
    }

    /// <summary>
    /// The steps where <paramref name="grid"/> (one grid size per step) changes, each marked "grid G" with the new size;
    /// empty when the grid never changes. Non-finite entries are skipped.
    /// </summary>
    public static IReadOnlyList<StepMarker> GridChanges(IReadOnlyList<double> steps, IReadOnlyList<double> grid)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(grid);
        if (steps.Count != grid.Count) throw new ArgumentException($"There are {grid.Count} grid sizes for {steps.Count} steps.", nameof(grid));
        var markers = new List<StepMarker>();
        double last = double.NaN;
        for (int i = 0; i < grid.Count; i++)
        {
            if (!double.IsFinite(grid[i])) continue;
            if (double.IsFinite(last) && grid[i] != last)
                // between the last step on the old grid and the first on the new one
                markers.Add(new StepMarker(i > 0 ? (steps[i - 1] + steps[i]) / 2 : steps[i], "grid " + grid[i].ToString("G6", CultureInfo.InvariantCulture)));
            last = grid[i];
        }
        return markers;
    }

    /// <summary>The figure, not rendered (see <see cref="Save"/>).</summary>
    internal static Plot Build(IReadOnlyList<double> steps, IReadOnlyDictionary<string, double[]> series, string title,
        bool logY, string xLabel, string? yLabel, IReadOnlyList<StepMarker>? markers = null)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        if (steps.Count == 0) throw new ArgumentException("There are no steps to plot.", nameof(steps));
        for (int i = 0; i < steps.Count; i++)
            if (!double.IsFinite(steps[i])) throw new ArgumentException($"Step {i} is {steps[i]}; steps must be finite.", nameof(steps));
        if (series.Count == 0) throw new ArgumentException("There are no series to plot.", nameof(series));
        foreach (var (name, values) in series)
        {
            if (values is null) throw new ArgumentException($"Series '{name}' is null.", nameof(series));
            if (values.Length != steps.Count)
                throw new ArgumentException($"Series '{name}' has {values.Length} values but there are {steps.Count} steps.", nameof(series));
        }

        // the points each series can show
        var kept = new List<(string Name, double[] X, double[] Y)>();
        foreach (var (name, values) in series)
        {
            var x = new List<double>();
            var y = new List<double>();
            for (int i = 0; i < values.Length; i++)
            {
                double v = values[i];
                if (!double.IsFinite(v) || (logY && v <= 0)) continue;
                x.Add(steps[i]);
                y.Add(logY ? Math.Log10(v) : v);
            }
            kept.Add((name, x.ToArray(), y.ToArray()));
        }
        if (kept.All(k => k.Y.Length == 0))
            throw new ArgumentException(logY
                ? "No series has a finite positive value; nothing can be drawn on a log axis."
                : "No series has a finite value; there is nothing to draw.", nameof(series));

        PlotFont.EnsureRegistered();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        for (int s = 0; s < kept.Count; s++)
        {
            var (name, x, y) = kept[s];
            Color color = palette.GetColor(s);
            if (y.Length == 0)
            {
                plot.Legend.ManualItems.Add(new LegendItem
                {
                    LabelText = logY ? $"{name} (no positive value)" : $"{name} (no finite value)",
                    LineColor = color, LineWidth = 0, MarkerShape = MarkerShape.None,
                });
                continue;
            }
            var line = plot.Add.Scatter(x, y, color);
            line.LegendText = name;
            // series drawn later lie on top: each is thinner than the one before and every second one dashed, so a
            // term equal to another (the total loss and its only term) shows as a band around a line, never hidden
            line.LineWidth = (float)Math.Max(1.5, 5.0 - 1.2 * s);
            if (s % 2 == 1) line.LinePattern = LinePattern.Dashed;
            // a series recorded at a few steps only (e.g. at grid updates) is points, not a line through the gaps
            bool sparse = x.Length < steps.Count / 2;
            if (sparse) { line.LineWidth = 0; line.MarkerShape = MarkerShape.FilledCircle; line.MarkerSize = 6; }
            else line.MarkerSize = y.Length == 1 ? 7 : 0; // a lone point would otherwise be invisible
            yMin = Math.Min(yMin, y.Min());
            yMax = Math.Max(yMax, y.Max());
        }
        if (logY)
        {
            // a little room above and below; at least a third of a decade, and always one decade line (10^k) in view
            double span = Math.Max(yMax - yMin, 1.0 / 3);
            double mid = (yMax + yMin) / 2;
            double lo = Math.Min(yMin, mid - span / 2) - 0.05 * span, hi = Math.Max(yMax, mid + span / 2) + 0.05 * span;
            if (Math.Ceiling(lo) > Math.Floor(hi)) lo = Math.Floor(lo);
            plot.Axes.Left.TickGenerator = new NumericAutomatic
            {
                IntegerTicksOnly = true,
                MinorTickGenerator = new LogMinorTickGenerator(),
                LabelFormatter = Decade,
            };
            plot.Axes.AutoScaleX();
            plot.Axes.SetLimitsY(lo, hi);
        }
        else
        {
            plot.Axes.AutoScale();
        }
        if (markers is { Count: > 0 })
        {
            // the label inside the plot, just below its top edge, right of the line: clear of the title and the ticks
            var limits = plot.Axes.GetLimits();
            foreach (var marker in markers)
            {
                if (!double.IsFinite(marker.Step)) throw new ArgumentException($"Marker '{marker.Label}' is at step {marker.Step}; it must be finite.", nameof(markers));
                plot.Add.VerticalLine(marker.Step, 1, Colors.Gray, LinePattern.Dotted);
                var label = plot.Add.Text(marker.Label, marker.Step, limits.Top - 0.015 * (limits.Top - limits.Bottom));
                label.LabelFontColor = Colors.DimGray;
                label.LabelFontSize = 12;
                label.LabelAlignment = Alignment.UpperLeft;
                label.OffsetX = 3;
            }
        }
        if (title.Length > 0) plot.Title(title);
        plot.XLabel(xLabel);
        if (yLabel is not null) plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);   // beside the data, so it never covers a curve or a marker label
        PlotFont.Apply(plot);
        return plot;
    }

    /// <summary>Tick label of log10 value <paramref name="exponent"/>: "10" with the exponent in superscript digits.</summary>
    internal static string Decade(double exponent)
    {
        int k = (int)Math.Round(exponent);
        const string superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        string digits = Math.Abs(k).ToString(CultureInfo.InvariantCulture);
        var text = new System.Text.StringBuilder("10");
        if (k < 0) text.Append('⁻');
        foreach (char c in digits) text.Append(superscripts[c - '0']);
        return text.ToString();
    }
}

/// <summary>A labelled vertical line in a <see cref="LossPlot"/>: <paramref name="Step"/> on the horizontal axis.</summary>
public sealed record StepMarker(double Step, string Label);
