using Kan.Physics.Networks;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Runs.Plotting;

/// <summary>
/// Draws the standard figures of a result document beside its file (<c>NAME.h5</c> gives <c>NAME.loss.png</c>,
/// <c>NAME.solution.png</c>, <c>NAME.snapshots.png</c>, <c>NAME.network.png</c>, and for an inverse problem
/// <c>NAME.parameters.png</c>), from the document alone, so
/// <c>kan plot</c> can redraw them from a file: loss terms and errors against step; for a solution on a 2-D mesh the
/// prediction, reference and error fields (for a system with a reference, one row of these panels per field); for a
/// 1-D scalar problem in time, snapshots u(x) at four times; the network.
/// </summary>
public static class ResultFigures
{
    private static readonly HashSet<string> NotCurves = new(StringComparer.Ordinal) { "step", "grid", "stage", "evaluations", "seconds" };

    /// <summary>Draws every figure that applies and returns the paths written.</summary>
    public static IReadOnlyList<string> Draw(ResultDocument document, string resultPath)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrEmpty(resultPath);
        string stem = resultPath.EndsWith(".h5", StringComparison.OrdinalIgnoreCase) ? resultPath[..^3] : resultPath;
        var written = new List<string>();
        string title = $"{document.Problem}, seed {document.Seed}";

        var curves = document.Training.Where(p => !NotCurves.Contains(p.Key) && !p.Key.StartsWith(ParameterPrefix, StringComparison.Ordinal) && p.Value.Any(v => double.IsFinite(v) && v > 0))
            .ToDictionary(p => p.Key, p => p.Value);
        if (curves.Count > 0)
        {
            double[] x = document.Training.TryGetValue("step", out var steps) ? steps
                : document.Training.TryGetValue("stage", out var stages) ? stages
                : Enumerable.Range(0, curves.First().Value.Length).Select(i => (double)i).ToArray();
            string path = stem + ".loss.png";
            // a dotted line where the grid changes (grid extension), labelled with the new grid size
            var markers = document.Training.TryGetValue("grid", out var grid) && grid.Length == x.Length ? LossPlot.GridChanges(x, grid) : [];
            LossPlot.Save(path, x, curves, $"{title}: losses and errors", xLabel: document.Training.ContainsKey("step") ? "step" : "stage",
                yLabel: "loss terms and errors (log scale)", markers: markers);
            written.Add(path);
        }

        if (ParameterFigure(document, stem + ".parameters.png", title) is { } parameters) written.Add(parameters);

        if (document.Solution is { GridShape: [int m0, int m1], Dimension: 2, FieldCount: > 1, Reference: not null } system)
        {
            var (xs, ys, rows) = Mesh(system, m0, m1);
            int m = system.FieldCount;
            double[] Field(double[] v, int f)
            {
                var r = new double[system.PointCount];
                for (int p = 0; p < r.Length; p++) r[p] = v[p * m + f];
                return rows(r);
            }
            var fields = Enumerable.Range(0, m).Select(f => new FieldComparison(system.FieldNames?[f] ?? $"field {f}",
                Field(system.Prediction, f), Field(system.Reference!, f))).ToArray();
            string path = stem + ".solution.png";
            FieldPlot.SaveComparison(path, xs, ys, fields, title, system.CoordinateNames[0], system.CoordinateNames[1]);
            written.Add(path);
        }

        if (document.Solution is { GridShape: [int n0, int n1], Dimension: 2, FieldCount: 1 } sol)
        {
            var c = sol.Coordinates;
            var xs = Enumerable.Range(0, n0).Select(i => c[(i * n1) * 2]).ToArray();
            var ys = Enumerable.Range(0, n1).Select(j => c[j * 2 + 1]).ToArray();
            // the solution is stored with the first coordinate slowest; the heatmaps want rows of constant y
            double[] Rows(double[] v)
            {
                var r = new double[v.Length];
                for (int i = 0; i < n0; i++) for (int j = 0; j < n1; j++) r[j * n0 + i] = v[i * n1 + j];
                return r;
            }
            string xl = sol.CoordinateNames[0], yl = sol.CoordinateNames[1];
            string path = stem + ".solution.png";
            if (sol.Reference != null)
                FieldPlot.SaveComparison(path, xs, ys, Rows(sol.Prediction), Rows(sol.Reference), title, "u", xl, yl);
            else
                FieldPlot.SaveHeatmap(path, xs, ys, Rows(sol.Prediction), title, "u", xl, yl);
            written.Add(path);

            if (yl == "t" && n1 >= 2)
            {
                var snapshots = new List<(double, double[], double[]?)>();
                foreach (int j in new[] { 0, n1 / 3, 2 * n1 / 3, n1 - 1 }.Distinct())
                {
                    var predicted = Enumerable.Range(0, n0).Select(i => sol.Prediction[i * n1 + j]).ToArray();
                    var reference = sol.Reference is { } rf ? Enumerable.Range(0, n0).Select(i => rf[i * n1 + j]).ToArray() : null;
                    snapshots.Add((ys[j], predicted, reference));
                }
                string snap = stem + ".snapshots.png";
                SnapshotPlot.Save(snap, xs, snapshots, $"{title}: u(x) at four times (dashed: reference)", xl, "u");
                written.Add(snap);
            }
        }

