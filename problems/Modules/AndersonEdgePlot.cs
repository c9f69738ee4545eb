using Kan.Physics.Problems.Anderson;
using Kan.Physics.Runs.Plotting;
using ScottPlot;
using ScottPlot.Colormaps;
using Kan.Physics.Symbolic;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// The anderson module's edge figure: eigenstates over (lambda, E) coloured by fractal dimension D, for a slice of the
/// second parameter q, with the theory edge and the learned edges (classifier, formula) at the slice's centre.
/// </summary>
internal static class AndersonEdgePlot
{
    /// <summary>Where the q slice is centred: the fixed kappa, or 3/4 up the range (the middle of GAAM's alpha range, 0, would show only the trivial lambda = 1 edge).</summary>
    internal static double SliceCentre(QuasiperiodicModel model)
        => model.ParameterRange.Min + 0.75 * (model.ParameterRange.Max - model.ParameterRange.Min);

    /// <summary>
    /// Points (lambda, E) where <paramref name="g"/> changes sign along E on a grid: a generic edge finder that also
    /// handles models with several edges (mosaic: E = +-2/lambda).
    /// </summary>
    internal static (double[] Lambda, double[] E) SignChanges(Func<double, double, double> g, (double Min, double Max) lambdas, double eMin, double eMax,
        int nLambda = 120, int nE = 400)
        => SignChanges(SingleToBatch(g), lambdas, eMin, eMax, nLambda, nE);

    /// <summary>
    /// As above with <paramref name="batch"/> evaluating all grid points (E, lambda pairs, row-major) at once: one
    /// network pass instead of tens of thousands.
    /// </summary>
    internal static (double[] Lambda, double[] E) SignChanges(Func<double[], double[]> batch, (double Min, double Max) lambdas, double eMin, double eMax,
        int nLambda = 120, int nE = 400)
    {
        var points = new double[nLambda * (nE + 1) * 2];
        for (int a = 0; a < nLambda; a++)
            for (int b = 0; b <= nE; b++)
            {
                int k = a * (nE + 1) + b;
                points[2 * k] = eMin + (eMax - eMin) * b / nE;
                points[2 * k + 1] = lambdas.Min + (lambdas.Max - lambdas.Min) * (a + 0.5) / nLambda;
            }
        var values = batch(points);
        var xs = new List<double>();
        var ys = new List<double>();
        for (int a = 0; a < nLambda; a++)
            for (int b = 1; b <= nE; b++)
            {
                int k = a * (nE + 1) + b;
                double prev = values[k - 1], v = values[k], prevE = points[2 * (k - 1)], e = points[2 * k];
                if (double.IsFinite(v) && double.IsFinite(prev) && (v > 0) != (prev > 0))
                {
                    xs.Add(points[2 * k + 1]);
                    ys.Add(prevE + (e - prevE) * prev / (prev - v)); // linear interpolation of the zero
                }
            }
        return (xs.ToArray(), ys.ToArray());
    }

    private static Func<double[], double[]> SingleToBatch(Func<double, double, double> g) => points =>
    {
        var v = new double[points.Length / 2];
        for (int i = 0; i < v.Length; i++) v[i] = g(points[2 * i], points[2 * i + 1]);
        return v;
    };

    /// <summary>Writes the figure; <paramref name="classifier"/> and <paramref name="formula"/> take rows (E, lambda, q[, phi]).</summary>
    /// <param name="classifier">The classifier's logits for rows (E, lambda, q[, phi]), row-major, in one call.</param>
    public static void Save(string path, QuasiperiodicModel model, IReadOnlyList<EigenstateSample> rows, int inputs,
        Func<double[], double[]> classifier, Func<double[], double>? formula)
    {
        double q0 = SliceCentre(model), band = 0.1 * (model.ParameterRange.Max - model.ParameterRange.Min);
        var slice = rows.Where(r => Math.Abs(r.Parameter - q0) <= band).ToList();
        if (slice.Count < 20) slice = rows.ToList();
        var energies = slice.Select(r => r.Energy).Order().ToArray();
        double eMin = energies[(int)(0.01 * (energies.Length - 1))], eMax = energies[(int)(0.99 * (energies.Length - 1))];
        double pad = 0.05 * Math.Max(eMax - eMin, 1e-9);
        (eMin, eMax) = (eMin - pad, eMax + pad);

        PlotFont.EnsureRegistered();
        using var plot = new Plot();
        var colormap = new Viridis();
        const int bins = 10;
        for (int k = 0; k < bins; k++)
        {
            // one marker series per D bin: ScottPlot colours a series, not a point
            var inBin = slice.Where(r => Math.Clamp((int)(r.FractalDimension * bins), 0, bins - 1) == k && r.Energy >= eMin && r.Energy <= eMax).ToList();
            if (inBin.Count == 0) continue;
            var m = plot.Add.Markers(inBin.Select(r => r.Lambda).ToArray(), inBin.Select(r => r.Energy).ToArray(), MarkerShape.FilledCircle, 3,
                colormap.GetColor((k + 0.5) / bins));
            if (k == 0) m.LegendText = "D near 0 (localised)";
            if (k == bins - 1) m.LegendText = "D near 1 (extended)";
        }
        var theory = model.OrderParameter;
        void Edge(Func<double[], double[]> g, string name, Color color, MarkerShape shape)
        {
            var (lx, ey) = SignChanges(g, model.LambdaRange, eMin, eMax);
            if (lx.Length == 0) return;
            var m = plot.Add.Markers(lx, ey, shape, 5, color);
            m.LegendText = name;
        }
        // (E, lambda) pairs -> rows (E, lambda, q0[, phi = pi]); phi is irrelevant to the physics
        double[] Rows(double[] pairs)
        {
            int n = pairs.Length / 2;
            var x = new double[n * inputs];
            for (int i = 0; i < n; i++)
            {
                x[i * inputs] = pairs[2 * i];
                x[i * inputs + 1] = pairs[2 * i + 1];
                x[i * inputs + 2] = q0;
                if (inputs == 4) x[i * inputs + 3] = Math.PI;
            }
            return x;
        }
        Edge(SingleToBatch((e, l) => theory(e, l, q0)), "theory edge", Colors.Red, MarkerShape.FilledSquare);
        Edge(p => classifier(Rows(p)), "KAN classifier edge", Colors.Black, MarkerShape.OpenCircle);
        if (formula is not null) Edge(p => Kan.Physics.Symbolic.ExprBatch.EvaluateRows(formula, Rows(p), inputs), "formula edge", Colors.Magenta, MarkerShape.Cross);
        plot.Axes.SetLimits(model.LambdaRange.Min, model.LambdaRange.Max, eMin, eMax);
        plot.Title($"{model.Name}: D over (lambda, E), {model.ParameterName} = {q0:G3}" + (model.ParameterRange.Min < model.ParameterRange.Max ? $" +- {band:G2}" : ""));
        plot.XLabel("lambda");
        plot.YLabel("E");
        plot.ShowLegend(Alignment.UpperRight);
        PlotFont.Apply(plot);
        plot.SavePng(path, 900, 650);
    }
}
