using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using Kan.Physics.Problems.Knots;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;

namespace Kan.Physics.Problems.Cli;

/// <summary>
/// The <c>kan</c> command line on System.CommandLine: the commands with their typed arguments and options, help for
/// each (<c>kan --help</c>, <c>kan run --help</c>, <c>kan help run</c>), and the exit codes: 0 ok, 1 a job failed,
/// 2 bad input (one line naming what is wrong, then where the help is), 130 cancelled.
/// </summary>
/// <remarks>
/// Parse errors get messages of our own: an unknown option lists the valid ones, a missing argument says what the
/// command needs, a bad number names the option and the text. Bad input found while a command runs is a
/// <see cref="UsageException"/> or <see cref="ArgumentException"/> (exit code 2); unreadable files and failed
/// operations are exit code 1.
/// </remarks>
internal sealed class KanCommandLine
{
    private readonly Dictionary<Symbol, string> _missing = [];
    private readonly TextWriter _output;

    /// <summary>Builds the commands; <paramref name="commands"/> is asked for the host-backed commands only when one runs.</summary>
    public KanCommandLine(KanCommandOptions defaults, Func<KanCommands> commands, TextWriter output)
    {
        _output = output;
        Root = new RootCommand("Kolmogorov-Arnold networks for physics: problem modules, batches, results and figures.")
        {
            List(commands), Run(defaults, commands), Batch(defaults, commands), Status(defaults, commands), Show(commands), Plot(commands), Report(commands),
            Discover(defaults), DiscoverPde(defaults), KnotInvariants(), KnotGenerate(), Toy(),
        };
    }

