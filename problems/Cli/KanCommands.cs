using System.Globalization;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Kan.Physics.Problems.Cli;

/// <summary>The subcommands of <c>kan</c>; each returns its exit code (0 ok, 1 a job failed, 2 bad input, 130 cancelled).</summary>
internal sealed class KanCommands(IServiceProvider services, KanCommandOptions defaults, TextWriter output)
{
    public const string Usage = """
        usage: kan list                                   the problem modules
               kan run PROBLEM [--set key=value ...] [--seed N] [--out DIR] [--resume]
               kan batch JOBFILE [--parallel N] [--resume] [--out DIR]
               kan show RESULT.h5                         metrics, configuration and formula of a result
               kan plot RESULT.h5                         (re)draw a result's figures beside it
               kan report DIR                             summary tables (markdown) of the benchmark results in DIR
               kan discover DATA.csv [--target COL] [--inputs a,b] [--widths 2,5,1] [--seed N] [--out DIR]
               kan knot-invariants KNOTS.csv --out OUT.csv   invariants of knots given as PD codes (name,pd_notation)
               kan knot-generate COUNT [--seed N] ...          distinct random knots from braid words, with invariants
               kan toy [--steps N] [--seed N] [--grids 5,10,20] [--out DIR]   quick toy fit (saves a .kan network)
        """;

    private ProblemRegistry Registry => services.GetRequiredService<ProblemRegistry>();

    public int List()
    {
        foreach (var p in Registry.All)
        {
            output.WriteLine($"{p.Name,-16} {p.Description}");
            foreach (var s in p.Settings)
                output.WriteLine($"    {$"{s.Key}={s.DefaultValue}",-28} {s.Description}{(s.Accepts == "text" ? "" : $" [{s.Accepts}]")}");
        }
        return 0;
    }

