using System.Globalization;
using System.Text;
using System.Text.Json;
using Kan.Physics.Problems.Zoo;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// Turns a folder of physics-informed results (the PDE modules, the <c>pde-zoo</c> cases) into <c>pde-summary.md</c>:
/// one row per result with the network, grids, relative L2 and largest error per field, the stop reason and the time,
/// and a closing line with the worst case and how many reach the target, so candidate defaults compare at a glance.
/// </summary>
public static class PdeReport
{
    /// <summary>Name of the file <see cref="Write"/> creates in the results folder.</summary>
    public const string FileName = "pde-summary.md";

    /// <summary>The relative L2 error every zoo case should reach in every field.</summary>
    public const double Target = 1e-3;

    /// <summary>
    /// Reads every <c>*.h5</c> result of a PDE solve in <paramref name="resultsDirectory"/> (results of other kinds and
    /// unreadable files are passed over) and writes the summary beside them; returns its path.
    /// </summary>
    public static string Write(string resultsDirectory)
    {
        var (documents, _) = ResultFolder.Read(resultsDirectory, IsPde);
        string target = Path.Combine(resultsDirectory, FileName);
        File.WriteAllText(target, Summarize(documents));
        return target;
    }

    /// <summary>Whether <paramref name="doc"/> is the result of a physics-informed solve (it has the solver's error and loss metrics).</summary>
    internal static bool IsPde(ResultDocument doc) => doc.Metrics.ContainsKey("rel_l2") && doc.Metrics.ContainsKey("final_loss");

