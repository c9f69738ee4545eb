using System.Globalization;
using System.Text;
using System.Text.Json;
using Kan.Physics.Problems.Functions;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// Turns a folder of <c>special-functions</c> results into <c>special-functions-summary.md</c>: one row per result,
/// our RMSEs and shapes beside the paper's, so a batch over the 15 functions reads as the paper's Table 1.
/// </summary>
public static class SpecialFunctionsReport
{
    /// <summary>Name of the file <see cref="Write"/> creates in the results folder.</summary>
    public const string FileName = "special-functions-summary.md";

    /// <summary>
    /// Reads every <c>*.h5</c> result of the <c>special-functions</c> problem in <paramref name="resultsDirectory"/>
    /// (other problems' results and files that are not results are passed over, so a mixed batch folder works) and
    /// writes the summary beside them; returns its path.
    /// </summary>
    public static string Write(string resultsDirectory)
    {
        // other problems' results and unreadable files (a crashed job's leftovers) are passed over
        var (documents, _) = ResultFolder.Read(resultsDirectory, "special-functions");
        string target = Path.Combine(resultsDirectory, FileName);
        File.WriteAllText(target, Summarize(documents));
        return target;
    }

    /// <summary>The markdown of the summary for the given (id, result) pairs, in the catalogue's order.</summary>
    internal static string Summarize(IReadOnlyList<(string Id, ResultDocument Doc)> results)
    {
        var rows = results.Select(r => Row.From(r.Id, r.Doc))
            .OrderBy(r => r.Order).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
        var sb = new StringBuilder();
        sb.AppendLine("# Special functions: KAN paper Table 1 vs this run");
        sb.AppendLine();
        sb.AppendLine("| function | our best RMSE (shape, G) | paper best KAN RMSE (shape) | paper MLP RMSE | our minimal shape | its RMSE | paper minimal shape (RMSE) | time (s) |");
        sb.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            string b = r.Best < r.PaperBest ? "**" : "";
            sb.AppendLine(Inv($"| {r.Function} | {b}{E(r.Best)}{b} {r.BestShape}, G = {r.BestGrid} | {E(r.PaperBest)} {r.PaperBestShape} | {E(r.PaperMlp)} | {r.MinShape} | {E(r.MinRmse)} | {r.PaperMinShape} ({E(r.PaperMin)}) | {r.Seconds:F1} |"));
        }
        sb.AppendLine();
        int beats = rows.Count(r => r.Best < r.PaperBest), minimal = rows.Count(r => r.MinShape != "none");
        sb.AppendLine(Inv($"{rows.Count} results; best RMSE below the paper's best KAN RMSE (bold) on {beats} of {rows.Count}; below 1e-2 on {minimal} of {rows.Count}; total time {rows.Sum(r => r.Seconds):F1} s."));
        return sb.ToString();
    }

    private static string E(double v) => double.IsNaN(v) ? "-" : v.ToString("0.00E+0", CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>One line of the table, from a result's metrics and configuration record.</summary>
    private sealed record Row(string Id, int Order, string Function, double Best, string BestShape, string BestGrid,
        double MinRmse, string MinShape, double PaperBest, string PaperBestShape, double PaperMlp, double PaperMin,
        string PaperMinShape, double Seconds)
    {
        public static Row From(string id, ResultDocument doc)
        {
            using var config = JsonDocument.Parse(doc.ConfigJson);
            var root = config.RootElement;
            string function = root.TryGetProperty("function", out var fn) && fn.ValueKind == JsonValueKind.String ? fn.GetString()! : "?";
            int order = SpecialFunctionCatalog.Entries.ToList().FindIndex(e => e.Name == function);
            var entry = order >= 0 ? SpecialFunctionCatalog.Entries[order] : null;
            double Metric(string key, double fallback) => doc.Metrics.TryGetValue(key, out var v) ? v : fallback;
            string Shape(string key) => root.TryGetProperty(key, out var s) && s.ValueKind == JsonValueKind.Array
                ? SpecialFunctionsProblem.Format(s.EnumerateArray().Select(w => w.GetInt32()).ToArray()) : "none";
            string grid = root.TryGetProperty("best_grid", out var g) && g.ValueKind == JsonValueKind.Number ? g.GetInt32().ToString(CultureInfo.InvariantCulture) : "-";
            return new Row(id, order < 0 ? int.MaxValue : order, function,
                Metric("best_test_rmse", double.NaN), Shape("best_shape"), grid,
                Metric("min_shape_rmse", double.NaN), Shape("min_shape"),
                Metric("paper_best_rmse", entry?.BestKanRmse ?? double.NaN), entry is null ? "?" : SpecialFunctionsProblem.Format(entry.BestKanShape),
                Metric("paper_mlp_rmse", entry?.MlpRmse ?? double.NaN),
                Metric("paper_min_shape_rmse", entry?.MinimalKanRmse ?? double.NaN), entry is null ? "?" : SpecialFunctionsProblem.Format(entry.MinimalKanShape),
                doc.WallSeconds);
        }
    }
}