    /// <summary>The root command, for help and completion.</summary>
    public RootCommand Root { get; }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code. Usage errors go to <paramref name="error"/>.</summary>
    public async Task<int> InvokeAsync(string[] args, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length == 0)
        {
            // as before: no command is a usage error that shows the help
            await Root.Parse(["--help"]).InvokeAsync(Configuration(error, error), cancellationToken);
            return 2;
        }
        if (args[0] == "help") args = [.. args[1..], "--help"];
        var parse = Root.Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            var command = parse.CommandResult.Command;
            error.WriteLine($"kan: {Explain(parse)}");
            error.WriteLine($"Try 'kan {(command == Root ? "" : command.Name + " ")}--help'.");
            return 2;
        }
        try { return await parse.InvokeAsync(Configuration(_output, error), cancellationToken); }
        catch (Exception e) when (e is UsageException or ArgumentException)
        {
            error.WriteLine($"kan: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or UnauthorizedAccessException)
        {
            error.WriteLine($"kan: {e.Message}");
            return 1;
        }
    }

    private static InvocationConfiguration Configuration(TextWriter output, TextWriter error) => new()
    {
        Output = output,
        Error = error,
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null, // Program handles Ctrl+C and SIGTERM: jobs stop and keep their checkpoints
    };

    /// <summary>The first parse error in words: unknown options and commands, missing values, bad values.</summary>
    private string Explain(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        string prefix = command == Root ? "" : command.Name + ": ";
        if ((parse.UnmatchedTokens.FirstOrDefault(t => t.StartsWith('-')) ?? parse.UnmatchedTokens.FirstOrDefault()) is { } token)
        {
            if (token.StartsWith('-'))
            {
                var valid = command.Options.Where(o => o is not System.CommandLine.Help.HelpOption && !o.Hidden).Select(o => o.Name);
                return $"{prefix}unknown option '{token}' (valid: {string.Join(", ", valid)})";
            }
            return command == Root ? $"unknown command '{token}'" : $"{prefix}unexpected argument '{token}'";
        }
        var first = parse.Errors[0];
        return first.SymbolResult switch
        {
            OptionResult { Tokens.Count: 0 } o when _missing.TryGetValue(o.Option, out var m) => m,
            OptionResult { Tokens.Count: 0 } o => $"{prefix}option {o.Option.Name} {(o.IdentifierToken is null ? "is required" : "needs a value")}",
            ArgumentResult { Tokens.Count: 0 } a when _missing.TryGetValue(a.Argument, out var m) => m,
            ArgumentResult { Tokens.Count: 0 } a => $"{prefix}{a.Argument.Name} is missing",
            _ => first.Message, // our own, from a parser or validator below
        };
    }

    private Argument<string> Required(string name, string description, string missing)
    {
        var argument = new Argument<string>(name) { Description = description };
        _missing[argument] = missing;
        return argument;
    }

    private static Option<string> OutOption(string fallback, string description = "folder of the result files") =>
        new("--out") { Description = description, HelpName = "DIR", DefaultValueFactory = _ => fallback };

    private static Option<int> IntOption(string name, string description, int fallback, int min, string helpName = "N") => new(name)
    {
        Description = description,
        HelpName = helpName,
        DefaultValueFactory = _ => fallback,
        CustomParser = r => ParseInt(r, $"option {name}", min),
    };

    private static int ParseInt(ArgumentResult result, string what, int min) =>
        ParseInt(result, what, min, result.Tokens.Count > 0 ? result.Tokens[0].Value : "");

    private static int ParseInt(ArgumentResult result, string what, int min, string text)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min) return n;
        result.AddError($"{what} must be an integer >= {min}, got '{text}'");
        return min;
    }

    private static int[] ParseIntList(ArgumentResult result, string what, int min, int minCount)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < min)
            {
                result.AddError($"{what} must be integers >= {min} separated by commas, got '{text}'");
                return [];
            }
        if (values.Length < minCount) result.AddError($"{what} needs at least {minCount} values, got '{text}'");
        return values;
    }

    private static Command List(Func<KanCommands> commands)
    {
        var list = new Command("list", "the problem modules, their settings and defaults");
        list.SetAction(_ => commands().List());
        return list;
    }

    private Command Run(KanCommandOptions defaults, Func<KanCommands> commands)
    {
        var problem = Required("PROBLEM", "the problem module (see 'kan list')", "run needs exactly one problem name (got 0); see 'kan list'");
        var set = new Option<Dictionary<string, string>>("--set")
        {
            Description = "a setting of the problem; repeat for several (see 'kan list' for the keys and defaults)",
            HelpName = "key=value",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
            DefaultValueFactory = _ => new(StringComparer.Ordinal),
            CustomParser = ParseSettings,
        };
        _missing[set] = "run: --set needs key=value";
        var seed = IntOption("--seed", "the random seed", 0, 0);
        var output = OutOption(defaults.Output);
        var resume = new Option<bool>("--resume") { Description = "skip a completed result, continue from a checkpoint" };
        var run = new Command("run", "run one problem module and write its result file and figures") { problem, set, seed, output, resume };
        run.SetAction((r, ct) => commands().RunAsync(r.GetRequiredValue(problem), r.GetRequiredValue(set), r.GetValue(seed),
            r.GetRequiredValue(output), r.GetValue(resume), ct));
        return run;
    }

    private static Dictionary<string, string> ParseSettings(ArgumentResult result)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in result.Tokens)
        {
            int eq = token.Value.IndexOf('=');
            if (eq <= 0)
            {
                result.AddError($"run: --set expects key=value, got '{token.Value}'");
                break;
            }
            settings[token.Value[..eq]] = token.Value[(eq + 1)..];
        }
        return settings;
    }

    private Command Batch(KanCommandOptions defaults, Func<KanCommands> commands)
    {
        var file = Required("JOBFILE", "the job file (JSON: problems x settings x seeds)", "batch needs exactly one job file (got 0)");
        var parallel = IntOption("--parallel", "jobs run at once", defaults.Parallel, 1);
        var resume = new Option<bool>("--resume") { Description = "skip completed results, rerun corrupt ones, continue the rest from their checkpoints" };
        var output = OutOption(defaults.Output);
        var shard = new Option<JobShard?>("--shard")
        {
            Description = "run only share K of N of the jobs (a stable assignment by job id; for any scheduler)",
            HelpName = "K/N",
            CustomParser = r =>
            {
                if (JobShard.TryParse(r.Tokens.Count > 0 ? r.Tokens[0].Value : "", out var s, out string? error)) return s;
                r.AddError(error!);
                return null;
            },
        };
        var slurm = new Option<bool>("--slurm") { Description = "submit the batch to Slurm as a job array (one shard per task) instead of running it here" };
        var sd = defaults.Slurm;
        var tasks = IntOption("--tasks", "with --slurm: array tasks, each running one shard", sd.Tasks, 1);
        var cpus = IntOption("--cpus-per-task", "with --slurm: CPUs of each task", sd.CpusPerTask, 1, "C");
        var time = new Option<string?>("--time")
        {
            Description = "with --slurm: time limit of each task (minutes, HH:MM:SS or D-HH:MM); tasks checkpoint and requeue before it",
            HelpName = "T",
            DefaultValueFactory = _ => string.IsNullOrEmpty(sd.Time) ? null : sd.Time,
            CustomParser = r =>
            {
                string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (SlurmArray.TryParseTime(text, out _)) return text;
                r.AddError($"--time must be a Slurm time limit (minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS), got '{text}'");
                return null;
            },
        };
        var partition = new Option<string?>("--partition") { Description = "with --slurm: the partition", HelpName = "P", DefaultValueFactory = _ => sd.Partition };
        var account = new Option<string?>("--account") { Description = "with --slurm: the account", HelpName = "A", DefaultValueFactory = _ => sd.Account };
        var sbatchArg = new Option<string[]>("--sbatch-arg")
        {
            Description = "with --slurm: a further sbatch option, e.g. --sbatch-arg=--mem=4G; repeat for several",
            HelpName = "ARG",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "with --slurm: write and print the sbatch script, do not submit it" };
        // not an option of batch; named only to say where the settings go
        var set = new Option<string[]>("--set") { Hidden = true, Arity = ArgumentArity.ZeroOrMore, AllowMultipleArgumentsPerToken = false };
        var batch = new Command("batch", "run the jobs of a job file, several at once, or submit them to Slurm")
        {
            file, parallel, resume, output, shard, slurm, tasks, cpus, time, partition, account, sbatchArg, dryRun, set,
        };
        batch.Validators.Add(r =>
        {
            if (r.GetResult(set) is not null) r.AddError("batch takes its settings from the job file, not --set");
            bool isSlurm = r.GetResult(slurm) is not null && r.GetValue(slurm);
            if (isSlurm && r.GetResult(shard) is not null) r.AddError("batch: --shard cannot be given with --slurm (each array task runs one shard)");
            if (!isSlurm)
            {
                Option[] slurmOnly = [tasks, cpus, time, partition, account, sbatchArg, dryRun];
                if (slurmOnly.FirstOrDefault(o => r.GetResult(o) is { Implicit: false }) is { } given)
                    r.AddError($"batch: {given.Name} needs --slurm");
            }
            if (r.GetResult(sbatchArg) is { } extra)
                foreach (var token in extra.Tokens)
                    if (!token.Value.StartsWith('-') || token.Value.Contains('\n'))
                        r.AddError($"batch: --sbatch-arg '{token.Value}' must be one sbatch option starting with '-' (e.g. --sbatch-arg=--mem=4G)");
        });
        batch.SetAction((r, ct) =>
        {
            string jobFile = r.GetRequiredValue(file), outDir = r.GetRequiredValue(output);
            if (!r.GetValue(slurm))
                return commands().BatchAsync(jobFile, r.GetValue(parallel), outDir, r.GetValue(resume), r.GetValue(shard) ?? JobShard.All, ct);
            var options = new SlurmArrayOptions
            {
                Tasks = r.GetValue(tasks), CpusPerTask = r.GetValue(cpus), Parallel = r.GetValue(parallel), Time = r.GetValue(time),
                Partition = NullIfEmpty(r.GetValue(partition)), Account = NullIfEmpty(r.GetValue(account)),
                ExtraArguments = r.GetValue(sbatchArg) ?? [], SignalSeconds = sd.SignalSeconds,
            };
            return Task.FromResult(commands().SubmitSlurm(jobFile, outDir, options, r.GetValue(resume), r.GetValue(dryRun), sd.Command));
        });
        return batch;
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private Command Status(KanCommandOptions defaults, Func<KanCommands> commands)
    {
        var folder = Required("DIR", "a batch's output folder", "status needs one results folder");
        var totals = new Option<bool>("--totals") { Description = "only the totals and the Slurm tasks, not one line per job" };
        var status = new Command("status", "where each job of a batch stands: done, running (where, how long), failed (why), pending; exit 1 while any failed")
        {
            folder, totals,
        };
        status.SetAction(r => commands().Status(r.GetRequiredValue(folder), r.GetValue(totals), TimeSpan.FromSeconds(defaults.LockStaleSeconds)));
        return status;
    }

    private Command Show(Func<KanCommands> commands)
    {
        var file = Required("RESULT", "a result file (.h5)", "show needs one result file");
        var show = new Command("show", "metrics, configuration and formula of a result") { file };
        show.SetAction(r => commands().Show(r.GetRequiredValue(file)));
        return show;
    }

    private Command Plot(Func<KanCommands> commands)
    {
        var file = Required("RESULT", "a result file (.h5)", "plot needs one result file");
        var plot = new Command("plot", "(re)draw a result's figures beside it") { file };
        plot.SetAction(r => commands().Plot(r.GetRequiredValue(file)));
        return plot;
    }

    private Command Report(Func<KanCommands> commands)
    {
        var folder = Required("DIR", "a folder of result files", "report needs one results folder");
        var html = new Option<bool>("--html") { Description = "also write report.html: every result in a sortable table with its figures and, for a sweep, each metric against each swept setting" };
        var report = new Command("report", "summary tables (markdown) of the feynman, special-functions and PDE results in a folder") { folder, html };
        report.SetAction(r => commands().Report(r.GetRequiredValue(folder), r.GetValue(html)));
        return report;
    }

    private Command Discover(KanCommandOptions defaults)
    {
        var data = Required("DATA", "a CSV file with a header row of column names", "discover needs one CSV data file");
        var target = new Option<string>("--target") { Description = "the column to explain [default: the last]", HelpName = "COL" };
        var inputs = new Option<string[]>("--inputs")
        {
            Description = "the input columns, separated by commas [default: all but the target]",
            HelpName = "a,b",
            CustomParser = r => (r.Tokens.Count > 0 ? r.Tokens[0].Value : "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        var widths = new Option<int[]>("--widths")
        {
            Description = "the KAN's layer widths, from the inputs to 1 [default: inputs,5,1]",
            HelpName = "2,5,1",
            CustomParser = r => ParseIntList(r, "--widths", 1, 2),
        };
        var steps = IntOption("--steps", "L-BFGS steps of each stage", 50, 1);
        var seed = IntOption("--seed", "the random seed (data split and network)", 0, 0);
        var output = OutOption(defaults.Output);
        var noLawSearch = new Option<bool>("--no-law-search") { Description = "keep the snapped network's formula; no search for an exact law" };
        var discover = new Command("discover", "fit a KAN to the columns of a CSV file and find the law as a formula")
        {
            data, target, inputs, widths, steps, seed, output, noLawSearch,
        };
        discover.SetAction((r, ct) => Task.FromResult(DiscoverCommand.Run(new DiscoverOptions(r.GetRequiredValue(data))
        {
            // an array option left out reads as an empty array, not null: only a given one replaces the default
            Target = r.GetValue(target), Inputs = r.GetResult(inputs) is null ? null : r.GetValue(inputs),
            Widths = r.GetResult(widths) is null ? null : r.GetValue(widths), Steps = r.GetValue(steps),
            Seed = r.GetValue(seed), OutputDirectory = r.GetRequiredValue(output), LawSearch = !r.GetValue(noLawSearch),
        }, _output, ct)));
        return discover;
    }

    private Command DiscoverPde(KanCommandOptions defaults)
    {
        var data = Required("DATA", "field samples: CSV in long form (a column per coordinate and field) or HDF5 (1-D coordinates, N-D fields)",
            "discover-pde needs one data file (CSV or HDF5)");
        Option<string[]> List(string name, string description, string helpName) => new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r => (r.Tokens.Count > 0 ? r.Tokens[0].Value : "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        var fields = List("--fields", "the fields to find equations for [default: every non-coordinate column or dataset]", "u,v");
        var coords = List("--coords", "the coordinates, in the order of the HDF5 fields' dimensions [default: those of x, y, z, t present]", "x,t");
        var time = new Option<string>("--time") { Description = "the time coordinate [default: t, else the last coordinate]", HelpName = "t" };
        var order = IntOption("--order", "highest spatial derivative in the library", 3, 1);
        var maxPower = IntOption("--max-power", "highest total power of the fields in the library", 2, 0);
        var library = new Option<string[]>("--library")
        {
            Description = "extra library terms: expressions over the fields, derivatives (u_x, u_xx, ...) and coordinates, separated by ';'",
            HelpName = "u^3;sin(x)*u",
            CustomParser = r => (r.Tokens.Count > 0 ? r.Tokens[0].Value : "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        Option<double> NonNegative(string name, string description, string helpName) => new(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = r =>
            {
                string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 && double.IsFinite(v)) return v;
                r.AddError($"option {name} must be a number >= 0, got '{text}'");
                return 0;
            },
        };
        var noise = NonNegative("--noise", "the data's noise as a fraction of the field's standard deviation (0.01: 1 %), to compare the surrogate's held-out error with", "0.01");
        var smoothness = NonNegative("--smoothness", "roughness penalty of the surrogate's splines (for noisy data) [default: 0]", "1e-7");
        var formulation = new Option<string>("--formulation")
        {
            Description = "weak: every term integrated against test functions, derivatives moved onto them by parts (robust to noise and to the surrogate's high-derivative errors); strong: pointwise, PDE-FIND's form [default: weak]",
            HelpName = "weak|strong",
        };
        formulation.AcceptOnlyFromAmong("weak", "strong");
        var weakWidth = NonNegative("--weak-width", "the test functions' half-width as a share of each coordinate's interior range [default: 0, chosen from the noise estimated in the data: 0.1, 0.15 or 0.2]", "0.1");
        var hidden = new Option<int[]>("--hidden") { Description = "hidden widths of the surrogate KAN [default: 12]", HelpName = "12", CustomParser = r => ParseIntList(r, "--hidden", 1, 1) };
        var grids = new Option<int[]>("--grids") { Description = "grid schedule of the surrogate [default: 6,12,24]", HelpName = "6,12,24", CustomParser = r => ParseIntList(r, "--grids", 1, 1) };
        var steps = IntOption("--steps", "L-BFGS steps per grid", 40, 1);
        var seed = IntOption("--seed", "the random seed (splits and network)", 0, 0);
        var output = OutOption(defaults.Output);
        var command = new Command("discover-pde", "find the PDE behind field data: a KAN surrogate's derivatives and sparse regression")
        {
            data, fields, coords, time, order, maxPower, library, noise, smoothness, formulation, weakWidth, hidden, grids, steps, seed, output,
        };
        command.SetAction((r, ct) => Task.FromResult(DiscoverPdeCommand.Run(new DiscoverPdeOptions(r.GetRequiredValue(data))
        {
            Fields = r.GetResult(fields) is null ? null : r.GetValue(fields),
            Coordinates = r.GetResult(coords) is null ? null : r.GetValue(coords),
            Time = r.GetValue(time), Order = r.GetValue(order), MaxPower = r.GetValue(maxPower),
            Library = r.GetResult(library) is null ? [] : r.GetValue(library)!, Noise = r.GetValue(noise), Smoothness = r.GetValue(smoothness),
            Hidden = r.GetResult(hidden) is null ? null : r.GetValue(hidden), Grids = r.GetResult(grids) is null ? null : r.GetValue(grids),
            Steps = r.GetValue(steps), Seed = r.GetValue(seed), OutputDirectory = r.GetRequiredValue(output),
            Weak = r.GetValue(formulation) != "strong", WeakWidth = r.GetValue(weakWidth),
        }, _output, ct)));
        return command;
    }

    private Command KnotInvariants()
    {
        const string needs = "knot-invariants needs an input CSV (name,pd_notation) and --out OUT.csv";
        var input = Required("KNOTS", "a CSV file of knots: name,pd_notation", needs);
        var output = new Option<string>("--out") { Description = "the CSV file of invariants to write", HelpName = "OUT.csv", Required = true };
        _missing[output] = needs;
        var command = new Command("knot-invariants", "invariants of knots given as PD codes") { input, output };
        command.SetAction((r, ct) => Task.FromResult(KnotCommands.Invariants(r.GetRequiredValue(input), r.GetRequiredValue(output), _output, ct)));
        return command;
    }

    private Command KnotGenerate()
    {
        var count = new Argument<int>("COUNT") { Description = "how many distinct knots", CustomParser = r => ParseInt(r, "COUNT", 1) };
        _missing[count] = "knot-generate needs the number of knots: kan knot-generate COUNT";
        var seed = IntOption("--seed", "the random seed", 0, 0);
        var defaultOptions = new KnotGeneratorOptions();
        var strands = new Option<(int Min, int Max)?>("--strands")
        {
            Description = $"the range of braid strands [default: {defaultOptions.MinStrands}-{defaultOptions.MaxStrands}]",
            HelpName = "MIN-MAX",
            CustomParser = r =>
            {
                string text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                var parts = text.Split('-');
                if (parts.Length == 2) return (ParseInt(r, "--strands", 2, parts[0]), ParseInt(r, "--strands", 2, parts[1]));
                r.AddError($"--strands must look like 2-6, got '{text}'");
                return null;
            },
        };
        var output = new Option<string>("--out") { Description = "write the knots and their invariants to this CSV file", HelpName = "OUT.csv" };
        var command = new Command("knot-generate", "distinct random knots from braid words, with their invariants") { count, seed, strands, output };
        command.SetAction((r, ct) =>
        {
            var options = r.GetValue(strands) is var (min, max) ? defaultOptions with { MinStrands = min, MaxStrands = max } : defaultOptions;
            return Task.FromResult(KnotCommands.Generate(r.GetValue(count), r.GetValue(seed), options, r.GetValue(output), _output, ct));
        });
        return command;
    }

    private Command Toy()
    {
        var steps = IntOption("--steps", "L-BFGS steps per grid", 50, 1);
        var seed = IntOption("--seed", "the random seed", 0, 0);
        var grids = new Option<int[]>("--grids")
        {
            Description = "the grid schedule [default: 5,10,20]",
            HelpName = "5,10,20",
            CustomParser = r => ParseIntList(r, "--grids", 1, 1),
        };
        var output = OutOption("results", "folder of the saved network (toy.kan)");
        var toy = new Command("toy", "a quick toy fit that saves a .kan network") { steps, seed, grids, output };
        toy.SetAction((r, ct) => Task.FromResult(
            ToyFit.Run(new ToyFitOptions(r.GetValue(steps), r.GetValue(seed), r.GetValue(grids) ?? [5, 10, 20], r.GetRequiredValue(output)), _output, ct)));
        return toy;
    }
}
