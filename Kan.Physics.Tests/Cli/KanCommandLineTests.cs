using System.CommandLine;
using Kan.Physics.Problems.Cli;

namespace Kan.Physics.Tests.Cli;

/// <summary>
/// The <c>kan</c> command line on System.CommandLine, in process: help for every command, one-line usage errors with
/// exit code 2 and a pointer to the help, and typed values with the documented defaults.
/// </summary>
public class KanCommandLineTests
{
    private static readonly string[] Commands =
        ["list", "run", "batch", "status", "show", "plot", "report", "discover", "discover-pde", "knot-invariants", "knot-generate", "toy"];

    [Fact]
    public void TheRootHelpListsEveryCommand()
    {
        foreach (var args in new[] { ["--help"], ["-h"], new[] { "help" } })
        {
            var r = KanCommandLineRunner.Run(args);
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("", r.Stderr);
            foreach (string command in Commands) Assert.Contains($"  {command}", r.Stdout);
        }
        var root = KanCommandLineRunner.Create(TextWriter.Null).Root;
        Assert.Equal(Commands.Order(), root.Subcommands.Select(c => c.Name).Order());
    }

    [Fact]
    public void EveryCommandsHelpListsItsArgumentsAndOptionsWithTheirDescriptions()
    {
        var root = KanCommandLineRunner.Create(TextWriter.Null).Root;
        foreach (var command in root.Subcommands)
        {
            foreach (var args in new[] { [command.Name, "--help"], new[] { "help", command.Name } })
            {
                var r = KanCommandLineRunner.Run(args);
                Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: {r.Stderr}");
                Assert.Contains(command.Description!, r.Stdout);
                foreach (var argument in command.Arguments)
                {
                    Assert.Contains($"<{argument.Name}>", r.Stdout);
                    Assert.False(string.IsNullOrEmpty(argument.Description), $"{command.Name} {argument.Name} has no description");
                    Assert.Contains(argument.Description!, r.Stdout);
                }
                foreach (var option in command.Options.Where(o => !o.Hidden))
                {
                    Assert.Contains(option.Name, r.Stdout);
                    Assert.False(string.IsNullOrEmpty(option.Description), $"{command.Name} {option.Name} has no description");
                    Assert.Contains(option.Description!, r.Stdout);
                }
            }
        }
    }

    [Fact]
    public void NoCommandShowsTheHelpOnStandardErrorAndExitsWithTwo()
    {
        var r = KanCommandLineRunner.Run();
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("  batch", r.Stderr);
    }

