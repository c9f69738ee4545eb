using Kan.Physics.Interpretation;
using Kan.Physics.Layers;
using Kan.Physics.Networks;
using ScottPlot;

namespace Kan.Physics.Runs.Plotting;

/// <summary>
/// A KAN drawn as in Liu et al. (2024): nodes in rows (inputs at the bottom, outputs at the top) and, for every active edge,
/// a small drawing of its learned function phi(x) between the two rows, joined to both nodes, all as opaque as the edge is
/// important.
/// </summary>
/// <remarks>
/// The insets of layer l sit in one row halfway between node rows l and l+1, in edge order (input-major), so the edges
/// leaving one node fan out above it and insets never overlap, which they would if each sat on its edge's midpoint.
/// Each inset plots phi over the range of values its input takes on the given samples (the range that matters for the
/// fit); the curve is scaled to the box, so insets show shape, and opacity shows size. Masked-out edges are not drawn.
/// A multiplication node (KAN 2.0) is drawn as a ring with a cross; the edges of its sub-nodes all end there.
/// </remarks>
public static class NetworkPlot
{
    /// <summary>Smallest automatic figure size in pixels.</summary>
    public const int MinAutoWidth = 800, MinAutoHeight = 600;

    private const double SidePadding = 20;
    private const double NodeSize = 9;
    private const int CurvePoints = 60;
    private const float NameSize = 14, TitleSize = 18, LabelSize = 10;

    /// <summary>Writes the network figure to a PNG file.</summary>
    /// <param name="path">Output file; its folder must exist. Written atomically.</param>
    /// <param name="network">The network to draw.</param>
    /// <param name="inputs">Samples, N x n_0 row-major (N >= 1, finite): they set each edge's x-range and the importance scores.</param>
    /// <param name="options">Names, labels, title, size and scores; null for the defaults.</param>
    public static void Save(string path, KanNetwork network, double[] inputs, NetworkPlotOptions? options = null)
    {
        string full = PngOutput.CheckPath(path);
        options ??= new NetworkPlotOptions();
        ArgumentNullException.ThrowIfNull(network);
        var (width, height) = FigureSize(network, options);
        using Plot plot = Build(network, inputs, options, width, height);
        PngOutput.Save(plot, full, width, height);
    }

    /// <summary>The figure size: the options' values, else one that gives every inset about 60 pixels and every layer about 220.</summary>
    internal static (int Width, int Height) FigureSize(KanNetwork network, NetworkPlotOptions options)
    {
        int slots = network.Layers.Max(l => Math.Max(l.EdgeCount, l.InputCount));
        int width = options.Width ?? Math.Clamp((int)(2 * SidePadding) + 60 * slots, MinAutoWidth, PngOutput.MaxSide);
        int height = options.Height ?? Math.Clamp(100 + 220 * network.Layers.Count, MinAutoHeight, PngOutput.MaxSide);
        PngOutput.CheckSize(width, nameof(options.Width));
        PngOutput.CheckSize(height, nameof(options.Height));
        return (width, height);
    }