    public async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var c = CommandLine.Parse("run", args, ["--seed", "--out"], ["--resume"]);
        if (c.Positional.Count != 1) throw new UsageException($"run needs exactly one problem name (got {c.Positional.Count}); see 'kan list'");
        var problem = Find(c.Positional[0]);
        int seed = c.Int("--seed", 0);
        Validate(problem, c.Sets);
        var job = JobFile.Single(problem.Name, seed, c.Sets);
        return await RunJobsAsync([job], c.Value("--out") ?? defaults.Output, 1, c.Has("--resume"), ct);
    }

    public async Task<int> BatchAsync(string[] args, CancellationToken ct)
    {
        var c = CommandLine.Parse("batch", args, ["--parallel", "--out"], ["--resume"]);
        if (c.Sets.Count > 0) throw new UsageException("batch takes its settings from the job file, not --set");
        if (c.Positional.Count != 1) throw new UsageException($"batch needs exactly one job file (got {c.Positional.Count})");
        IReadOnlyList<JobSpec> jobs;
        try { jobs = JobFile.Load(c.Positional[0], Registry); }
        catch (JobFileException e) { throw new UsageException(e.Message, e); }
        catch (FileNotFoundException) { throw new UsageException($"job file '{c.Positional[0]}' does not exist"); }
        int parallel = c.Int("--parallel", defaults.Parallel, min: 1);
        return await RunJobsAsync(jobs, c.Value("--out") ?? defaults.Output, parallel, c.Has("--resume"), ct);
    }

    public int Show(string[] args)
    {
        var c = CommandLine.Parse("show", args, [], []);
        if (c.Positional.Count != 1) throw new UsageException("show needs one result file");
        var doc = ReadResult(c.Positional[0]);
        output.WriteLine($"{c.Positional[0]}: problem {doc.Problem}, seed {doc.Seed}, status {doc.Status}, {doc.WallSeconds:F1} s, " +
                         $"created {doc.CreatedUtc:u}, Kan.Physics {doc.KanPhysicsVersion}");
        output.WriteLine("metrics:");
        foreach (var (k, v) in doc.Metrics) output.WriteLine($"  {k,-20} {v.ToString("G6", CultureInfo.InvariantCulture)}");
        if (doc.Training.Count > 0)
            output.WriteLine($"training: {doc.Training.First().Value.Length} rows; columns {string.Join(", ", doc.Training.Keys)}");
        if (doc.Model is { } m) output.WriteLine($"model: KAN [{string.Join(",", m.Widths)}], grid {m.Layers[0].GridSize}, {m.ParameterCount} parameters");
        if (doc.Solution is { } s) output.WriteLine($"solution: {s.PointCount} points over ({string.Join(", ", s.CoordinateNames)}){(s.GridShape is { } g ? $", mesh {string.Join("x", g)}" : "")}");
        if (doc.Formula is { } f)
        {
            output.WriteLine($"formula: {f.Text}");
            output.WriteLine($"latex:   {f.Latex}");
            if (f.Rmse is { } r) output.WriteLine($"formula RMSE: {r:E3}");
        }
        output.WriteLine($"config: {doc.ConfigJson}");
        return 0;
    }

    public int Plot(string[] args)
    {
        var c = CommandLine.Parse("plot", args, [], []);
        if (c.Positional.Count != 1) throw new UsageException("plot needs one result file");
        var doc = ReadResult(c.Positional[0]);
        foreach (string path in ResultFigures.Draw(doc, c.Positional[0])) output.WriteLine(path);
        return 0;
    }

    public int Report(string[] args)
    {
        var c = CommandLine.Parse("report", args, [], []);
        if (c.Positional.Count != 1) throw new UsageException("report needs one results folder");
        if (!Directory.Exists(c.Positional[0])) throw new UsageException($"results folder '{c.Positional[0]}' does not exist");
        output.WriteLine(SpecialFunctionsReport.Write(c.Positional[0]));
        output.WriteLine(FeynmanReport.Write(c.Positional[0]));
        return 0;
    }

    public int KnotInvariants(string[] args, CancellationToken ct)
    {
        var c = CommandLine.Parse("knot-invariants", args, ["--out"], []);
        if (c.Positional.Count != 1 || c.Value("--out") is not { } outPath)
            throw new UsageException("knot-invariants needs an input CSV (name,pd_notation) and --out OUT.csv");
        if (!File.Exists(c.Positional[0])) throw new UsageException($"knot file '{c.Positional[0]}' does not exist");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int count;
        try { count = Knots.KnotInvariantsCsv.Run(c.Positional[0], outPath, ct); }
        catch (InvalidDataException e) { throw new UsageException(e.Message, e); }
        catch (OperationCanceledException) { Console.Error.WriteLine("kan: cancelled; no output written"); return 130; }
        output.WriteLine($"{count} knots -> {outPath} ({clock.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    private async Task<int> RunJobsAsync(IReadOnlyList<JobSpec> jobs, string outDir, int parallel, bool resume, CancellationToken ct)
    {
        try { OutputDirectory.Prepare(outDir); }
        catch (IOException e) { throw new UsageException(e.Message, e); }
        var runner = services.GetRequiredService<BatchRunner>();
        var summary = await runner.RunAsync(jobs, new BatchOptions { OutputDirectory = outDir, Parallel = parallel, Resume = resume }, ct);
        output.WriteLine();
        summary.WriteTable(output);
        foreach (var j in summary.Jobs.Where(j => j.Status == JobStatus.Completed))
            output.WriteLine($"result: {j.ResultPath}");
        return summary.ExitCode;
    }

    private IProblem Find(string name)
    {
        try { return Registry.Get(name); }
        catch (ArgumentException e) { throw new UsageException(e.Message, e); }
    }

    private static void Validate(IProblem problem, IReadOnlyDictionary<string, string> settings)
    {
        try
        {
            var s = new ProblemSettings(problem.Name, problem.Settings, settings);
            // build PDE setups now, so a bad value is an input error before any training starts
            if (problem is IPdeModule pde) pde.Build(s, 0);
        }
        catch (ProblemSettingException e) { throw new UsageException(e.Message, e); }
    }

    private static ResultDocument ReadResult(string path)
    {
        try { return ResultFile.Read(path); }
        catch (FileNotFoundException) { throw new UsageException($"result file '{path}' does not exist"); }
        catch (ResultFileException e) { throw new UsageException(e.Message, e); }
    }
}
