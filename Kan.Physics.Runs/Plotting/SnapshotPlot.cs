using System.Globalization;
using ScottPlot;

namespace Kan.Physics.Runs.Plotting;

/// <summary>
/// Profiles u(x) of a 1-D time-dependent problem at several times: each prediction a solid line in its own colour, each
/// reference a thin black dashed line on top, so an error shows as coloured line visible beside the dashes.
/// </summary>
public static class SnapshotPlot
{
    /// <summary>Default figure size in pixels.</summary>
    public const int DefaultWidth = 800, DefaultHeight = 600;

    /// <summary>Writes the profiles to a PNG file.</summary>
    /// <remarks>
    /// NaN or infinite values are left out of their line; every prediction needs at least one finite value. A legend names
    /// each time; when any reference is given it also names the dashed style.
    /// </remarks>
    /// <param name="path">Output file; its folder must exist. Written atomically.</param>
    /// <param name="x">The points of every profile, finite (at least 2).</param>
    /// <param name="snapshots">Per time <c>t</c>: the predicted values at <paramref name="x"/> and optionally the reference values.</param>
    /// <param name="title">Figure title ("" for none).</param>
    /// <param name="xLabel">Name of the horizontal coordinate.</param>
    /// <param name="yLabel">Name of the field.</param>
    /// <param name="width">Figure width in pixels.</param>
    /// <param name="height">Figure height in pixels.</param>
    public static void Save(string path, double[] x, IReadOnlyList<(double t, double[] predicted, double[]? reference)> snapshots,
        string title = "", string xLabel = "x", string yLabel = "u", int width = DefaultWidth, int height = DefaultHeight)
    {
        string full = PngOutput.CheckPath(path);
        PngOutput.CheckSize(width, nameof(width));
        PngOutput.CheckSize(height, nameof(height));
        using Plot plot = Build(x, snapshots, title, xLabel, yLabel);
        PngOutput.Save(plot, full, width, height);
    }

    /// <summary>The figure, not rendered (see <see cref="Save"/>).</summary>
    internal static Plot Build(double[] x, IReadOnlyList<(double t, double[] predicted, double[]? reference)> snapshots,
        string title, string xLabel, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(xLabel);
        ArgumentNullException.ThrowIfNull(yLabel);
        if (x.Length < 2) throw new ArgumentException($"A profile needs at least 2 points; got {x.Length}.", nameof(x));
        for (int i = 0; i < x.Length; i++)
            if (!double.IsFinite(x[i])) throw new ArgumentException($"Point {i} is {x[i]}; points must be finite.", nameof(x));
        if (snapshots.Count == 0) throw new ArgumentException("There are no snapshots to plot.", nameof(snapshots));
        for (int s = 0; s < snapshots.Count; s++)
        {
            var (t, predicted, reference) = snapshots[s];
            if (!double.IsFinite(t)) throw new ArgumentException($"Snapshot {s} has time {t}; times must be finite.", nameof(snapshots));
            if (predicted is null) throw new ArgumentException($"Snapshot {s} (t = {t}) has no predicted values.", nameof(snapshots));
            if (predicted.Length != x.Length)
                throw new ArgumentException($"Snapshot {s} (t = {t}) has {predicted.Length} predicted values for {x.Length} points.", nameof(snapshots));
            if (!predicted.Any(double.IsFinite))
                throw new ArgumentException($"Snapshot {s} (t = {t}): every predicted value is NaN or infinite.", nameof(snapshots));
            if (reference is not null && reference.Length != x.Length)
                throw new ArgumentException($"Snapshot {s} (t = {t}) has {reference.Length} reference values for {x.Length} points.", nameof(snapshots));
        }

        PlotFont.EnsureRegistered();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        bool anyReference = false;
        for (int s = 0; s < snapshots.Count; s++)
        {
            var (t, predicted, _) = snapshots[s];
            var line = AddLine(plot, x, predicted, palette.GetColor(s));
            line.LineWidth = 3;
            line.LegendText = "t = " + t.ToString("G4", CultureInfo.InvariantCulture);
        }
        // references on top, thin, dashed and black: where a prediction is right its coloured line shows through the dashes
        foreach (var (_, _, reference) in snapshots)
        {
            if (reference is null || !reference.Any(double.IsFinite)) continue;
            anyReference = true;
            var refLine = AddLine(plot, x, reference, Colors.Black);
            refLine.LinePattern = LinePattern.Dashed;
            refLine.LineWidth = 1.5f;
        }
        if (anyReference)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "reference", LineColor = Colors.Black, LineWidth = 1.5f, LinePattern = LinePattern.Dashed });
        plot.Axes.AutoScale();
        if (title.Length > 0) plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Alignment.UpperRight);
        PlotFont.Apply(plot);
        return plot;
    }

    /// <summary>A line through the finite points of <paramref name="y"/> (non-finite points are skipped).</summary>
    private static ScottPlot.Plottables.Scatter AddLine(Plot plot, double[] x, double[] y, Color color)
    {
        var xs = new List<double>(x.Length);
        var ys = new List<double>(x.Length);
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(y[i])) continue;
            xs.Add(x[i]);
            ys.Add(y[i]);
        }
        var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
        line.MarkerSize = 0;
        return line;
    }
}
