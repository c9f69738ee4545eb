using System.Globalization;
using System.Text;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;
using Kan.Physics.Solvers.Discovery;

namespace Kan.Physics.Problems.Modules;

/// <summary>A known PDE to score a discovery against: its target (u_t) and each right-hand-side term with its coefficient.</summary>
internal sealed record KnownPde(string Target, IReadOnlyDictionary<string, double> Terms)
{
    /// <summary>The PDE as text, e.g. u_t = -1*u*u_x + 0.1*u_xx.</summary>
    public override string ToString()
        => $"{Target} = " + string.Join(" + ", Terms.Select(t => $"{t.Value.ToString("G4", CultureInfo.InvariantCulture)}*{t.Key}")).Replace("+ -", "- ", StringComparison.Ordinal);
}

/// <summary>How a discovered equation compares with the known one.</summary>
internal sealed record DiscoveryScore(bool Correct, string[] Missing, string[] Extra, double MeanError, double MaxError, IReadOnlyDictionary<string, double> RelativeErrors);

/// <summary>
/// The result file, the printed summary and the figures of a PDE discovery, shared by <c>kan discover-pde</c> and the
/// discovery modules: the PDE (text and LaTeX), coefficients with standard errors, the ranked candidates, the surrogate
/// fit, the STRidge coefficient paths, and (when the PDE is known) whether the terms are right and the coefficient errors.
/// </summary>
internal static class DiscoveryReport
{
    /// <summary>Scores an equation against the known PDE: same terms, and the relative error of each coefficient (in %).</summary>
    public static DiscoveryScore Score(DiscoveredEquation found, KnownPde known)
    {
        var got = found.Terms.ToDictionary(t => t.Term.Name, t => t.Coefficient, StringComparer.Ordinal);
        var missing = known.Terms.Keys.Where(k => !got.ContainsKey(k)).ToArray();
        var extra = got.Keys.Where(k => !known.Terms.ContainsKey(k)).ToArray();
        var errors = known.Terms.Where(k => got.ContainsKey(k.Key))
            .ToDictionary(k => k.Key, k => 100 * Math.Abs(got[k.Key] - k.Value) / Math.Abs(k.Value), StringComparer.Ordinal);
        bool correct = missing.Length == 0 && extra.Length == 0;
        return new DiscoveryScore(correct, missing, extra, errors.Count > 0 ? errors.Values.Average() : double.NaN,
            errors.Count > 0 ? errors.Values.Max() : double.NaN, errors);
    }

    /// <summary>The lines printed after a discovery.</summary>
    public static string Summary(DiscoveryResult r, IReadOnlyList<KnownPde>? known = null)
    {
        var sb = new StringBuilder();
        foreach (var s in r.Surrogates)
            sb.AppendLine(CultureInfo.InvariantCulture, $"surrogate {s.Field}: grid {s.Grid}, held-out RMSE {s.HeldOutRmse:G3} ({100 * s.HeldOutRmse / s.Scale:F2} % of the field's RMS)");
        for (int e = 0; e < r.Equations.Count; e++)
        {
            var eq = r.Equations[e].Chosen;
            sb.AppendLine(CultureInfo.InvariantCulture, $"PDE: {eq.ToText()}");
            foreach (var t in eq.Terms)
                sb.AppendLine(CultureInfo.InvariantCulture, $"  {t.Term.Name,-14} {t.Coefficient,12:G6} +- {t.StandardError:G2}");
            if (known?.FirstOrDefault(k => k.Target == eq.Target) is { } k)
            {
                var score = Score(eq, k);
                sb.AppendLine(CultureInfo.InvariantCulture, $"  known: {k}; terms {(score.Correct ? "correct" : $"wrong (missing: {string.Join(", ", score.Missing)}; extra: {string.Join(", ", score.Extra)})")}, coefficient error mean {score.MeanError:F2} %, max {score.MaxError:F2} %");
            }
            sb.AppendLine("  runners-up:");
            foreach (var c in r.Equations[e].Candidates.Skip(1).Take(3))
                sb.AppendLine(CultureInfo.InvariantCulture, $"    {c.ToText(3)}   (held-out error {c.HeldOutError:G3})");
        }
        sb.Append(CultureInfo.InvariantCulture, $"time: {r.Seconds:F1} s ({r.SurrogateSeconds:F1} s fitting the surrogates)");
        return sb.ToString();
    }

