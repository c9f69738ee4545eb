using System.Globalization;
using System.Text;
using System.Text.Json;
using Kan.Physics.Problems.Feynman;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Problems.Modules;

/// <summary>
/// Collects the <c>feynman</c> results of a batch into one markdown table, our RMSE beside the KAN paper's, so that a
/// whole Table 2 run can be read (and diffed between runs) without opening 27 result files.
/// </summary>
public static class FeynmanReport
{
    /// <summary>Name of the file <see cref="Write"/> writes into the results directory.</summary>
    public const string FileName = "feynman-summary.md";

    /// <summary>
    /// Reads every <c>*.h5</c> result of the <c>feynman</c> problem in <paramref name="resultsDirectory"/> (not its
    /// subfolders), writes <c>feynman-summary.md</c> there with one row per result and returns its path. Results of
    /// other problems are ignored; files that cannot be read are listed under the table instead of stopping the report.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static string Write(string resultsDirectory)
    {
        var (results, unreadable) = ResultFolder.Read(resultsDirectory, "feynman");
        var rows = results.Select(r => ToRow(r.Id, r.Doc)).ToList();
        // Table 2 order first (the paper's), then anything else by id, then by seed
        var order = FeynmanCatalog.All.Select((e, i) => (e.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        rows = [.. rows.OrderBy(r => order.TryGetValue(r.Id, out int i) ? i : int.MaxValue).ThenBy(r => r.Id, StringComparer.Ordinal).ThenBy(r => r.Seed)];

        var md = new StringBuilder();
        md.AppendLine("# Feynman equations: KAN results");
        md.AppendLine();
        int exact = rows.Count(r => r.Exact), exactKan = rows.Count(r => r.ExactKan), withFormula = rows.Count(r => r.Formula.Length > 0);
        md.AppendLine(Invariant($"{rows.Count} results, {exact} exact formulas ({exactKan} straight from auto-symbolic; {withFormula} with a formula), {rows.Sum(r => r.Seconds):F0} s in all."));
        int withPaper = rows.Count(r => !double.IsNaN(r.PaperKan)), atOrBelow = rows.Count(r => r.TestRmse <= r.PaperKan);
        if (withPaper > 0) md.AppendLine(Invariant($"Pruned KAN test RMSE at or below the paper's: {atOrBelow} of {withPaper}."));
        // the AI Feynman database: its 100 Feynman equations and its 20 bonus ones (ids test_1..test_20) counted apart
        var ai = rows.Where(r => r.Source == "ai_feynman").ToList();
        if (ai.Count > 0)
        {
            foreach (var (name, set) in new[] { ("Feynman", ai.Where(r => !r.Id.StartsWith("test_", StringComparison.Ordinal)).ToList()), ("bonus", ai.Where(r => r.Id.StartsWith("test_", StringComparison.Ordinal)).ToList()) })
            {
                if (set.Count == 0) continue;
                var seconds = set.Select(r => r.Seconds).Order().ToArray();
                md.AppendLine(Invariant($"AI Feynman {name} equations: {set.Count(r => r.Exact)} of {set.Count} exact; time median {seconds[seconds.Length / 2]:F0} s, max {seconds[^1]:F0} s; {set.Count(r => r.Seconds <= 300)} within 300 s; {set.Count(r => r.BudgetCut)} cut by the time budget."));
            }
        }
        md.AppendLine("Test RMSE: the pruned spline KAN on the test set; paper: Liu et al. 2024, Table 2 (pruned KAN, best MLP).");
        md.AppendLine("Route: `kan` = the auto-symbolic formula; `search` = LawSearch on the features of the KAN's edges; `search-all` = LawSearch on every feature kind; `symmetry` = the pipeline again on the variables left after the pair symmetries; `direct` = an exact law found on the raw data before any network was trained.");
        md.AppendLine();
        md.AppendLine("Budget: `cut` when the time budget stopped a stage (the notes of the result say which); the best formula so far is reported.");
        md.AppendLine();
        md.AppendLine("| id | seed | test RMSE | paper KAN RMSE | paper MLP RMSE | pruned shape | formula | formula RMSE | exact | route | budget | seconds |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(Invariant($"| {r.Id} | {r.Seed} | {E(r.TestRmse)} | {E(r.PaperKan)} | {E(r.PaperMlp)} | {r.Shape} | {(r.Formula.Length == 0 ? "-" : "`" + r.Formula.Replace("|", "\\|") + "`")} | {E(r.FormulaRmse)} | {(r.Exact ? "yes" : "no")} | {Route(r.Route)} | {(r.BudgetCut ? "cut" : "-")} | {r.Seconds:F1} |"));
        if (unreadable.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Unreadable result files:");
            foreach (var u in unreadable) md.AppendLine($"- {u}");
        }
        string output = Path.Combine(resultsDirectory, FileName);
        File.WriteAllText(output, md.ToString());
        return output;
    }

    private sealed record Row(string Id, long Seed, double TestRmse, double PaperKan, double PaperMlp, string Shape, string Formula, double FormulaRmse, bool Exact, double Seconds)
    {
        public bool ExactKan { get; init; }
        public double Route { get; init; } = double.NaN;
        public string Source { get; init; } = "";
        public bool BudgetCut { get; init; }
    }

    private static string Route(double route) => route switch { 0 => "kan", 1 => "search", 2 => "search-all", 3 => "symmetry", 4 => "direct", _ => "-" };

    private static Row ToRow(string fileId, ResultDocument doc)
    {
        string id = fileId, source = "";
        try
        {
            using var json = JsonDocument.Parse(doc.ConfigJson);
            if (json.RootElement.TryGetProperty("equation_id", out var e) && e.ValueKind == JsonValueKind.String) id = e.GetString()!;
            if (json.RootElement.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.String) source = src.GetString()!;
        }
        catch (JsonException) { }
        double M(string key) => doc.Metrics.TryGetValue(key, out double v) ? v : double.NaN;
        string shape = doc.Model is { } m ? Networks.NodeWidth.FormatList(m.NodeWidths) : "-";
        return new Row(id, doc.Seed, M("test_rmse"), M("paper_pruned_kan_rmse"), M("paper_mlp_rmse"), shape,
            doc.Formula?.Text ?? "", M("formula_test_rmse"), M("exact") == 1, doc.WallSeconds)
        {
            ExactKan = M("exact_kan") == 1, Route = doc.Formula is null ? double.NaN : doc.Metrics.TryGetValue("law_search", out double route) ? route : 0,
            Source = source, BudgetCut = M("budget_exhausted") == 1,
        };
    }

    private static string E(double v) => double.IsNaN(v) ? "-" : v.ToString("0.00e+0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