        if (document.Model is { } model)
        {
            string path = stem + ".network.png";
            NetworkPlot.Save(path, model, SampleInputs(document, model), new NetworkPlotOptions
            {
                // an input embedding gives the network other inputs than the coordinates: then no names
                InputNames = document.Solution?.CoordinateNames is { } names && names.Count == model.InputDimension ? names : null,
                Title = $"{title}: KAN [{string.Join(",", model.Widths)}]",
                EdgeLabel = (l, i, j) => model.Layers[l].Symbolic.Function(i, j)?.Name,
            });
            written.Add(path);
        }
        return written;
    }

    /// <summary>Prefix of the history columns and metrics that hold identified coefficients (param_NAME); their truths, when known, are metrics true_NAME.</summary>
    private const string ParameterPrefix = "param_";

    /// <summary>
    /// The convergence of identified coefficients: when every one has a known truth (metric true_NAME), the relative
    /// error |value / truth - 1| of each against the step on a log axis; otherwise each value against the step.
    /// Returns the path written, or null when the history holds no coefficient.
    /// </summary>
    private static string? ParameterFigure(ResultDocument document, string path, string title)
    {
        var columns = document.Training.Where(p => p.Key.StartsWith(ParameterPrefix, StringComparison.Ordinal)).ToList();
        if (columns.Count == 0 || !document.Training.TryGetValue("step", out var steps)) return null;
        var truths = columns.Select(c => document.Metrics.TryGetValue("true_" + c.Key[ParameterPrefix.Length..], out double t) && t != 0 ? t : (double?)null).ToList();
        if (truths.All(t => t != null))
        {
            var errors = new Dictionary<string, double[]>();
            for (int k = 0; k < columns.Count; k++)
            {
                string name = columns[k].Key[ParameterPrefix.Length..];
                double truth = truths[k]!.Value;
                errors[$"{name} (truth {truth.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)})"] = columns[k].Value.Select(v => Math.Abs(v / truth - 1)).ToArray();
            }
            LossPlot.Save(path, steps, errors, $"{title}: identified coefficients", logY: true, yLabel: "relative error |value / truth - 1|");
        }
        else
        {
            LossPlot.Save(path, steps, columns.ToDictionary(c => c.Key[ParameterPrefix.Length..], c => c.Value), $"{title}: identified coefficients", logY: false, yLabel: "value");
        }
        return path;
    }

    /// <summary>The axes of a 2-D mesh solution stored with the first coordinate slowest, and the map of a field onto rows of constant y.</summary>
    private static (double[] Xs, double[] Ys, Func<double[], double[]> Rows) Mesh(SolutionData sol, int n0, int n1)
    {
        var c = sol.Coordinates;
        var xs = Enumerable.Range(0, n0).Select(i => c[(i * n1) * 2]).ToArray();
        var ys = Enumerable.Range(0, n1).Select(j => c[j * 2 + 1]).ToArray();
        return (xs, ys, v =>
        {
            var r = new double[v.Length];
            for (int i = 0; i < n0; i++) for (int j = 0; j < n1; j++) r[j * n0 + i] = v[i * n1 + j];
            return r;
        });
    }

    /// <summary>Inputs that show each edge over its range: the solution's points (thinned), else a seeded box sample.</summary>
    private static double[] SampleInputs(ResultDocument document, KanNetwork model)
    {
        int d = model.InputDimension;
        if (document.Solution is { } sol && sol.Dimension == d)
        {
            int n = sol.PointCount, stride = Math.Max(1, n / 2000);
            var list = new List<double>();
            for (int p = 0; p < n; p += stride) for (int a = 0; a < d; a++) list.Add(sol.Coordinates[p * d + a]);
            return [.. list];
        }
        var rng = new Random(0);
        var grid = model.Layers[0];
        var x = new double[1000 * d];
        for (int s = 0; s < 1000; s++)
            for (int a = 0; a < d; a++)
            {
                var g = grid.Basis(a).GridPoints;
                x[s * d + a] = g[0] + (g[^1] - g[0]) * rng.NextDouble();
            }
        return x;
    }
}
