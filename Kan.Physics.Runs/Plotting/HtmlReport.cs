using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kan.Physics.Runs.Results;
using ScottPlot;

namespace Kan.Physics.Runs.Plotting;

/// <summary>
/// One self-contained HTML page for a folder of results (<c>kan report DIR --html</c>): a sortable table of every result
/// (problem, the settings that vary, seed, status, metrics, time), each result's figures as thumbnails linking to the
/// full-size PNG beside it, and, for a sweep, a plot of each metric against each swept numeric setting (drawn into the
/// page as PNG data, so the page needs no other file than the figures it links). Style and script are inline; nothing
/// is fetched from the network.
/// </summary>
public static class HtmlReport
{
    /// <summary>Name of the page <see cref="Write"/> creates in the results folder.</summary>
    public const string FileName = "report.html";

    /// <summary>At most this many metrics get a column (the ones most results have first).</summary>
    public const int MaxMetricColumns = 10;

    /// <summary>At most this many metrics are plotted against each swept setting.</summary>
    public const int MaxSweepMetrics = 4;

    /// <summary>
    /// Reads every <c>*.h5</c> in <paramref name="resultsDirectory"/> (not its subfolders) and writes <see cref="FileName"/>
    /// beside them (to a temporary name, then renamed); returns its path. Files that cannot be read are listed on the
    /// page with the reason, not fatal.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static string Write(string resultsDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(resultsDirectory);
        if (!Directory.Exists(resultsDirectory)) throw new DirectoryNotFoundException($"The results folder '{resultsDirectory}' does not exist.");
        var results = new List<Entry>();
        var unreadable = new List<string>();
        foreach (string path in Directory.GetFiles(resultsDirectory, "*.h5").Order(StringComparer.Ordinal))
        {
            try { results.Add(Entry.From(Path.GetFileNameWithoutExtension(path), ResultFile.Read(path), resultsDirectory)); }
            catch (Exception e) when (e is ResultFileException or IOException or InvalidDataException or UnauthorizedAccessException)
            {
                unreadable.Add($"{Path.GetFileName(path)}: {e.Message}");
            }
        }
        string html = Render(results, unreadable, Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(resultsDirectory))));
        string target = Path.Combine(resultsDirectory, FileName);
        string temp = $"{target}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temp, html, new UTF8Encoding(false));
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return target;
    }

    /// <summary>One result as the page shows it.</summary>
    internal sealed record Entry(string Id, string Problem, long Seed, string Status, double Seconds,
        IReadOnlyDictionary<string, string> Settings, IReadOnlyDictionary<string, double> Metrics, IReadOnlyList<string> Figures)
    {
        public static Entry From(string id, ResultDocument doc, string folder)
        {
            var settings = new SortedDictionary<string, string>(StringComparer.Ordinal);
            try
            {
                using var config = JsonDocument.Parse(doc.ConfigJson);
                if (config.RootElement.ValueKind == JsonValueKind.Object && config.RootElement.TryGetProperty("settings", out var s) && s.ValueKind == JsonValueKind.Object)
                    foreach (var p in s.EnumerateObject())
                        settings[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }
            catch (JsonException) { } // a configuration that is not JSON shows no settings; the rest of the row stands
            // the figures ResultFigures writes beside a result: ID.loss.png, ID.solution.png, ...
            var figures = Directory.GetFiles(folder, id + ".*.png").Select(Path.GetFileName).OfType<string>()
                .Where(f => !f.Contains(".tmp", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            return new Entry(id, doc.Problem, doc.Seed, doc.Status, doc.WallSeconds, settings,
                new Dictionary<string, double>(doc.Metrics), figures);
        }
    }

    /// <summary>The page for <paramref name="results"/> (in the order given); <paramref name="title"/> names the folder.</summary>
    internal static string Render(IReadOnlyList<Entry> results, IReadOnlyList<string> unreadable, string title)
    {
        // settings that take more than one value within a problem: the sweep
        var varying = results.GroupBy(r => r.Problem).ToDictionary(g => g.Key, g =>
            g.SelectMany(r => r.Settings.Keys).Distinct().Order(StringComparer.Ordinal)
             .Where(k => g.Select(r => r.Settings.GetValueOrDefault(k, "")).Distinct().Count() > 1).ToList());
        var metrics = results.SelectMany(r => r.Metrics.Keys).GroupBy(k => k)
            .Select((g, first) => (Key: g.Key, Count: g.Count(), First: first))
            .OrderByDescending(m => m.Count).ThenBy(m => m.First).Take(MaxMetricColumns).Select(m => m.Key).ToList();

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<title>").Append(H($"Kan.Physics results: {title}")).Append("</title>\n");
        sb.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        sb.Append("<h1>").Append(H($"Results in {title}")).Append("</h1>\n");
        int completed = results.Count(r => r.Status == ResultFile.CompletedStatus);
        string notCompleted = results.Count > completed ? Inv($", {results.Count - completed} not") : "";
        sb.Append("<p class=\"summary\">").Append(H(Inv($"{results.Count} results ({completed} completed{notCompleted}); total job time {results.Sum(r => r.Seconds):F1} s. Click a column header to sort."))).Append("</p>\n");

        // the table
        sb.Append("<table id=\"results\">\n<thead><tr>");
        string[] fixedHeads = ["id", "problem", "settings", "seed", "status"];
        foreach (string h in fixedHeads) sb.Append("<th>").Append(H(h)).Append("</th>");
        foreach (string m in metrics) sb.Append("<th class=\"num\">").Append(H(m)).Append("</th>");
        sb.Append("<th class=\"num\">time (s)</th><th>figures</th></tr></thead>\n<tbody>\n");
        foreach (var r in results)
        {
            string settings = string.Join(", ", varying[r.Problem].Select(k => $"{k}={r.Settings.GetValueOrDefault(k, "")}"));
            sb.Append("<tr>");
            Cell(sb, r.Id); Cell(sb, r.Problem); Cell(sb, settings);
            NumberCell(sb, r.Seed, r.Seed.ToString(CultureInfo.InvariantCulture));
            sb.Append("<td class=\"status ").Append(r.Status == ResultFile.CompletedStatus ? "ok" : "bad").Append("\">").Append(H(r.Status)).Append("</td>");
            foreach (string m in metrics)
            {
                if (r.Metrics.TryGetValue(m, out double v)) NumberCell(sb, v, Format(v));
                else sb.Append("<td class=\"num\" data-v=\"\"></td>");
            }
            NumberCell(sb, r.Seconds, r.Seconds.ToString("F1", CultureInfo.InvariantCulture));
            sb.Append("<td class=\"figs\">");
            foreach (string f in r.Figures)
            {
                string href = Uri.EscapeDataString(f);
                sb.Append("<a href=\"").Append(href).Append("\" title=\"").Append(H(f)).Append("\"><img src=\"").Append(href)
                  .Append("\" alt=\"").Append(H(f)).Append("\" loading=\"eager\"></a>");
            }
            sb.Append("</td></tr>\n");
        }
        sb.Append("</tbody>\n</table>\n");

        // the sweep plots
        var sweeps = SweepPlots(results, varying).ToList();
        if (sweeps.Count > 0)
        {
            sb.Append("<h2>Metrics against the swept settings</h2>\n<div class=\"sweeps\">\n");
            foreach (var (caption, png) in sweeps)
                sb.Append("<figure><img class=\"sweep\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png))
                  .Append("\" alt=\"").Append(H(caption)).Append("\"><figcaption>").Append(H(caption)).Append("</figcaption></figure>\n");
            sb.Append("</div>\n");
        }
        if (unreadable.Count > 0)
        {
            sb.Append("<h2>Files that could not be read</h2>\n<ul class=\"unreadable\">\n");
            foreach (string u in unreadable) sb.Append("<li>").Append(H(u)).Append("</li>\n");
            sb.Append("</ul>\n");
        }
        sb.Append("<p id=\"page-check\" class=\"summary\"></p>\n");
        sb.Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>For each problem with a swept numeric setting: each of the first metrics against it, one line per seed.</summary>
    private static IEnumerable<(string Caption, byte[] Png)> SweepPlots(IReadOnlyList<Entry> results, Dictionary<string, List<string>> varying)
    {
        foreach (var group in results.Where(r => r.Status == ResultFile.CompletedStatus).GroupBy(r => r.Problem))
        {
            var rows = group.ToList();
            var metrics = rows.SelectMany(r => r.Metrics.Keys).Distinct()
                .Where(m => rows.All(r => r.Metrics.TryGetValue(m, out double v) && double.IsFinite(v))).Take(MaxSweepMetrics).ToList();
            foreach (string key in varying.GetValueOrDefault(group.Key, []))
            {
                var xs = rows.Select(r => double.TryParse(r.Settings.GetValueOrDefault(key, ""), NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? x : double.NaN).ToArray();
                if (xs.Any(x => !double.IsFinite(x)) || xs.Distinct().Count() < 2) continue; // not a numeric sweep
                foreach (string metric in metrics)
                    yield return ($"{group.Key}: {metric} against {key}", SweepPlot(rows, xs, key, metric));
            }
        }
    }

    private static byte[] SweepPlot(List<Entry> rows, double[] xs, string key, string metric)
    {
        PlotFont.EnsureRegistered();
        using var plot = new Plot();
        bool logY = rows.All(r => r.Metrics[metric] > 0);
        bool logX = xs.All(x => x > 0) && xs.Max() / xs.Min() >= 100;
        var palette = new ScottPlot.Palettes.Category10();
        int s = 0;
        // the other settings held fixed along a line: one line per seed (and per value of any other swept setting)
        foreach (var line in rows.Select((r, i) => (r, x: xs[i])).GroupBy(p => p.r.Seed + "|" + string.Join(",", p.r.Settings.Where(kv => kv.Key != key).Select(kv => kv.Value))))
        {
            var points = line.OrderBy(p => p.x).ToList();
            double[] x = points.Select(p => logX ? Math.Log10(p.x) : p.x).ToArray();
            double[] y = points.Select(p => logY ? Math.Log10(p.r.Metrics[metric]) : p.r.Metrics[metric]).ToArray();
            var scatter = plot.Add.Scatter(x, y, palette.GetColor(s++ % 10));
            scatter.MarkerSize = 7;
            scatter.LineWidth = 1.5f;
            var first = points[0].r;
            string others = string.Join(", ", first.Settings.Where(kv => kv.Key != key && rows.Select(r => r.Settings.GetValueOrDefault(kv.Key)).Distinct().Count() > 1)
                .Select(kv => $"{kv.Key}={kv.Value}"));
            scatter.LegendText = Inv($"seed {first.Seed}") + (others.Length > 0 ? ", " + others : "");
        }
        plot.ShowLegend(Alignment.UpperRight);
        plot.XLabel(logX ? $"{key} (log10)" : key);
        plot.YLabel(logY ? $"{metric} (log10)" : metric);
        plot.Title($"{rows[0].Problem}: {metric}");
        PlotFont.Apply(plot);
        return plot.GetImageBytes(520, 360, ImageFormat.Png);
    }

    private static void Cell(StringBuilder sb, string text) => sb.Append("<td>").Append(H(text)).Append("</td>");

    private static void NumberCell(StringBuilder sb, double value, string text) =>
        sb.Append("<td class=\"num\" data-v=\"").Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "")
          .Append("\">").Append(H(text)).Append("</td>");

    private static string Format(double v) => double.IsFinite(v) && v != 0 && (Math.Abs(v) < 1e-2 || Math.Abs(v) >= 1e5)
        ? v.ToString("0.00e+0", CultureInfo.InvariantCulture) : v.ToString("G3", CultureInfo.InvariantCulture);

    private static string H(string text) => WebUtility.HtmlEncode(text);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
        .summary { color: #555; }
        table { border-collapse: collapse; font-size: 0.9em; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.5em; vertical-align: middle; }
        th { background: #f0f0f0; cursor: pointer; user-select: none; position: sticky; top: 0; }
        th.sorted-asc::after { content: " \25B2"; } th.sorted-desc::after { content: " \25BC"; }
        td { white-space: nowrap; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.status.ok { color: #1a7f37; } td.status.bad { color: #b42318; font-weight: bold; }
        td.figs img { height: 60px; margin-right: 4px; border: 1px solid #ddd; }
        .sweeps { display: flex; flex-wrap: wrap; gap: 1em; }
        figure { margin: 0; } figcaption { font-size: 0.85em; color: #555; }
        """;

    /// <summary>Sorting by a header click (numbers by value, text by text), and a line saying whether every image loaded.</summary>
    private const string Script = """
        (function () {
          var errors = 0;
          window.addEventListener('error', function () { errors++; }, true);
          var table = document.getElementById('results');
          var heads = table.tHead.rows[0].cells;
          for (var c = 0; c < heads.length; c++) (function (col) {
            heads[col].addEventListener('click', function () {
              var asc = !heads[col].classList.contains('sorted-asc');
              for (var k = 0; k < heads.length; k++) heads[k].classList.remove('sorted-asc', 'sorted-desc');
              heads[col].classList.add(asc ? 'sorted-asc' : 'sorted-desc');
              var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = a.cells[col], y = b.cells[col];
                var nx = x.hasAttribute('data-v') ? parseFloat(x.getAttribute('data-v')) : NaN;
                var ny = y.hasAttribute('data-v') ? parseFloat(y.getAttribute('data-v')) : NaN;
                var r;
                if (!isNaN(nx) && !isNaN(ny)) r = nx - ny;
                else if (isNaN(nx) !== isNaN(ny)) r = isNaN(nx) ? 1 : -1;
                else r = x.textContent.localeCompare(y.textContent);
                return asc ? r : -r;
              });
              rows.forEach(function (row) { body.appendChild(row); });
            });
          })(c);
          window.addEventListener('load', function () {
            var images = document.images, loaded = 0, broken = 0;
            for (var i = 0; i < images.length; i++) {
              if (images[i].complete && images[i].naturalWidth > 0) loaded++; else broken++;
            }
            var line = document.getElementById('page-check');
            line.setAttribute('data-rows', table.tBodies[0].rows.length);
            line.setAttribute('data-images', loaded);
            line.setAttribute('data-broken', broken);
            line.setAttribute('data-errors', errors);
            line.textContent = table.tBodies[0].rows.length + ' results; ' + loaded + ' images shown' +
              (broken ? ', ' + broken + ' missing' : '') + (errors ? '; ' + errors + ' page errors' : '') + '.';
          });
        })();

        """;
}