    [Theory]
    [InlineData("kan: unknown command 'frobnicate'", "frobnicate")]
    [InlineData("kan: run: unknown option '--sed' (valid: --set, --seed, --out, --resume)", "run", "poisson2d", "--sed", "1")]
    [InlineData("kan: run needs exactly one problem name (got 0); see 'kan list'", "run")]
    [InlineData("kan: run: unexpected argument 'extra'", "run", "poisson2d", "extra")]
    [InlineData("kan: option --seed must be an integer >= 0, got 'x'", "run", "poisson2d", "--seed", "x")]
    [InlineData("kan: option --seed must be an integer >= 0, got '-1'", "run", "poisson2d", "--seed", "-1")]
    [InlineData("kan: run: option --seed needs a value", "run", "poisson2d", "--seed")]
    [InlineData("kan: run: --set expects key=value, got 'steps'", "run", "poisson2d", "--set", "steps")]
    [InlineData("kan: run: --set expects key=value, got '=3'", "run", "poisson2d", "--set", "=3")]
    [InlineData("kan: run: --set needs key=value", "run", "poisson2d", "--set")]
    [InlineData("kan: batch needs exactly one job file (got 0)", "batch")]
    [InlineData("kan: batch takes its settings from the job file, not --set", "batch", "jobs.json", "--set", "steps=3")]
    [InlineData("kan: option --parallel must be an integer >= 1, got '0'", "batch", "jobs.json", "--parallel", "0")]
    [InlineData("kan: batch: unknown option '--paralel' (valid: --parallel, --resume, --out, --shard, --slurm, --tasks, --cpus-per-task, --time, --partition, --account, --sbatch-arg, --dry-run)", "batch", "jobs.json", "--paralel", "2")]
    [InlineData("kan: --shard must be K/N with whole numbers 1 <= K <= N (e.g. 2/8), got 'x'", "batch", "jobs.json", "--shard", "x")]
    [InlineData("kan: --shard must be K/N with whole numbers 1 <= K <= N (e.g. 2/8), got '2'", "batch", "jobs.json", "--shard", "2")]
    [InlineData("kan: --shard 0/3: K must be between 1 and N, and N at least 1", "batch", "jobs.json", "--shard", "0/3")]
    [InlineData("kan: --shard 4/3: K must be between 1 and N, and N at least 1", "batch", "jobs.json", "--shard", "4/3")]
    [InlineData("kan: batch: option --shard needs a value", "batch", "jobs.json", "--shard")]
    [InlineData("kan: batch: --shard cannot be given with --slurm (each array task runs one shard)", "batch", "jobs.json", "--slurm", "--shard", "1/2")]
    [InlineData("kan: batch: --tasks needs --slurm", "batch", "jobs.json", "--tasks", "3")]
    [InlineData("kan: batch: --dry-run needs --slurm", "batch", "jobs.json", "--dry-run")]
    [InlineData("kan: batch: --sbatch-arg needs --slurm", "batch", "jobs.json", "--sbatch-arg=--mem=1G")]
    [InlineData("kan: option --tasks must be an integer >= 1, got '0'", "batch", "jobs.json", "--slurm", "--tasks", "0")]
    [InlineData("kan: option --cpus-per-task must be an integer >= 1, got 'two'", "batch", "jobs.json", "--slurm", "--cpus-per-task", "two")]
    [InlineData("kan: --time must be a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS), got '1h'", "batch", "jobs.json", "--slurm", "--time", "1h")]
    [InlineData("kan: batch: --sbatch-arg 'mem=1G' must be one sbatch option starting with '-' (e.g. --sbatch-arg=--mem=4G)", "batch", "jobs.json", "--slurm", "--sbatch-arg", "mem=1G")]
    [InlineData("kan: status needs one results folder", "status")]
    [InlineData("kan: status: unknown option '--all' (valid: --totals)", "status", "out", "--all")]
    [InlineData("kan: show needs one result file", "show")]
    [InlineData("kan: plot needs one result file", "plot")]
    [InlineData("kan: report needs one results folder", "report")]
    [InlineData("kan: list: unexpected argument 'poisson2d'", "list", "poisson2d")]
    [InlineData("kan: discover needs one CSV data file", "discover")]
    [InlineData("kan: --widths must be integers >= 1 separated by commas, got '2,x,1'", "discover", "d.csv", "--widths", "2,x,1")]
    [InlineData("kan: --widths needs at least 2 values, got '3'", "discover", "d.csv", "--widths", "3")]
    [InlineData("kan: option --steps must be an integer >= 1, got '0'", "toy", "--steps", "0")]
    [InlineData("kan: --grids must be integers >= 1 separated by commas, got '5,,10'", "toy", "--grids", "5,,10")]
    [InlineData("kan: toy: unknown option '--bogus' (valid: --steps, --seed, --grids, --out)", "toy", "--bogus")]
    public void AUsageErrorIsOneLineNamingItThenThePointerToTheHelp(string message, params string[] args)
    {
        var r = KanCommandLineRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        string command = args[0] is "frobnicate" ? "" : args[0] + " ";
        Assert.Equal([message, $"Try 'kan {command}--help'."], r.ErrorLines);
    }

    [Fact]
    public void TypedValuesAndDefaults()
    {
        var root = KanCommandLineRunner.Create(TextWriter.Null, new KanCommandOptions { Output = "configured", Parallel = 3 }).Root;
        var run = root.Parse(["run", "poisson2d", "--set", "steps=5", "--set", "grids=5,10", "--set", "steps=7", "--set", "note=a=b", "--seed", "4"]);
        Assert.Empty(run.Errors);
        var sets = run.GetValue<Dictionary<string, string>>("--set")!;
        Assert.Equal(["steps", "grids", "note"], sets.Keys);
        Assert.Equal(["7", "5,10", "a=b"], sets.Values);
        Assert.Equal(4, run.GetValue<int>("--seed"));
        Assert.Equal("configured", run.GetValue<string>("--out"));
        Assert.False(run.GetValue<bool>("--resume"));

        var plain = root.Parse(["run", "poisson2d"]);
        Assert.Empty(plain.GetValue<Dictionary<string, string>>("--set")!);
        Assert.Equal(0, plain.GetValue<int>("--seed"));

        var batch = root.Parse(["batch", "jobs.json", "--resume", "--out", "elsewhere"]);
        Assert.Empty(batch.Errors);
        Assert.Equal(3, batch.GetValue<int>("--parallel"));
        Assert.Equal("elsewhere", batch.GetValue<string>("--out"));
        Assert.True(batch.GetValue<bool>("--resume"));

        var discover = root.Parse(["discover", "d.csv", "--inputs", "a, b", "--widths", "2,5,1", "--no-law-search"]);
        Assert.Empty(discover.Errors);
        Assert.Equal(["a", "b"], discover.GetValue<string[]>("--inputs")!);
        Assert.Equal([2, 5, 1], discover.GetValue<int[]>("--widths")!);
        Assert.Null(discover.GetValue<string>("--target"));
        Assert.Equal(50, discover.GetValue<int>("--steps"));

        var toy = root.Parse(["toy", "--grids", "3,6"]);
        Assert.Equal([3, 6], toy.GetValue<int[]>("--grids")!);
        Assert.Equal("results", toy.GetValue<string>("--out"));
        Assert.Equal((3, 5), root.Parse(["knot-generate", "5", "--strands", "3-5"]).GetValue<(int, int)?>("--strands"));
    }
}
