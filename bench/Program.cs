using Kan.Physics.Bench;

// Benchmarks, not tests: medians over repeated runs, printed as one JSON object.
//   dotnet run --project bench -c Release -- throughput --json
//   dotnet run --project bench -c Release -- toy-fit --json
//   dotnet run --project bench -c Release -- pde-eval [PROBLEM] --json
//   dotnet run --project bench -c Release -- eigen --json
//   dotnet run --project bench -c Release -- small-fit --json
//   dotnet run --project bench -c Release -- batch-folder [--jobs 1000,10000,50000] [--dir PATH] --json
string? Value(string option) => args.SkipWhile(a => a != option).Skip(1).FirstOrDefault();
string command = args.FirstOrDefault(a => !a.StartsWith("--")) ?? "";
bool json = args.Contains("--json");
try
{
    object result = command switch
    {
        "throughput" => ThroughputBenchmark.Run(),
        "toy-fit" => ToyFitBenchmark.Run(),
        "eigen" => AndersonBench.Run(),
        "small-fit" => SmallFitBenchmark.Run(),
        "batch-folder" => BatchFolderBenchmark.Run(
            (Value("--jobs") ?? "1000,10000,50000").Split(',').Select(t => int.TryParse(t, out int n) && n > 0 ? n
                : throw new ArgumentException($"--jobs takes positive integers separated by commas, got '{t}'")).ToList(),
            Value("--dir")),
        "pde-eval" => PdeEvalBenchmark.Run(args.SkipWhile(a => a != "pde-eval").Skip(1).FirstOrDefault(a => !a.StartsWith("--")) ?? "poisson2d"),
        _ => throw new ArgumentException($"Unknown benchmark '{command}'. Use: throughput | toy-fit | pde-eval [PROBLEM] | eigen | small-fit | batch-folder [--jobs N,N] [--dir PATH] [--json]"),
    };
    Console.WriteLine(BenchReport.Format(result, json));
    return 0;
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
