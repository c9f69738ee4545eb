using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;

namespace Kan.Physics.Tests.Plotting;

/// <summary>
/// <c>kan report DIR --html</c>: one row per result, the swept settings and metrics in the table, thumbnails that link to
/// the figures beside the results, a plot per metric and swept setting; and the page as a browser sees it (headless
/// Chromium: it loads without script errors, every image resolves, the table has one row per result).
/// </summary>
public sealed class HtmlReportTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("kan-html-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>A sweep of 'steps' over 3 values and 2 seeds, each result with a loss figure; one failed-looking result; one corrupt file.</summary>
    private int WriteSweepFolder()
    {
        int n = 0;
        foreach (int steps in new[] { 5, 10, 20 })
            foreach (int seed in new[] { 0, 1 })
            {
                string id = $"heat-steps-{steps}-s{seed}";
                var doc = new ResultDocument
                {
                    Problem = "heat", Seed = seed, WallSeconds = 1.5 * steps,
                    ConfigJson = $$$"""{"problem":"heat","seed":{{{seed}}},"settings":{"kappa":"0.1","steps":"{{{steps}}}"}}""",
                };
                doc.Metrics["rel_l2"] = 1e-2 / steps * (1 + seed);
                doc.Metrics["final_loss"] = 1e-4 / steps;
                doc.Training["step"] = [1, 2, 3];
                doc.Training["loss"] = [1, 0.1, 0.01];
                string path = Path.Combine(_dir.FullName, id + ".h5");
                ResultFile.Write(path, doc);
                LossPlot.Save(Path.Combine(_dir.FullName, id + ".loss.png"), [1, 2, 3], new Dictionary<string, double[]> { ["loss"] = [1, 0.1, 0.01] }, id, width: 300, height: 200);
                n++;
            }
        var cancelled = new ResultDocument { Problem = "other<&>", Status = "cancelled", ConfigJson = """{"settings":{"a":"1"}}""" };
        ResultFile.Write(Path.Combine(_dir.FullName, "other-s0.h5"), cancelled);
        File.WriteAllText(Path.Combine(_dir.FullName, "broken.h5"), "not an HDF5 file");
        return n + 1;
    }

    [Fact]
    public void ThePageHasARowPerResultTheSweptSettingsFiguresAndSweepPlots()
    {
        int results = WriteSweepFolder();
        string path = HtmlReport.Write(_dir.FullName);
        Assert.Equal(Path.Combine(_dir.FullName, HtmlReport.FileName), path);
        Assert.Empty(Directory.GetFiles(_dir.FullName, "*.tmp"));
        string html = File.ReadAllText(path);

        string body = Regex.Match(html, "<tbody>(.*)</tbody>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(results, Regex.Matches(body, "<tr>").Count);
        // only the setting that varies within a problem is shown; kappa is the same everywhere
        Assert.Contains("<td>steps=20</td>", body);
        Assert.DoesNotContain("kappa=", body);
        // numbers carry their value for sorting; text is escaped
        Assert.Contains($"data-v=\"{(1e-2 / 5).ToString("R", CultureInfo.InvariantCulture)}\"", body);
        Assert.Contains("other&lt;&amp;&gt;", body);
        Assert.DoesNotContain("other<&>", html);
        Assert.Contains("<td class=\"status bad\">cancelled</td>", body);
        // each thumbnail links to its figure, which exists
        var links = Regex.Matches(body, "<a href=\"([^\"]+)\"").Select(m => Uri.UnescapeDataString(m.Groups[1].Value)).ToList();
        Assert.Equal(6, links.Count);
        Assert.All(links, l => Assert.True(File.Exists(Path.Combine(_dir.FullName, l)), l));
        // rel_l2 and final_loss against steps: two embedded plots
        Assert.Equal(2, Regex.Matches(html, "<img class=\"sweep\" src=\"data:image/png;base64,").Count);
        Assert.Contains("heat: rel_l2 against steps", html);
        Assert.Contains("broken.h5", html);     // listed as unreadable, not fatal
        Assert.DoesNotContain("http://", html); // self-contained: nothing fetched
        Assert.DoesNotContain("https://", html);
    }

    [Fact]
    public void AMissingFolderIsRefused() =>
        Assert.Throws<DirectoryNotFoundException>(() => HtmlReport.Write(Path.Combine(_dir.FullName, "missing")));

    [SkippableFact]
    public void HeadlessChromiumLoadsThePageWithEveryImageAndNoErrors()
    {
        string? browser = new[] { "chromium", "chromium-browser", "google-chrome" }.Select(Which).FirstOrDefault(p => p != null);
        // CI installs Chromium (.ci/run); there its absence is a failure, elsewhere the test says why it did not run
        if (browser == null && Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            Assert.Fail("headless Chromium is not installed, but CI is set: .ci/run installs the Debian package 'chromium'");
        Skip.If(browser == null, "headless Chromium is not installed (Debian: apt-get install chromium)");

        int results = WriteSweepFolder();
        string path = HtmlReport.Write(_dir.FullName);
        var psi = new ProcessStartInfo(browser!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--allow-file-access-from-files",
            $"--user-data-dir={Path.Combine(_dir.FullName, ".chromium")}", "--virtual-time-budget=10000", "--dump-dom", new Uri(path).AbsoluteUri])
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string dom = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) { p.Kill(true); Assert.Fail("Chromium did not finish in 2 minutes"); }
        var check = Regex.Match(dom, "<p id=\"page-check\"[^>]*data-rows=\"(\\d+)\" data-images=\"(\\d+)\" data-broken=\"(\\d+)\" data-errors=\"(\\d+)\"");
        Assert.True(check.Success, $"the page's load check did not run (script error?). DOM:\n{dom[..Math.Min(dom.Length, 2000)]}\nstderr:\n{stderr.Result}");
        Assert.Equal(results, int.Parse(check.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.Equal(6 + 2, int.Parse(check.Groups[2].Value, CultureInfo.InvariantCulture)); // 6 thumbnails, 2 sweep plots
        Assert.Equal(0, int.Parse(check.Groups[3].Value, CultureInfo.InvariantCulture));
        Assert.Equal(0, int.Parse(check.Groups[4].Value, CultureInfo.InvariantCulture));
    }

    private static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