    /// <summary>The figure, not rendered, laid out in pixel units (data coordinates = pixels, y up).</summary>
    internal static Plot Build(KanNetwork network, double[] inputs, NetworkPlotOptions options, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        CheckInputs(network, inputs);
        CheckOptions(network, options);
        var scores = options.Scores ?? Attribution.L1(network, inputs);
        var layerInputs = network.LayerInputs(inputs);
        int samples = inputs.Length / network.InputDimension;
        int[] widths = network.Widths;
        int layers = network.Layers.Count;

        PlotFont.EnsureRegistered();
        var plot = new Plot();
        plot.Layout.Frameless();
        plot.HideGrid();
        plot.Axes.SetLimits(0, width, 0, height);

        double top = height - (options.Title.Length > 0 ? 50 : 20) - (options.OutputNames is null ? 0 : 26);
        double bottom = 20 + (options.InputNames is null ? 0 : 26);
        double usable = width - 2 * SidePadding;
        double rowGap = (top - bottom) / layers;
        double RowY(int l) => bottom + l * rowGap;
        double NodeX(int l, int i) => SidePadding + (i + 0.5) * usable / widths[l];

        var ink = Colors.Black;
        for (int l = 0; l < layers; l++)
        {
            KanLayer layer = network.Layers[l];
            int nIn = layer.InputCount, nOut = layer.OutputCount;
            double slotWidth = usable / layer.EdgeCount;
            double box = Math.Min(Math.Min(0.5 * rowGap, 0.8 * slotWidth), 110);
            double midY = (RowY(l) + RowY(l + 1)) / 2;
            double maxScore = 0;
            foreach (double s in scores.EdgeScores[l]) if (double.IsFinite(s)) maxScore = Math.Max(maxScore, s);
            double[] x = layerInputs[l];

            for (int i = 0; i < nIn; i++)
            {
                double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
                for (int s = 0; s < samples; s++)
                {
                    lo = Math.Min(lo, x[s * nIn + i]);
                    hi = Math.Max(hi, x[s * nIn + i]);
                }
                if (!(hi - lo > 1e-12 * (1 + Math.Abs(lo)))) // every sample gives this node one value: show its neighbourhood
                {
                    double half = Math.Max(1e-3, Math.Abs(lo) * 1e-3);
                    lo -= half; hi += half;
                }
                for (int j = 0; j < nOut; j++)
                {
                    int e = layer.Edge(i, j);
                    if (layer.Mask[e] == 0 && !layer.Symbolic.IsActive(i, j)) continue; // formula edges are drawn too
                    double score = scores.EdgeScores[l][e];
                    double alpha = maxScore > 0 && double.IsFinite(score) ? Math.Clamp(score / maxScore, 0, 1) : 0;
                    Color color = ink.WithAlpha(alpha);
                    double cx = SidePadding + (e + 0.5) * slotWidth;
                    double boxBottom = midY - box / 2, boxTop = midY + box / 2;

                    AddSegment(plot, NodeX(l, i), RowY(l), cx, boxBottom, color, 1.5f);
                    AddSegment(plot, cx, boxTop, NodeX(l + 1, layer.NodeOfOutput(j)), RowY(l + 1), color, 1.5f);
                    var frame = plot.Add.Rectangle(cx - box / 2, cx + box / 2, boxBottom, boxTop);
                    frame.FillColor = Colors.White;
                    frame.LineColor = Colors.Gray.WithAlpha(alpha);
                    frame.LineWidth = 1;
                    AddCurve(plot, layer, i, j, lo, hi, cx - box / 2, cx + box / 2, boxBottom, boxTop, color);

                    string? label = options.EdgeLabel?.Invoke(l, i, j);
                    if (!string.IsNullOrEmpty(label))
                    {
                        var text = AddText(plot, label, cx, boxTop + 3, LabelSize, Alignment.LowerCenter);
                        text.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
                    }
                }
            }
        }

        for (int l = 0; l <= layers; l++)
            for (int i = 0; i < widths[l]; i++)
            {
                if (l > 0 && i >= network.Layers[l - 1].SumCount)
                {
                    // a multiplication node: a ring with a cross, where its sub-nodes' edges meet
                    plot.Add.Marker(NodeX(l, i), RowY(l), MarkerShape.FilledCircle, (float)(2.2 * NodeSize), Colors.White);
                    plot.Add.Marker(NodeX(l, i), RowY(l), MarkerShape.OpenCircle, (float)(2.2 * NodeSize), ink);
                    plot.Add.Marker(NodeX(l, i), RowY(l), MarkerShape.Eks, (float)(1.4 * NodeSize), ink);
                    continue;
                }
                plot.Add.Marker(NodeX(l, i), RowY(l), MarkerShape.FilledCircle, (float)NodeSize, ink);
            }
        if (options.InputNames is { } inNames)
            for (int i = 0; i < inNames.Count; i++)
                AddText(plot, inNames[i], NodeX(0, i), RowY(0) - 10, NameSize, Alignment.UpperCenter);
        if (options.OutputNames is { } outNames)
            for (int j = 0; j < outNames.Count; j++)
                AddText(plot, outNames[j], NodeX(layers, j), RowY(layers) + 10, NameSize, Alignment.LowerCenter);
        if (options.Title.Length > 0)
            AddText(plot, options.Title, width / 2.0, height - 14, TitleSize, Alignment.UpperCenter);
        PlotFont.Apply(plot);
        return plot;
    }