    /// <summary>
    /// The markdown of the summary for the given (id, result) pairs, one row per result, grouped by problem and by the
    /// settings that differ from the problem's defaults (zoo cases in catalogue order within a group), and one closing
    /// line per group: how many reach the target, the worst result, the geometric mean of the worst fields, the time.
    /// </summary>
    internal static string Summarize(IReadOnlyList<(string Id, ResultDocument Doc)> results)
    {
        var rows = results.Select(r => Row.From(r.Id, r.Doc))
            .OrderBy(r => r.Problem, StringComparer.Ordinal).ThenBy(r => r.Settings, StringComparer.Ordinal)
            .ThenBy(r => r.Order).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.AppendLine("# PDE results");
        sb.AppendLine();
        sb.AppendLine("| problem | case | settings | widths | grids x steps | rel. L2 | max error | stop | time (s) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            sb.AppendLine(Inv($"| {r.Problem} | {r.Case} | {r.Settings} | [{string.Join(",", r.Widths)}] | {r.Grids} x {r.Steps} | {PerField(r.Fields, f => f.RelL2, r.Worst > Target)} | {PerField(r.Fields, f => f.Max, false)} | {r.Stop} | {r.Seconds:F1} |"));
        sb.AppendLine();
        if (rows.Count == 0)
        {
            sb.AppendLine("No PDE results.");
            return sb.ToString();
        }
        foreach (var group in rows.GroupBy(r => (r.Problem, r.Settings)))
        {
            var g = group.ToList();
            var worst = g.MaxBy(r => double.IsNaN(r.Worst) ? double.PositiveInfinity : r.Worst)!;
            int reached = g.Count(r => r.Worst <= Target);
            var finite = g.Where(r => r.Worst > 0 && double.IsFinite(r.Worst)).ToList();
            double geoMean = finite.Count > 0 ? Math.Exp(finite.Average(r => Math.Log(r.Worst))) : double.NaN;
            sb.AppendLine(Inv($"{group.Key.Problem} ({group.Key.Settings}): {g.Count} results; {reached} of {g.Count} at rel. L2 <= {E(Target)} in every field (the others in bold); worst: {worst.Case} at {E(worst.Worst)}; geometric mean of each result's worst field {E(geoMean)}; total time {g.Sum(r => r.Seconds):F1} s."));
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary>One number per field, "1.2e-3" for one field or "u 1.2e-3, v 2.0e-3" for several; in bold when <paramref name="bold"/>.</summary>
    private static string PerField(IReadOnlyList<FieldRow> fields, Func<FieldRow, double> value, bool bold)
    {
        string text = fields.Count == 1 ? E(value(fields[0])) : string.Join(", ", fields.Select(f => $"{f.Name} {E(value(f))}"));
        return bold ? $"**{text}**" : text;
    }

    /// <summary>
    /// The settings of a result that differ from its problem's defaults, "key=value" separated by blanks, without the
    /// zoo's case; "defaults" when none does, "-" for a problem this program does not know.
    /// </summary>
    private static string Changed(string problem, JsonElement config)
    {
        var module = ProblemCatalog.All.FirstOrDefault(p => p.Name == problem);
        if (module is null || !config.TryGetProperty("settings", out var settings) || settings.ValueKind != JsonValueKind.Object) return "-";
        var changed = new List<string>();
        foreach (var s in module.Settings)
            if (s.Key != "case" && settings.TryGetProperty(s.Key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() != s.DefaultValue)
                changed.Add($"{s.Key}={v.GetString()}");
        return changed.Count == 0 ? "defaults" : string.Join(" ", changed);
    }

    private static string E(double v) => double.IsNaN(v) ? "-" : v.ToString("0.0e+0", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private sealed record FieldRow(string Name, double RelL2, double Max);

    /// <summary>One line of the table, from a result's metrics, model and configuration record.</summary>
    private sealed record Row(string Id, string Problem, string Case, string Settings, int Order, int[] Widths, string Grids, string Steps,
        IReadOnlyList<FieldRow> Fields, string Stop, double Seconds)
    {
        /// <summary>The largest relative L2 error over the fields.</summary>
        public double Worst => Fields.Max(f => double.IsNaN(f.RelL2) ? double.PositiveInfinity : f.RelL2);

        public static Row From(string id, ResultDocument doc)
        {
            using var config = JsonDocument.Parse(doc.ConfigJson);
            var root = config.RootElement;
            string? Setting(string key) => root.TryGetProperty("settings", out var s) && s.ValueKind == JsonValueKind.Object
                && s.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            int[] Ints(string key) => root.TryGetProperty(key, out var a) && a.ValueKind == JsonValueKind.Array
                ? a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Number).Select(e => e.GetInt32()).ToArray() : [];
            string caseName = Setting("case") ?? "-";
            int[] widths = Ints("widths");
            if (widths.Length == 0 && doc.Model is { } model) widths = [.. model.Widths];
            int[] grids = Ints("grids");
            // an empty schedule trains on the network's own grid, which grid extension never changed
            string gridText = grids.Length > 0 ? string.Join(",", grids) : doc.Model is { } m ? m.Layers[0].GridSize.ToString(CultureInfo.InvariantCulture) : "-";
            string steps = root.TryGetProperty("steps_per_grid", out var st) && st.ValueKind == JsonValueKind.Number ? st.GetInt32().ToString(CultureInfo.InvariantCulture) : "-";
            string stop = root.TryGetProperty("stop_reason", out var sr) && sr.ValueKind == JsonValueKind.String ? sr.GetString()! : "-";
            double Metric(string key) => doc.Metrics.TryGetValue(key, out var v) ? v : double.NaN;
            int count = doc.Solution?.FieldCount ?? 1;
            var names = doc.Solution?.FieldNames ?? Enumerable.Range(0, count).Select(f => f.ToString(CultureInfo.InvariantCulture)).ToList();
            List<FieldRow> fields;
            if (names is { Count: > 1 })
                fields = names.Select(n => new FieldRow(n, Metric("rel_l2_" + n), Metric("max_abs_" + n))).ToList();
            else
                fields = [new FieldRow(names.Count == 1 ? names[0] : "u", Metric("rel_l2"), Metric("max_abs"))];
            int order = doc.Problem == "pde-zoo" ? ZooCatalog.IndexOf(caseName) : -1;
            return new Row(id, doc.Problem, caseName, Changed(doc.Problem, root), order < 0 ? int.MaxValue : order, widths, gridText, steps, fields, stop, doc.WallSeconds);
        }
    }
}
