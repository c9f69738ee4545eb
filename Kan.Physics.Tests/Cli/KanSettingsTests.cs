using Kan.Physics.Problems.Modules;

namespace Kan.Physics.Tests.Cli;

/// <summary>The settings of the <c>kan</c> command as a user meets them: <c>kan list</c>, <c>--set</c> and job files.</summary>
public class KanSettingsTests
{
    [Fact]
    public void ListShowsEveryModuleWithEverySettingItsDefaultHelpAndRange()
    {
        var r = KanProcess.Run(KanProcess.TempDirectory(), "list");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var module in ProblemCatalog.All)
        {
            int at = Array.FindIndex(lines, l => l.StartsWith(module.Name + " ", StringComparison.Ordinal));
            Assert.True(at >= 0, $"{module.Name} is not listed");
            Assert.Contains(module.Description, lines[at]);
            var shown = lines.Skip(at + 1).TakeWhile(l => l.StartsWith("    ", StringComparison.Ordinal)).ToArray();
            Assert.Equal(module.Settings.Count, shown.Length);
            for (int i = 0; i < shown.Length; i++)
            {
                var s = module.Settings[i];
                Assert.StartsWith($"    {s.Key}={s.DefaultValue} ", shown[i]);
                Assert.Contains(s.Description, shown[i]);
                if (s.Accepts != "text") Assert.EndsWith($"[{s.Accepts}]", shown[i]);
            }
        }
        Assert.Contains(lines, l => l.StartsWith("    rba_gamma=0.9 ", StringComparison.Ordinal) && l.EndsWith("[number in [0, 1)]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    steps=70 ", StringComparison.Ordinal)); // helmholtz2d's own default
    }

    [Fact]
    public void ABadValueIsTheSameErrorFromSetAndFromAJobFile()
    {
        string dir = KanProcess.TempDirectory();
        var run = KanProcess.Run(dir, "run", "burgers1d", "--set", "rba_every=0");
        Assert.Equal(2, run.ExitCode);
        const string reason = "burgers1d: setting 'rba_every' = '0' must be an integer >= 1";
        Assert.Contains(reason, run.Stderr);
        File.WriteAllText(Path.Combine(dir, "jobs.json"), """{ "jobs": [ { "problem": "burgers1d", "settings": { "rba_every": 0 } } ] }""");
        var batch = KanProcess.Run(dir, "batch", "jobs.json");
        Assert.Equal(2, batch.ExitCode);
        Assert.Contains("jobs[0].settings.rba_every", batch.Stderr);
        Assert.Contains(reason, batch.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir, "results")) && Directory.EnumerateFiles(Path.Combine(dir, "results"), "*.h5").Any());
    }
}
