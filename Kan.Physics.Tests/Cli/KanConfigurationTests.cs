using System.Diagnostics;
using Kan.Physics.Problems.Cli;
using Microsoft.Extensions.Configuration;

namespace Kan.Physics.Tests.Cli;

/// <summary>The kan command's configuration (appsettings.json, KAN_* variables): bound, checked, and bad values named with exit code 2.</summary>
public class KanConfigurationTests
{
    private static KanCommandOptions Load(params (string Key, string Value)[] values) =>
        KanCommandOptions.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value)))
            .Build());

    [Fact]
    public void DefaultsWhenNothingIsConfigured()
    {
        var o = Load();
        Assert.Equal("results", o.Output);
        Assert.Equal(1, o.Parallel);
        Assert.Equal(5, o.ProgressSeconds);
    }

    [Fact]
    public void ConfiguredValuesAreBound()
    {
        var o = Load(("Output", "/data/out"), ("Parallel", "3"), ("ProgressSeconds", "0.5"));
        Assert.Equal("/data/out", o.Output);
        Assert.Equal(3, o.Parallel);
        Assert.Equal(0.5, o.ProgressSeconds);
    }

    [Fact]
    public void ClusterSettingsAreBoundWithTheirDefaults()
    {
        var d = Load();
        Assert.Equal(300, d.LockStaleSeconds);
        Assert.Equal((4, 1, 300), (d.Slurm.Tasks, d.Slurm.CpusPerTask, d.Slurm.SignalSeconds));
        Assert.Null(d.Slurm.Time);
        var o = Load(("LockStaleSeconds", "90"), ("Slurm:Tasks", "16"), ("Slurm:Partition", "short"), ("Slurm:Time", "2-00:00"),
            ("Slurm:Command", "/opt/kan/kan"));
        Assert.Equal(90, o.LockStaleSeconds);
        Assert.Equal((16, "short", "2-00:00", "/opt/kan/kan"), (o.Slurm.Tasks, o.Slurm.Partition, o.Slurm.Time, o.Slurm.Command));
    }

    [Theory]
    [InlineData("LockStaleSeconds", "0", "LockStaleSeconds = 0 must be")]
    [InlineData("Slurm:Tasks", "0", "Slurm:Tasks = 0 must be at least 1")]
    [InlineData("Slurm:CpusPerTask", "-2", "Slurm:CpusPerTask = -2 must be at least 1")]
    [InlineData("Slurm:Time", "1 hour", "Slurm:Time = '1 hour' is not a Slurm time limit")]
    [InlineData("Slurm:SignalSeconds", "-5", "Slurm:SignalSeconds = -5 must be >= 0")]
    public void BadClusterSettingsAreNamed(string key, string value, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Load((key, value)));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("Parallel", "abc", "'abc' at 'Parallel'")]
    [InlineData("Parallel", "0", "Parallel = 0 must be at least 1")]
    [InlineData("ProgressSeconds", "-1", "ProgressSeconds = -1 must be")]
    [InlineData("ProgressSeconds", "NaN", "ProgressSeconds = NaN must be")]
    [InlineData("ProgressSeconds", "soon", "'soon' at 'ProgressSeconds'")]
    [InlineData("Output", " ", "Output must name a folder")]
    public void BadValuesAreNamed(string key, string value, string expected)
    {
        var e = Assert.Throws<UsageException>(() => Load((key, value)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task TheProgramExitsWithCode2AndOneLineOnABadEnvironmentVariable()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        psi.ArgumentList.Add(KanProcess.Dll);
        psi.ArgumentList.Add("list");
        psi.Environment["KAN_Parallel"] = "abc";
        using var p = Process.Start(psi)!;
        var stdoutTask = p.StandardOutput.ReadToEndAsync();
        string stderr = await p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
        Assert.Equal(2, p.ExitCode);
        Assert.Equal("", await stdoutTask);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("kan: bad configuration", lines[0]);
        Assert.Contains("'abc' at 'Parallel'", lines[0]);
        Assert.DoesNotContain("Unhandled exception", stderr);
    }
}