    private static void AddSegment(Plot plot, double x1, double y1, double x2, double y2, Color color, float lineWidth)
    {
        var line = plot.Add.Line(x1, y1, x2, y2);
        line.LineColor = color;
        line.LineWidth = lineWidth;
        line.MarkerSize = 0;
    }

    /// <summary>phi_ij over [lo, hi], scaled into the box with a margin; a constant phi is drawn as a level line at mid-height.</summary>
    private static void AddCurve(Plot plot, KanLayer layer, int i, int j, double lo, double hi,
        double left, double right, double bottom, double top, Color color)
    {
        var px = new double[CurvePoints];
        var py = new double[CurvePoints];
        double yMin = double.PositiveInfinity, yMax = double.NegativeInfinity;
        for (int k = 0; k < CurvePoints; k++)
        {
            double xv = lo + (hi - lo) * k / (CurvePoints - 1);
            double yv = layer.EvaluateEdge(i, j, xv);
            py[k] = yv;
            if (double.IsFinite(yv)) { yMin = Math.Min(yMin, yv); yMax = Math.Max(yMax, yv); }
        }
        if (yMin > yMax) return; // phi is not finite anywhere on the range: nothing to draw
        double margin = 0.12 * (right - left);
        double innerLeft = left + margin, innerWidth = right - left - 2 * margin;
        double innerBottom = bottom + margin, innerHeight = top - bottom - 2 * margin;
        bool flat = !(yMax - yMin > 1e-12 * (1 + Math.Abs(yMax)));
        var xs = new List<double>(CurvePoints);
        var ys = new List<double>(CurvePoints);
        for (int k = 0; k < CurvePoints; k++)
        {
            if (!double.IsFinite(py[k])) continue;
            xs.Add(innerLeft + innerWidth * k / (CurvePoints - 1));
            ys.Add(flat ? innerBottom + innerHeight / 2 : innerBottom + innerHeight * (py[k] - yMin) / (yMax - yMin));
        }
        var curve = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
        curve.MarkerSize = 0;
        curve.LineWidth = 1.5f;
    }

    private static ScottPlot.Plottables.Text AddText(Plot plot, string text, double x, double y, float size, Alignment alignment)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontName = PlotFont.FamilyName;
        label.LabelFontSize = size;
        label.LabelFontColor = Colors.Black;
        label.LabelAlignment = alignment;
        return label;
    }

    private static void CheckInputs(KanNetwork network, double[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        int d = network.InputDimension;
        if (inputs.Length == 0) throw new ArgumentException("There are no input samples; they set each edge's range and importance.", nameof(inputs));
        if (inputs.Length % d != 0)
            throw new ArgumentException($"{inputs.Length} input values do not split into samples of {d} (the network's input width).", nameof(inputs));
        for (int k = 0; k < inputs.Length; k++)
            if (!double.IsFinite(inputs[k]))
                throw new ArgumentException($"Input {inputs[k]} of sample {k / d}, column {k % d} is not finite.", nameof(inputs));
    }

    private static void CheckOptions(KanNetwork network, NetworkPlotOptions options)
    {
        if (options.Title is null) throw new ArgumentException("The title is null; use \"\" for none.", nameof(options));
        if (options.InputNames is { } inNames && inNames.Count != network.InputDimension)
            throw new ArgumentException($"{inNames.Count} input names for a network with {network.InputDimension} inputs.", nameof(options));
        if (options.OutputNames is { } outNames && outNames.Count != network.OutputDimension)
            throw new ArgumentException($"{outNames.Count} output names for a network with {network.OutputDimension} outputs.", nameof(options));
        if (options.Scores is { } scores)
        {
            if (scores.LayerCount != network.Layers.Count)
                throw new ArgumentException($"The scores are for {scores.LayerCount} layers; the network has {network.Layers.Count}.", nameof(options));
            for (int l = 0; l < scores.LayerCount; l++)
                if (scores.EdgeScores[l].Length != network.Layers[l].EdgeCount)
                    throw new ArgumentException($"The scores have {scores.EdgeScores[l].Length} edges in layer {l}; the network has {network.Layers[l].EdgeCount}.", nameof(options));
        }
    }
}
