using System.Globalization;
using Kan.Physics.Problems.Modules;
using Kan.Physics.Runs.Hosting;
using Kan.Physics.Runs.Plotting;
using Kan.Physics.Runs.Results;
using Microsoft.Extensions.DependencyInjection;

namespace Kan.Physics.Problems.Cli;

/// <summary>
/// The commands of <c>kan</c> that use the host (problem registry, batch runner); <see cref="KanCommandLine"/> parses
/// their arguments. Each returns its exit code (0 ok, 1 a job failed, 130 cancelled); bad input throws <see cref="UsageException"/>.
/// </summary>
internal sealed class KanCommands(IServiceProvider services, TextWriter output)
{
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

    public async Task<int> RunAsync(string problemName, IReadOnlyDictionary<string, string> sets, int seed, string outDir, bool resume,
        CancellationToken ct)
    {
        var problem = Find(problemName);
        Validate(problem, sets);
        var job = JobFile.Single(problem.Name, seed, sets);
        return await RunJobsAsync([job], outDir, 1, resume, ct);
    }

    public async Task<int> BatchAsync(string jobFile, int parallel, string outDir, bool resume, CancellationToken ct)
    {
        IReadOnlyList<JobSpec> jobs;
        try { jobs = JobFile.Load(jobFile, Registry); }
        catch (JobFileException e) { throw new UsageException(e.Message, e); }
        catch (FileNotFoundException) { throw new UsageException($"job file '{jobFile}' does not exist"); }
        return await RunJobsAsync(jobs, outDir, parallel, resume, ct);
    }

    public int Show(string path)
    {
        var doc = ReadResult(path);
        output.WriteLine($"{path}: problem {doc.Problem}, seed {doc.Seed}, status {doc.Status}, {doc.WallSeconds:F1} s, " +
                         $"created {doc.CreatedUtc:u}, Kan.Physics {doc.KanPhysicsVersion}");
        output.WriteLine("metrics:");
        foreach (var (k, v) in doc.Metrics) output.WriteLine($"  {k,-20} {v.ToString("G6", CultureInfo.InvariantCulture)}");
        if (doc.Notes.Count > 0)
        {
            output.WriteLine("notes:");
            foreach (var (k, v) in doc.Notes) output.WriteLine($"  {k,-20} {v}");
        }
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

    public int Plot(string path)
    {
        var doc = ReadResult(path);
        foreach (string figure in ResultFigures.Draw(doc, path)) output.WriteLine(figure);
        return 0;
    }

    public int Report(string folder)
    {
        if (!Directory.Exists(folder)) throw new UsageException($"results folder '{folder}' does not exist");
        output.WriteLine(SpecialFunctionsReport.Write(folder));
        output.WriteLine(FeynmanReport.Write(folder));
        output.WriteLine(PdeReport.Write(folder));
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
        {
            output.WriteLine($"result: {j.ResultPath}");
            if (j.Notes.TryGetValue("stop_reason", out string? reason))
                output.WriteLine(j.Notes.TryGetValue("stop_hint", out string? hint) ? $"stop: {reason}: {hint}" : $"stop: {reason}");
        }
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