    /// <summary>The result document of a discovery (metrics, notes, STRidge paths, the first field's surrogate as the model).</summary>
    public static ResultDocument Document(string problem, int seed, string configJson, DiscoveryResult r, IReadOnlyList<KnownPde>? known = null,
        IReadOnlyDictionary<string, double>? derivativeErrors = null)
    {
        var doc = new ResultDocument { Problem = problem, Seed = seed, WallSeconds = r.Seconds, ConfigJson = configJson, Model = r.Surrogates[0].Network };
        doc.Metrics["seconds"] = r.Seconds;
        doc.Metrics["surrogate_seconds"] = r.SurrogateSeconds;
        doc.Metrics["collocation_points"] = r.Collocation.Length / r.Data.Dimension;
        doc.Metrics["library_terms"] = r.Library.Terms.Count;
        foreach (var s in r.Surrogates)
        {
            doc.Metrics[$"{s.Field}.surrogate_grid"] = s.Grid;
            doc.Metrics[$"{s.Field}.surrogate_heldout_rmse"] = s.HeldOutRmse;
            doc.Metrics[$"{s.Field}.surrogate_heldout_relative"] = s.HeldOutRmse / s.Scale;
        }
        if (derivativeErrors != null)
            foreach (var (name, err) in derivativeErrors) doc.Metrics[$"{name}.relative_error"] = err;
        var text = new List<string>();
        var latex = new List<string>();
        foreach (var er in r.Equations)
        {
            var eq = er.Chosen;
            string t = eq.Target;
            text.Add(eq.ToText());
            latex.Add(eq.ToLatex());
            doc.Metrics[$"{t}.terms"] = eq.Terms.Count;
            doc.Metrics[$"{t}.heldout_error"] = eq.HeldOutError;
            foreach (var term in eq.Terms)
            {
                doc.Metrics[$"{t}.coef.{term.Term.Name}"] = term.Coefficient;
                doc.Metrics[$"{t}.stderr.{term.Term.Name}"] = term.StandardError;
            }
            if (known?.FirstOrDefault(k => k.Target == t) is { } k)
            {
                var score = Score(eq, k);
                doc.Metrics[$"{t}.terms_correct"] = score.Correct ? 1 : 0;
                doc.Metrics[$"{t}.missing_terms"] = score.Missing.Length;
                doc.Metrics[$"{t}.extra_terms"] = score.Extra.Length;
                if (!double.IsNaN(score.MeanError))
                {
                    doc.Metrics[$"{t}.coefficient_error_mean_percent"] = score.MeanError;
                    doc.Metrics[$"{t}.coefficient_error_max_percent"] = score.MaxError;
                }
                doc.Notes[$"{t}.known"] = k.ToString();
            }
            doc.Notes[$"{t}.candidates"] = string.Join("\n", er.Candidates.Select((c, i) =>
                string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {c.ToText()}  [held-out error {c.HeldOutError:G4}; standard errors {string.Join(", ", c.Terms.Select(x => $"{x.Term.Name} {x.StandardError:G3}"))}]")));
            // the STRidge path: one column per term, one row per threshold (zeros for dropped terms, unit-RMS columns)
            var path = er.Regression.Path;
            doc.Training[$"{t}.threshold"] = path.Select(p => p.Threshold).ToArray();
            for (int c = 0; c < r.Library.Terms.Count; c++)
                if (path.Any(p => p.Coefficients[c] != 0))
                    doc.Training[$"{t}.path.{r.Library.Terms[c].Name}"] = path.Select(p => p.Coefficients[c]).ToArray();
        }
        doc.Formula = new FormulaData { Text = string.Join("; ", text), Latex = string.Join(@",\quad ", latex) };
        doc.Notes["library"] = string.Join(", ", r.Library.Terms.Select(t => t.Name));
        doc.Notes["formulation"] = r.Formulation.ToString().ToLowerInvariant();
        for (int f = 0; f < r.NoiseEstimates.Count; f++)
            if (!double.IsNaN(r.NoiseEstimates[f]))
            {
                var v = r.Data.Values[f];
                double mean = v.Average(), std = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / v.Length);
                doc.Metrics[$"{r.Data.Fields[f]}.noise_estimate_relative"] = r.NoiseEstimates[f] / std;
            }
        if (r.Weak is { } weak)
        {
            doc.Metrics["weak_test_functions"] = weak.Windows;
            doc.Metrics["weak_half_width"] = weak.HalfWidthShare;
            foreach (var (field, ratio) in weak.TargetNoise)
                if (!double.IsNaN(ratio)) doc.Metrics[$"{field}.weak_noise_to_signal"] = ratio;
            doc.Notes["weak.integrated_as"] = string.Join("\n", r.Library.Terms.Select((t, c) => $"{t.Name}: {weak.Forms[c]}"));
            doc.Notes["weak.nodes"] = $"{string.Join(" x ", weak.Nodes)} ({(weak.OnDataGrid ? "the data's grid" : "a regular grid on the surrogate")}), half-widths {string.Join(", ", weak.HalfWidths.Select(h => h.ToString("G4", CultureInfo.InvariantCulture)))}";
        }
        return doc;
    }

    /// <summary>
    /// Figures: the STRidge coefficient paths per equation (<c>STEM.paths-TARGET.png</c>) and, for data on a grid in one
    /// space coordinate and time, the data against the surrogate with their difference (<c>STEM.field.png</c>).
    /// </summary>
    public static IReadOnlyList<string> Figures(string stem, DiscoveryResult r)
    {
        var written = new List<string>();
        foreach (var er in r.Equations)
        {
            var path = er.Regression.Path;
            var series = new Dictionary<string, double[]>(StringComparer.Ordinal);
            for (int c = 0; c < r.Library.Terms.Count; c++)
                if (path.Any(p => p.Coefficients[c] != 0)) series[r.Library.Terms[c].Name] = path.Select(p => p.Coefficients[c]).ToArray();
            if (series.Count == 0) continue;
            string file = $"{stem}.paths-{er.Chosen.Target}.png";
            LossPlot.Save(file, path.Select(p => Math.Log10(p.Threshold)).ToArray(), series,
                $"STRidge paths for {er.Chosen.Target} (unit-RMS terms)", logY: false, xLabel: "log10 threshold / largest coefficient", yLabel: "coefficient");
            written.Add(file);
        }
        var data = r.Data;
        if (data.Dimension == 2)
        {
            int t = data.Coordinates[0] == data.Time ? 0 : 1, x = 1 - t;
            var xs = data.Points.Where((_, i) => i % 2 == x).Distinct().Order().ToArray();
            var ts = data.Points.Where((_, i) => i % 2 == t).Distinct().Order().ToArray();
            if ((long)xs.Length * ts.Length == data.Count && xs.Length >= 2 && ts.Length >= 2 && Even(xs) && Even(ts))
            {
                var xIndex = xs.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
                var tIndex = ts.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i);
                var comparisons = new List<FieldComparison>();
                for (int f = 0; f < data.Fields.Count; f++)
                {
                    var fitted = r.Surrogates[f].Values(data.Points);
                    var a = new double[data.Count]; var b = new double[data.Count];
                    for (int i = 0; i < data.Count; i++)
                    {
                        int cell = tIndex[data.Points[2 * i + t]] * xs.Length + xIndex[data.Points[2 * i + x]];
                        a[cell] = fitted[i]; b[cell] = data.Values[f][i];
                    }
                    comparisons.Add(new FieldComparison(data.Fields[f], a, b));
                }
                string file = $"{stem}.field.png";
                FieldPlot.SaveComparison(file, xs, ts, comparisons, "surrogate (left), data (middle), |difference| (right)", data.Coordinates[x], data.Time);
                written.Add(file);
            }
        }
        return written;
    }

    private static bool Even(double[] v)
    {
        double h = (v[^1] - v[0]) / (v.Length - 1);
        for (int i = 1; i < v.Length; i++) if (Math.Abs(v[i] - v[i - 1] - h) > 1e-6 * Math.Abs(h)) return false;
        return true;
    }
}
